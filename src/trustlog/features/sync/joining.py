"""A `sync join` that fails leaves the journal as it was.

Joining adopts the folder's owner and key, takes a new device id, marks every
row to go out, then leaves the identity and syncs: several steps, each its own
transaction.  What could refuse is checked before the first (the identity, the
envelope, links in the folder); should a later step still fail (a full disk, a
folder gone), the journal's own record is put back: its meta (owner, key,
device, last batch sent), what it took from each device, and its public key
file.  Rows marked to go out stay marked: that only sends them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from trustlog.journal import Journal


@contextmanager
def undone_on_failure(journal: Journal) -> Iterator[None]:
    from trustlog.journal.keys import pub_path, write_public

    conn = journal.conn
    meta = conn.execute("SELECT key, value FROM meta").fetchall()
    taken = conn.execute("SELECT device, seq, taken_at FROM sync_taken").fetchall()
    pub = pub_path(journal.path)
    key = pub.read_bytes() if pub.exists() else None
    try:
        yield
    except BaseException:
        with journal.writing() as write:
            write.execute("DELETE FROM meta")
            write.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta)
            write.execute("DELETE FROM sync_taken")
            write.executemany(
                "INSERT INTO sync_taken (device, seq, taken_at) VALUES (?, ?, ?)", taken
            )
        if key is None:
            pub.unlink(missing_ok=True)
        else:
            write_public(journal.path, key.decode().strip())
        raise

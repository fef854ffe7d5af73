"""Every journal's own age key pair: how a capture is saved while the journal is locked.

The secret half lives INSIDE the journal (the `meta` table), so it is as safe
as the journal itself and travels with every backup; the public half sits
beside it in `<journal>.pub` so a locked capture, or another machine syncing,
can seal an entry for this journal without any passphrase. The `.pub` file is
0600 like every file trustlog writes: it is not secret, but its presence says
where a journal lives, and the owner is the only one who needs it.
Older journals get their pair on their next write.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trustlog.journal.door import Journal

SECRET = "age_secret_key"
PUBLIC = "age_public_key"
PUB_SUFFIX = ".pub"


def pub_path(journal_path: Path) -> Path:
    return journal_path.with_name(journal_path.name + PUB_SUFFIX)


def journal_keys(journal: Journal) -> tuple[str, str]:
    """(secret `AGE-SECRET-KEY-1…`, public `age1…`), made inside one write when missing."""
    found = _stored(journal)
    if found is None:
        from trustlog.journal.inbox import new_identity

        secret, public = new_identity()
        with journal.writing() as conn:
            # OR IGNORE: a writer racing us keeps its pair; we read back whichever won.
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?), (?, ?)",
                (SECRET, secret, PUBLIC, public),
            )
        found = _stored(journal)
        assert found is not None
    if journal.exists and public_key(journal.path) != found[1]:
        write_public(journal.path, found[1])
    return found


def has_keys(journal: Journal) -> bool:
    """A cheap check on every write: does this journal have its pair yet?"""
    return _stored(journal) is not None


def public_key(journal_path: Path) -> str | None:
    """The public key beside the journal (`<journal>.pub`), read without SQL; None when absent."""
    try:
        text = pub_path(journal_path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if text.startswith("age1") and "\n" not in text else None


def write_public(journal_path: Path, public: str) -> None:
    """Write `<journal>.pub` (0600) atomically: a reader sees the old key or the new one."""
    target = pub_path(journal_path)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (public + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, target)


def _stored(journal: Journal) -> tuple[str, str] | None:
    rows = dict(
        journal.conn.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?)", (SECRET, PUBLIC)
        ).fetchall()
    )
    if SECRET in rows and PUBLIC in rows:
        return rows[SECRET], rows[PUBLIC]
    return None

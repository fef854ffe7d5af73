"""What the door checks about the journal's path before SQLite ever sees it.

Only `stat`, `access` and a 100-byte read: a device or FIFO named as the journal
is refused before it is opened (SQLite would chmod or block on it), a journal
someone else owns is refused (they could read every new note), one that others
can read is reported, and a file or folder that cannot be written is said
plainly instead of surfacing as an SQLite error halfway through a command.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import sys
from pathlib import Path

from trustlog.app.errors import TrustlogError
from trustlog.journal import damage, private


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None  # not there yet: creating it says what is in the way
    except OSError as error:
        if error.errno in private.DENIED:
            raise TrustlogError(
                f"trustlog is not allowed into the folder {path.parent} (permission denied), "
                "so it cannot reach the journal there. Nothing was changed."
            ) from None
        if error.errno == errno.ENAMETOOLONG:
            raise TrustlogError(f"The journal's file name is too long: {path}.") from None
        raise TrustlogError(f"Could not reach {path}: {error.strerror}.") from None


def check_path(path: Path) -> bool:
    """Refuse a path that is not a regular file or not ours; True when a journal file is there."""
    info = _stat(path)
    if info is None:
        return False
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device or pipe)"
        raise TrustlogError(
            f"{path} is {kind}, so trustlog will not use it as a journal and left it as it is. "
            "Set TRUSTLOG_DB or --db to a file."
        )
    if private.owned_by_someone_else(path):
        raise TrustlogError(
            f"{path} belongs to another user of this machine, so trustlog will not use it: "
            "they could read every note written into it. Use a journal of your own "
            "(--db or TRUSTLOG_DB)."
        )
    return True


def report_exposure(path: Path) -> None:
    """One line on stderr when others can read or change an opened journal (or its folder).

    Two `stat`s decide; the wording is looked up only when there is something to say.
    """
    try:
        file_mode, folder_mode = os.stat(path).st_mode, os.stat(path.parent).st_mode
    except OSError:
        return
    if not file_mode & private.OTHERS and not folder_mode & 0o022:
        return
    lines = private.exposure(path, listed=False)
    if lines:
        print(f"trustlog: {lines[0]}", file=sys.stderr)


def writable(path: Path) -> bool:
    """A journal can be written only when the file and its folder (for the WAL) can be."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def check_write(path: Path, exists: bool) -> None:
    """Before a write: a damaged journal or one on read-only ground is refused, unchanged."""
    if not exists:
        return
    damage.refuse_if_damaged(path, not_sqlite_ok=True)  # the door names a non-SQLite file
    if writable(path):
        return
    where = path if not os.access(path, os.W_OK) else path.parent
    raise TrustlogError(
        f"{where} is read-only (it cannot be written here), so nothing was saved. "
        "Commands that only read (balance, log, report, export) still work."
    )


def connect_file(path: Path, read_only: bool, timeout: float) -> sqlite3.Connection:
    """A connection; read-only when the file or its folder cannot be written.

    `mode=ro` still needs the WAL's shared-memory file; where even that cannot be
    made (a read-only folder or medium), `immutable=1` reads the file as it is.
    """
    if not read_only:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        # SQLite's temporary files (a statement journal past 64 KiB, a VACUUM's copy,
        # a big sort) stay in memory, as a locked journal's do: on disk, in /var/tmp,
        # they held notes in clear (found for import, then for merge and purge).
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn
    from urllib.parse import quote

    base = f"file:{quote(str(path.absolute()))}"
    conn = sqlite3.connect(f"{base}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(f"{base}?immutable=1", uri=True, isolation_level=None)


def disk_full(path: Path, error: sqlite3.Error) -> bool:
    """SQLite says "disk is full", or an I/O error where the disk has no room left."""
    text = str(error)
    if "full" in text:
        return True
    if "disk I/O error" not in text:
        return False
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False

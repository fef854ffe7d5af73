"""Another journal, opened read-only: merge and compare never change it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from trustlog.app.errors import NotATrustlogJournal, TrustlogError
from trustlog.journal.door import BUSY_TIMEOUT_SECONDS, Journal
from trustlog.journal.private import SQLITE_HEADER, read_header
from trustlog.journal.schema import APPLICATION_ID, SCHEMA_VERSION

if TYPE_CHECKING:
    from trustlog.app.clock import Clock


def open_other(path: Path, clock: Clock, key: bytes | None = None) -> sqlite3.Connection:
    """Open another journal read-only: merge and compare never change it.

    An older journal is copied into memory and upgraded there, so it can be
    read without writing a byte to the file.  A locked copy (a backup of a
    locked journal) opens with this journal's `key`.
    """
    if not path.is_file():
        raise TrustlogError(f"There is no journal at {path}.")
    if key is not None and _locked(path):
        return _open_locked_copy(path, key)
    if read_header(path) != SQLITE_HEADER:
        raise NotATrustlogJournal(f"{path} is not a trustlog journal (not an SQLite database).")
    # With no -wal file beside it, nobody has the journal open and the file
    # holds all of it: `immutable=1` reads it without creating -wal/-shm side
    # files in the other folder.  With a -wal, `mode=ro` reads that too.
    quiet = not Path(f"{path}-wal").exists()
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if quiet else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise TrustlogError(f"Could not open {path} ({error}).") from None
    version = _checked_version(conn, path)
    if version < SCHEMA_VERSION:
        memory = sqlite3.connect(":memory:", isolation_level=None)
        conn.backup(memory)
        conn.close()
        Journal(path, memory, clock)._migrate("me")
        conn = memory
    return conn


def _checked_version(conn: sqlite3.Connection, path: Path) -> int:
    """The other journal's schema version; closes it and refuses anything not ours or newer."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        conn.close()
        raise NotATrustlogJournal(
            f"{path} could not be read as a trustlog journal ({error})."
        ) from None
    if app_id != APPLICATION_ID:
        conn.close()
        raise NotATrustlogJournal(f"{path} is an SQLite database, but not a trustlog journal.")
    if version > SCHEMA_VERSION:
        conn.close()
        raise TrustlogError(f"{path} was written by a newer trustlog; please upgrade trustlog.")
    return version


def _locked(path: Path) -> bool:
    from trustlog.journal.locked import is_encrypted

    return is_encrypted(path)


def _open_locked_copy(path: Path, key: bytes) -> sqlite3.Connection:
    """A locked copy of this journal, read-only; one with another passphrase is refused."""
    from trustlog.journal import cipher

    try:
        conn = cipher.connect(path, key, readonly=True)
    except TrustlogError:
        raise TrustlogError(
            f"{path} is locked with another passphrase; decrypt a copy of it first."
        ) from None
    conn.isolation_level = None
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID or (
        version != SCHEMA_VERSION
    ):
        conn.close()
        raise TrustlogError(f"{path} is locked and from another trustlog; decrypt a copy first.")
    return conn

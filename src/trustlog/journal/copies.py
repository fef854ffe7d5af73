"""A consistent copy of an open journal (backup): locked journals stay locked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trustlog.app.errors import TrustlogError


def consistent_copy(
    source: sqlite3.Connection, path: Path, locked_like: tuple[Path, bytes] | None
) -> None:
    if locked_like is None:
        copy = sqlite3.connect(path, isolation_level=None)
    else:
        from trustlog.journal import cipher

        journal_path, key = locked_like
        copy = cipher.keyed_new(path, key, cipher.read_salt(journal_path))
    try:
        # One step copies every page under one read lock: a consistent
        # snapshot even while another trustlog is writing.
        source.backup(copy)
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    except _DB_ERRORS + _cipher_errors(locked_like) as error:
        if "full" in str(error):
            raise TrustlogError("The disk is full, so the backup was not written.") from None
        raise TrustlogError(f"The backup could not be written ({error}).") from None
    finally:
        copy.close()
    if result != "ok":
        raise TrustlogError("The backup copy failed its integrity check, so it was removed.")


_DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)


def _cipher_errors(locked_like: object) -> tuple[type[Exception], ...]:
    if locked_like is None:
        return ()
    from sqlcipher3 import dbapi2

    return (dbapi2.Error,)

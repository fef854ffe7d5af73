"""What the door says when it will not open a file: words written for the user.

Every refusal says what was found and that the file was left untouched.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trustlog.app.errors import NotATrustlogJournal, TrustlogError
from trustlog.journal import guard


def backup_hint(path: Path) -> str:
    return (
        f"{path} was left untouched. If it should be your journal, keep a copy "
        "(cp it, or `trustlog backup` once it opens) before trying anything else."
    )


def foreign(path: Path, conn: sqlite3.Connection | None = None) -> NotATrustlogJournal:
    from trustlog.journal.upkeep import looks_like_trustlog

    if conn is not None and looks_like_trustlog(conn):
        return NotATrustlogJournal(
            f"{path} holds a trustlog journal's tables but lost the marks that say so "
            "(a restored `.dump`?). If it is your journal, `trustlog doctor --adopt "
            f"{path}` makes it a trustlog journal again. " + backup_hint(path)
        )
    return NotATrustlogJournal(
        f"{path} is an SQLite database of another program, not a trustlog journal. "
        + backup_hint(path)
    )


def open_failure(path: Path, error: BaseException) -> TrustlogError | None:
    """What a failure while opening means to the user; None to let it through as it is."""
    if isinstance(error, sqlite3.OperationalError) and guard.disk_full(path, error):
        return TrustlogError(
            f"The disk is full, so {path} could not be opened; nothing was changed."
        )
    if isinstance(error, sqlite3.OperationalError):
        # Permissions, a read-only disk, a lock held too long: not the file's fault.
        return TrustlogError(
            f"Could not open {path} ({error}); check that you may read and write it "
            "and its folder. Nothing was changed."
        )
    if isinstance(error, sqlite3.DatabaseError):
        return NotATrustlogJournal(
            f"{path} could not be read as a trustlog journal ({error}). " + backup_hint(path)
        )
    return None

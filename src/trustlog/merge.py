"""Copies of one journal: merge a copy from another machine, and make a backup.

A merge unites two copies of *the same person's* journal by uuid.  Two
partners keep two journals that log the same moments from each side, so
adding one to the other would count every moment twice; that is what
`trustlog compare` is for, and a journal of another owner is refused.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from trustlog.errors import TrustlogError
from trustlog.state import State
from trustlog.store import exchange as sql
from trustlog.store import same_file
from trustlog.store.unite import BULK, United, unite


def merge(state: State, other_path: Path) -> United:
    """Add to this journal what only the other copy has; the other file is only read."""
    if same_file(other_path, state.journal_path):
        raise TrustlogError(f"{other_path} is this journal itself; there is nothing to merge.")
    other = sql.open_other(other_path)
    try:
        journal = state.readable_journal()
        if journal is None:
            raise TrustlogError(
                f"There is no journal at {state.journal_path} yet to merge into; "
                f"to carry on with the copy, use it as your journal (--db {other_path})."
            )
        try:
            mine, theirs = journal.owner(), sql.owner(other)
            if mine.get("owner_uuid") != theirs.get("owner_uuid"):
                raise TrustlogError(
                    f"{other_path} is another person's journal, so it was not merged "
                    "(that would count shared moments twice); to see both sides together, "
                    f"run `trustlog compare {other_path}`."
                )
            many = other.execute("SELECT count(*) FROM entries").fetchone()[0] >= BULK
            with journal.writing() as conn:
                return unite(
                    conn,
                    sql.injuries(other),
                    sql.promises(other),
                    sql.entries(other),
                    sql.checkins(other),
                    bulk=many,
                )
        finally:
            journal.close()
    finally:
        other.close()


def summary(united: United, other_path: Path) -> str:
    """`Merged laptop.db: added 12 entries, 1 repair step …`, or that nothing was new."""
    added = added_parts(united)
    changed = [
        counted(united.deleted, "entry deleted", "entries deleted"),
        counted(united.restored, "entry restored", "entries restored"),
        counted(united.changed, "entry edited", "entries edited"),
        counted(united.dropped, "promise dropped", "promises dropped"),
        counted(united.superseded, "double resolution set aside", "double resolutions set aside"),
    ]
    added_text = ", ".join(part for part in added if part)
    changed_text = ", ".join(part for part in changed if part)
    if not added_text and not changed_text:
        return f"Nothing new in {other_path}: this journal already holds all of it."
    text = f"Merged {other_path}: "
    text += f"added {added_text}" if added_text else "nothing to add"
    if changed_text:
        text += f"; {changed_text} as on the other copy"
    return text + "."


def counted(number: int, one: str, many: str) -> str:
    return "" if number == 0 else f"{number} {one if number == 1 else many}"


def added_parts(united: United) -> list[str]:
    """What came in, for the summaries of merge and import: `3 entries`, `1 promise`, …"""
    return [
        counted(united.entries, "entry", "entries"),
        counted(united.repair_steps, "repair step", "repair steps"),
        counted(united.promises, "promise", "promises"),
        counted(united.injuries, "injury", "injuries"),
        counted(united.checkins, "check-in", "check-ins"),
    ]


# -- backup ----------------------------------------------------------------------


def backup(state: State, target: str | None, now: datetime | None = None) -> Path:
    """A consistent copy (the SQLite backup API), 0600, checked before it is trusted."""
    journal = state.readable_journal()
    if journal is None:
        raise TrustlogError(
            f"There is no journal at {state.journal_path} yet, so there is nothing to back up."
        )
    stamp = f"trustlog-{(now or datetime.now()):%Y%m%d-%H%M%S}.db"
    if target is None:
        path = state.journal_path.parent / stamp
    else:
        path = Path(target).expanduser()
        if path.is_dir():
            path = path / stamp
    try:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise TrustlogError(f"{path} already exists; it was left as it is.") from None
        except OSError as error:
            raise TrustlogError(f"Could not create {path}: {error.strerror}.") from None
        os.close(fd)
        try:
            _copy(journal.conn, path)
        except BaseException:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            raise
    finally:
        journal.close()
    return path


def _copy(source: sqlite3.Connection, path: Path) -> None:
    copy = sqlite3.connect(path, isolation_level=None)
    try:
        # One step copies every page under one read lock: a consistent
        # snapshot even while another trustlog is writing.
        source.backup(copy)
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as error:
        raise TrustlogError(f"The backup could not be written ({error}).") from None
    finally:
        copy.close()
    if result != "ok":
        raise TrustlogError("The backup copy failed its integrity check, so it was removed.")

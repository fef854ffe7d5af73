"""SQL for the entries themselves: the log, undo, delete and restore, edit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from trustlog.app.errors import TrustlogError
from trustlog.core.models import Entry
from trustlog.journal import Journal
from trustlog.journal.schema import ENTRY_COLUMNS, entry_from_row


class LogFilter(NamedTuple):
    """What `log` shows: each field narrows it; None lets everything through."""

    since: date | None = None
    until: date | None = None
    kind: str | None = None
    tag: str | None = None
    by: str | None = None
    limit: int | None = None
    deleted: bool = False


def log(journal: Journal, where: LogFilter) -> list[Entry]:
    return [entry for batch in log_batches(journal, where) for entry in batch]


def log_batches(journal: Journal, where: LogFilter, size: int = 2000) -> Iterator[list[Entry]]:
    """The entries newest first, a batch at a time: `log` of a million entries
    piped to a file holds one batch, not the journal."""
    clauses: list[str] = ["deleted_at IS NOT NULL" if where.deleted else "deleted_at IS NULL"]
    params: list[str] = []
    if where.since:
        clauses.append("day >= ?")
        params.append(where.since.isoformat())
    if where.until:
        clauses.append("day <= ?")
        params.append(where.until.isoformat())
    if where.kind:
        clauses.append("kind = ?")
        params.append(where.kind)
    if where.by:
        clauses.append("by = ?")
        params.append(where.by)
    if where.tag:
        clauses.append("instr(' ' || tags || ' ', ?) > 0")
        params.append(f" {where.tag} ")
    sql = (
        f"SELECT {ENTRY_COLUMNS} FROM entries WHERE {' AND '.join(clauses)} "
        "ORDER BY day DESC, recorded_at DESC, id DESC"
    )
    if where.limit is not None:
        sql += f" LIMIT {int(where.limit)}"
    cursor = journal.conn.execute(sql, params)
    while rows := cursor.fetchmany(size):
        yield [entry_from_row(row) for row in rows]


class UndoneTogether(NamedTuple):
    """Several entries one command saved at one moment, taken back together."""

    entry: Entry
    entries: int


class UndoneCheckin(NamedTuple):
    """A whole check-in taken back: its day, how many entries it had saved, and
    whether the day is open again (no other check-in of it is left)."""

    day: date
    entries: int
    day_open: bool = True


def _undo_checkin(
    conn: sqlite3.Connection, journal: Journal, newest_entry: str | None
) -> UndoneCheckin | None:
    """Take back the newest check-in when nothing was recorded after it.

    A check-in's entries share its `recorded_at` (it was one transaction), so
    they go together; the check-in itself goes too (leaving its tombstone), so the
    day is open again.
    """
    checkin = conn.execute(
        # The newest by insertion (the wall clock can be set back): one rowid look-up.
        "SELECT id, day, recorded_at, uuid FROM checkins WHERE id = (SELECT max(id) FROM checkins)"
    ).fetchone()
    if checkin is None or (newest_entry is not None and checkin[2] < newest_entry):
        return None
    moment = journal.stamp()
    taken = conn.execute(
        # By its moment alone: the days it marked missed are dated on those days, not
        # on the check-in's (a review found them left behind by `undo`).
        "UPDATE entries SET deleted_at = ?, changed_at = ? "
        "WHERE recorded_at = ? AND deleted_at IS NULL",  # entries_recorded
        (moment, moment, checkin[2]),
    ).rowcount
    conn.execute("DELETE FROM checkins WHERE id = ?", (checkin[0],))
    # Its tombstone goes out with the next sync, and keeps a copy that still holds the
    # check-in (another device, a merged file) from bringing it back.
    conn.execute("INSERT OR IGNORE INTO tombstones (uuid, deleted) VALUES (?, ?)",
                 (checkin[3], moment))  # fmt: skip
    other = conn.execute("SELECT 1 FROM checkins WHERE day = ? LIMIT 1", (checkin[1],)).fetchone()
    return UndoneCheckin(date.fromisoformat(checkin[1]), taken, other is None)


def undo(journal: Journal) -> Entry | UndoneCheckin | UndoneTogether:
    """Soft-delete the most recently recorded entry (or check-in), deciding inside the write lock.

    "Most recently recorded" is insertion order (the row id), not the wall
    clock: a clock set back between two captures must not make undo take the
    older one.  When the last thing done was a promise (which has no entry),
    an edit or a restore, undo refuses rather than reach back to an older,
    unrelated entry; those live in other rows, so that comparison still reads
    their timestamps.
    """
    with journal.writing() as conn:
        row = conn.execute(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        _refuse_what_came_after(conn, None if row is None else row[10])
        whole = _undo_checkin(conn, journal, None if row is None else row[10])
        if whole is not None:
            return whole
        if row is None:
            raise _nothing_to_undo(conn)
        taken = _take_back_moment(conn, journal, row)
    entry = journal.entry(row[0])
    return entry if taken <= 1 else UndoneTogether(entry, taken)


def _refuse_what_came_after(conn: sqlite3.Connection, newest: str | None) -> None:
    """A promise made, or an entry edited or restored, after the newest entry: undo
    cannot take those back, and must not reach past them to an older entry."""
    promise = conn.execute(
        "SELECT id, recorded_at FROM promises WHERE dropped_on IS NULL "
        "ORDER BY recorded_at DESC LIMIT 1"
    ).fetchone()
    if promise is not None and (newest is None or promise[1] > newest):
        raise TrustlogError(
            f"The last thing recorded was promise {promise[0]}, which undo cannot "
            f"take back; `trustlog drop {promise[0]}` retires it."
        )
    changed = conn.execute(
        "SELECT id, changed_at FROM entries WHERE changed_at IS NOT NULL "
        "AND deleted_at IS NULL ORDER BY changed_at DESC LIMIT 1"
    ).fetchone()
    if changed is not None and (newest is None or changed[1] > newest):
        raise TrustlogError(
            f"The last change was an edit or a restore of entry {changed[0]}, which "
            f"undo cannot take back; `trustlog edit {changed[0]}` or "
            f"`trustlog rm {changed[0]}` can."
        )


def _take_back_moment(conn: sqlite3.Connection, journal: Journal, row: Any) -> int:
    """The newest entry; with it, when it let a promise's day go, every day that one
    `excuse` let go at the same moment (as a check-in's entries go together).  Only
    those: an import's rows may share a moment too, and undo takes back one thing.
    How many went."""
    moment = journal.stamp()
    if row[2] != "excused":
        conn.execute(
            "UPDATE entries SET deleted_at = ?, changed_at = ? WHERE id = ?",
            (moment, moment, row[0]),
        )
        return 1
    return int(
        conn.execute(
            "UPDATE entries SET deleted_at = ?, changed_at = ? WHERE recorded_at = ? "
            "AND kind = 'excused' AND promise_id IS ? AND deleted_at IS NULL",  # entries_recorded
            (moment, moment, row[10], row[8]),
        ).rowcount
    )


def _nothing_to_undo(conn: sqlite3.Connection) -> TrustlogError:
    """An empty journal, or one whose entries were all taken back already."""
    if conn.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None:
        return TrustlogError("There is nothing to undo: the journal has no entries.")
    return TrustlogError(
        "There is nothing left to undo; `trustlog log --deleted` lists what was "
        "taken back, and `trustlog restore ID` brings one back."
    )


def set_deleted(journal: Journal, entry_id: int, deleted: bool) -> Entry:
    return set_many_deleted(journal, [entry_id], deleted)[0]


def set_many_deleted(journal: Journal, entry_ids: list[int], deleted: bool) -> list[Entry]:
    """Delete (or restore) every one of `entry_ids` in one transaction: all or none."""
    with journal.writing() as conn:
        moment = journal.stamp()
        for entry_id in dict.fromkeys(entry_ids):
            try:
                _set_deleted(journal, conn, entry_id, moment if deleted else None)
            except TrustlogError as error:
                if len(entry_ids) == 1 or "nothing" in error.message:
                    raise
                done = "deleted" if deleted else "restored"  # all or none: say it was none
                raise TrustlogError(f"{error.message.rstrip('.')}; nothing was {done}.") from None
    return [journal.entry(entry_id) for entry_id in dict.fromkeys(entry_ids)]


def _set_deleted(
    journal: Journal, conn: sqlite3.Connection, entry_id: int, moment: str | None
) -> None:
    entry = journal.entry(entry_id)
    if moment and entry.deleted_at:
        raise TrustlogError(f"Entry {entry_id} is already deleted; nothing was changed.")
    if not moment and not entry.deleted_at:
        raise TrustlogError(f"Entry {entry_id} is not deleted, so there is nothing to restore.")
    try:
        conn.execute(
            "UPDATE entries SET deleted_at = ?, changed_at = ? WHERE id = ?",
            (moment, moment or journal.stamp(), entry_id),
        )
    except sqlite3.IntegrityError:
        raise TrustlogError(
            f"Entry {entry_id} cannot come back: that promise occurrence has "
            "been resolved again since."
        ) from None


def update_entry(journal: Journal, entry_id: int, changes: dict[str, Any]) -> Entry:
    allowed = {"note", "tags", "day", "amount", "by", "kind"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot edit {unknown}")
    with journal.writing() as conn:
        entry = journal.entry(entry_id)
        if entry.deleted_at:
            raise TrustlogError(f"Entry {entry_id} is deleted; restore it before editing.")
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            conn.execute(
                f"UPDATE entries SET {assignments}, changed_at = ? WHERE id = ?",
                [*changes.values(), journal.stamp(), entry_id],
            )
        if "by" in changes and entry.kind == "injury" and entry.injury_id is not None:
            conn.execute(
                "UPDATE injuries SET by = ? WHERE id = ?", (changes["by"], entry.injury_id)
            )
    return journal.entry(entry_id)

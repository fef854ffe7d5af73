"""Each recurring or standing promise's history, summed once (`promise_marks`).

Status is "what is left after the last settled occurrence", so a promise kept
every day for a hundred years is read from a handful of rows, not 36,500.
A mark is only ever a safe lower bound: triggers (migration 005) delete it
whenever a resolution at or before it changes, and `settle` moves it forward
after a resolution is written.  Without a mark everything is read, as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from trustlog.core.occurrences import Schedule, Settled

MARK_COLUMNS = "promise_id, through, by_day, kept, broken"


def marks(conn: sqlite3.Connection, promise_ids: Sequence[int]) -> dict[int, Settled]:
    """The marks of these promises, by promise id (missing ones are not settled)."""
    if not promise_ids:
        return {}
    places = ", ".join("?" for _ in promise_ids)
    rows = conn.execute(
        f"SELECT {MARK_COLUMNS} FROM promise_marks WHERE promise_id IN ({places})",
        list(promise_ids),
    )
    return {
        row[0]: Settled(date.fromisoformat(row[1]), date.fromisoformat(row[2]), row[3], row[4])
        for row in rows
    }


def _resolved_after(
    conn: sqlite3.Connection, promise_id: int, through: date | None
) -> list[tuple[date, str, date]]:
    floor = through.isoformat() if through else ""
    rows = conn.execute(
        "SELECT occurrence, kind, day FROM entries WHERE promise_id = ? AND occurrence > ? "
        "AND deleted_at IS NULL AND kind IN ('kept', 'broken', 'excused') ORDER BY occurrence",
        (promise_id, floor),
    )
    return [(date.fromisoformat(o), kind, date.fromisoformat(day)) for o, kind, day in rows]


def _walk(
    occurrences: Iterable[date], resolved: Sequence[tuple[date, str, date]], start: Settled | None
) -> Settled | None:
    """Move the mark over every leading occurrence that is resolved."""
    by_day = {occurrence: (kind, day) for occurrence, kind, day in resolved}
    mark = start
    for occurrence in occurrences:
        if occurrence not in by_day:
            break
        kind, day = by_day.pop(occurrence)
        mark = Settled(
            occurrence,
            max(day, mark.by) if mark else day,
            (mark.kept if mark else 0) + (kind == "kept"),
            (mark.broken if mark else 0) + (kind == "broken"),
        )
        if not by_day:
            break
    return mark


def _ahead(
    made_on: str,
    rule: str | None,
    start: Settled | None,
    resolved: Sequence[tuple[date, str, date]],
) -> Iterable[date]:
    """The occurrences after the mark, oldest first."""
    if rule is None:  # standing: every resolution is its own occurrence
        return [occurrence for occurrence, _, _ in resolved]
    if start is None:
        made = date.fromisoformat(made_on)
        return Schedule(made, None, rule).after(made - timedelta(1))
    return Schedule(date.fromisoformat(made_on), None, rule, start.through).after(start.through)


def settle(conn: sqlite3.Connection, promise_id: int) -> None:
    """Move a promise's mark as far as its resolutions allow (inside a write)."""
    row = conn.execute(
        "SELECT made_on, due, rule FROM promises WHERE id = ?", (promise_id,)
    ).fetchone()
    if row is None or row[1] is not None:  # a one-off has one occurrence: nothing to sum
        return
    start = marks(conn, [promise_id]).get(promise_id)
    resolved = _resolved_after(conn, promise_id, start.through if start else None)
    if not resolved:
        return
    mark = _walk(_ahead(row[0], row[2], start, resolved), resolved, start)
    if mark is not None and mark != start:
        conn.execute(
            f"INSERT OR REPLACE INTO promise_marks ({MARK_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            (promise_id, mark.through.isoformat(), mark.by.isoformat(), mark.kept, mark.broken),
        )


def settle_all(conn: sqlite3.Connection) -> None:
    """Settle every promise: after a migration, an import or a merge."""
    for (promise_id,) in conn.execute("SELECT id FROM promises").fetchall():
        settle(conn, promise_id)


#: Forget a mark when a resolution at or before it appears, changes or goes.
MARK_TRIGGERS = """
CREATE TABLE promise_marks (
    promise_id INTEGER PRIMARY KEY,
    through TEXT NOT NULL,
    by_day TEXT NOT NULL,
    kept INTEGER NOT NULL,
    broken INTEGER NOT NULL
);
CREATE TRIGGER entries_marks_insert AFTER INSERT ON entries
WHEN NEW.promise_id IS NOT NULL BEGIN
    DELETE FROM promise_marks WHERE promise_id = NEW.promise_id AND through >= NEW.occurrence;
END;
CREATE TRIGGER entries_marks_delete AFTER DELETE ON entries
WHEN OLD.promise_id IS NOT NULL BEGIN
    DELETE FROM promise_marks WHERE promise_id = OLD.promise_id AND through >= OLD.occurrence;
END;
CREATE TRIGGER entries_marks_update
AFTER UPDATE OF promise_id, occurrence, kind, day, deleted_at ON entries
WHEN OLD.promise_id IS NOT NULL OR NEW.promise_id IS NOT NULL BEGIN
    DELETE FROM promise_marks WHERE promise_id = OLD.promise_id AND through >= OLD.occurrence;
    DELETE FROM promise_marks WHERE promise_id = NEW.promise_id AND through >= NEW.occurrence;
END;
CREATE TRIGGER promises_marks_update AFTER UPDATE OF made_on, due, rule ON promises BEGIN
    DELETE FROM promise_marks WHERE promise_id = OLD.id;
END;
CREATE TRIGGER promises_marks_delete AFTER DELETE ON promises BEGIN
    DELETE FROM promise_marks WHERE promise_id = OLD.id;
END;
"""

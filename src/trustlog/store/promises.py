"""SQL for promises, injuries and repair steps: plain rows in, plain rows out.

Writes take the connection of an open `Journal.writing()` block, so a caller
can validate and write in one exclusive transaction; reads use the journal's
connection (inside a transaction they see its writes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from trustlog.store import Journal, new_uuid, now_utc

PROMISE_COLUMNS = (
    "id", "uuid", "text", "by", "made_on", "due", "rule", "injury_id", "dropped_on", "recorded_at"
)  # fmt: skip
INJURY_COLUMNS = ("id", "uuid", "text", "severity", "by", "day", "recorded_at")

Row = dict[str, Any]


def _rows(cursor: sqlite3.Cursor) -> list[Row]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# -- promises -------------------------------------------------------------------


def insert_promise(
    conn: sqlite3.Connection,
    *,
    text: str,
    by: str,
    made_on: date,
    due: date | None,
    rule: str | None,
    injury_id: int | None = None,
    uuid: str | None = None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO promises (uuid, text, by, made_on, due, rule, injury_id, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            uuid or new_uuid(),
            text,
            by,
            made_on.isoformat(),
            due.isoformat() if due else None,
            rule,
            injury_id,
            now_utc(),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def promise_row(journal: Journal, promise_id: int) -> Row | None:
    rows = _rows(
        journal.conn.execute(
            f"SELECT {', '.join(PROMISE_COLUMNS)} FROM promises WHERE id = ?", (promise_id,)
        )
    )
    return rows[0] if rows else None


def promise_rows(
    journal: Journal, *, live_on: date | None = None, injury_id: int | None = None
) -> list[Row]:
    """Promises oldest first; `live_on` leaves out those dropped on or before that day."""
    clauses, params = ["1"], []
    if live_on is not None:
        clauses.append("(dropped_on IS NULL OR dropped_on > ?)")
        params.append(live_on.isoformat())
    if injury_id is not None:
        clauses.append("injury_id = ?")
        params.append(str(injury_id))
    return _rows(
        journal.conn.execute(
            f"SELECT {', '.join(PROMISE_COLUMNS)} FROM promises "
            f"WHERE {' AND '.join(clauses)} ORDER BY id",
            params,
        )
    )


def resolutions(journal: Journal, promise_ids: Sequence[int]) -> dict[int, list[Row]]:
    """Live kept/broken entries of these promises: occurrence, kind, day, entry id."""
    found: dict[int, list[Row]] = {promise_id: [] for promise_id in promise_ids}
    if not promise_ids:
        return found
    marks = ", ".join("?" for _ in promise_ids)
    for row in _rows(
        journal.conn.execute(
            "SELECT promise_id, occurrence, kind, day, id FROM entries "
            f"WHERE promise_id IN ({marks}) AND deleted_at IS NULL "
            "AND kind IN ('kept', 'broken') ORDER BY promise_id, day, id",
            list(promise_ids),
        )
    ):
        found[row["promise_id"]].append(row)
    return found


def set_dropped(conn: sqlite3.Connection, promise_id: int, day: date) -> None:
    conn.execute("UPDATE promises SET dropped_on = ? WHERE id = ?", (day.isoformat(), promise_id))


# -- injuries and repair ------------------------------------------------------------


def insert_injury(conn: sqlite3.Connection, *, text: str, severity: str, by: str, day: date) -> int:
    cursor = conn.execute(
        "INSERT INTO injuries (uuid, text, severity, by, day, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (new_uuid(), text, severity, by, day.isoformat(), now_utc()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


_INJURY_SELECT = (
    f"SELECT {', '.join('i.' + column for column in INJURY_COLUMNS)}, "
    "e.id AS entry_id, e.amount AS amount, e.deleted_at AS entry_deleted_at, "
    "(SELECT c.day FROM entries c WHERE c.injury_id = i.id AND c.kind = 'repair' "
    " AND c.step = 'closed' AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1) AS closed_on "
    "FROM injuries i LEFT JOIN entries e ON e.id = ("
    " SELECT w.id FROM entries w WHERE w.injury_id = i.id AND w.kind = 'injury' "
    " ORDER BY w.deleted_at IS NOT NULL, w.id LIMIT 1)"
)


def injury_row(journal: Journal, injury_id: int) -> Row | None:
    """The injury with its withdrawal entry (id, amount, deleted_at) and closing day."""
    rows = _rows(journal.conn.execute(f"{_INJURY_SELECT} WHERE i.id = ?", (injury_id,)))
    return rows[0] if rows else None


def open_injury_rows(journal: Journal, as_of: date) -> list[Row]:
    """Injuries up to `as_of` whose withdrawal is live and whose repair is not closed."""
    return [
        row
        for row in _rows(
            journal.conn.execute(
                f"{_INJURY_SELECT} WHERE i.day <= ? ORDER BY i.day, i.id", (as_of.isoformat(),)
            )
        )
        if row["entry_id"] is not None
        and row["entry_deleted_at"] is None
        and (row["closed_on"] is None or row["closed_on"] > as_of.isoformat())
    ]


def repair_steps(journal: Journal, injury_id: int) -> list[Row]:
    """Live repair-step entries of an injury, in the order they were reached."""
    return _rows(
        journal.conn.execute(
            "SELECT step, day, id FROM entries WHERE injury_id = ? AND kind = 'repair' "
            "AND deleted_at IS NULL AND step IS NOT NULL ORDER BY day, id",
            (injury_id,),
        )
    )


def net_after(journal: Journal, day: date, until: date) -> int:
    """The net amount of live entries dated after `day`, up to and including `until`."""
    row = journal.conn.execute(
        "SELECT coalesce(sum(net), 0) FROM days WHERE day > ? AND day <= ?",
        (day.isoformat(), until.isoformat()),
    ).fetchone()
    return int(row[0])

"""SQL for promises and their resolutions: plain rows in, plain rows out.

Writes take the connection of an open `Journal.writing()` block, so a caller
can validate and write in one exclusive transaction; reads use the journal's
connection (inside a transaction they see its writes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from trustlog.journal import Journal, dict_rows, new_uuid

PROMISE_COLUMNS = (
    "id", "uuid", "text", "by", "made_on", "due", "rule", "injury_id", "dropped_on", "recorded_at"
)  # fmt: skip

Row = dict[str, Any]


# -- promises -------------------------------------------------------------------


def insert_promise(
    journal: Journal,
    *,
    text: str,
    by: str,
    made_on: date,
    due: date | None,
    rule: str | None,
    injury_id: int | None = None,
    uuid: str | None = None,
) -> int:
    cursor = journal.conn.execute(
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
            journal.stamp(),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def promise_row(journal: Journal, promise_id: int) -> Row | None:
    rows = dict_rows(
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
    return dict_rows(
        journal.conn.execute(
            f"SELECT {', '.join(PROMISE_COLUMNS)} FROM promises "
            f"WHERE {' AND '.join(clauses)} ORDER BY id",
            params,
        )
    )


def resolutions(journal: Journal, promise_ids: Sequence[int]) -> dict[int, list[Row]]:
    """Live kept/broken/excused entries of these promises: occurrence, kind, day, entry id."""
    found: dict[int, list[Row]] = {promise_id: [] for promise_id in promise_ids}
    if not promise_ids:
        return found
    marks = ", ".join("?" for _ in promise_ids)
    for row in dict_rows(
        journal.conn.execute(
            "SELECT promise_id, occurrence, kind, day, id FROM entries "
            f"WHERE promise_id IN ({marks}) AND deleted_at IS NULL "
            "AND kind IN ('kept', 'broken', 'excused') ORDER BY promise_id, day, id",
            list(promise_ids),
        )
    ):
        found[row["promise_id"]].append(row)
    return found


def set_dropped(journal: Journal, promise_id: int, day: date) -> None:
    journal.conn.execute(
        "UPDATE promises SET dropped_on = ? WHERE id = ?", (day.isoformat(), promise_id)
    )

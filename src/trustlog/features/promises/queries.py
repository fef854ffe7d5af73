"""SQL for promises and their resolutions: plain rows in, plain rows out.

Writes take the connection of an open `Journal.writing()` block, so a caller
can validate and write in one exclusive transaction; reads use the journal's
connection (inside a transaction they see its writes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from trustlog.core.occurrences import Settled
from trustlog.journal import Journal, dict_rows, new_uuid
from trustlog.journal.settled import marks, settle

PROMISE_COLUMNS = (
    "id", "uuid", "text", "by", "made_on", "due", "rule", "injury_id", "dropped_on", "recorded_at"
)  # fmt: skip

PromiseRow = dict[str, Any]


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


def promise_row(journal: Journal, promise_id: int) -> PromiseRow | None:
    rows = dict_rows(
        journal.conn.execute(
            f"SELECT {', '.join(PROMISE_COLUMNS)} FROM promises WHERE id = ?", (promise_id,)
        )
    )
    return rows[0] if rows else None


def promise_rows(
    journal: Journal, *, live_on: date | None = None, injury_id: int | None = None
) -> list[PromiseRow]:
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


def resolutions(
    journal: Journal, promise_ids: Sequence[int], after: Mapping[int, date] | None = None
) -> dict[int, list[PromiseRow]]:
    """Live kept/broken/excused entries of these promises: occurrence, kind, day, entry id.

    For a promise in `after`, only those of occurrences after that day (its
    settled mark), read through the (promise_id, occurrence) index.
    """
    after = after or {}
    found: dict[int, list[PromiseRow]] = {promise_id: [] for promise_id in promise_ids}
    whole = [promise_id for promise_id in promise_ids if promise_id not in after]
    asks = [([promise_id], day.isoformat()) for promise_id, day in after.items()]
    for ids, floor in asks + ([(whole, "")] if whole else []):
        for row in _resolutions_after(journal, ids, floor):
            found[row["promise_id"]].append(row)
    return found


def _resolutions_after(journal: Journal, ids: Sequence[int], floor: str) -> list[PromiseRow]:
    marks = ", ".join("?" for _ in ids)
    return dict_rows(
        journal.conn.execute(
            "SELECT promise_id, occurrence, kind, day, id FROM entries "
            f"WHERE promise_id IN ({marks}) AND occurrence > ? AND deleted_at IS NULL "
            "AND kind IN ('kept', 'broken', 'excused') ORDER BY promise_id, day, id",
            [*ids, floor],
        )
    )


def resolution_on(journal: Journal, promise_id: int, occurrence: date) -> list[PromiseRow]:
    """The live resolution of one occurrence, if any (one index look-up)."""
    return dict_rows(
        journal.conn.execute(
            "SELECT promise_id, occurrence, kind, day, id FROM entries "
            "WHERE promise_id = ? AND occurrence = ? AND deleted_at IS NULL "
            "AND kind IN ('kept', 'broken', 'excused')",
            (promise_id, occurrence.isoformat()),
        )
    )


def settled_marks(journal: Journal, promise_ids: Sequence[int]) -> dict[int, Settled]:
    if not journal.exists:
        return {}
    return marks(journal.conn, promise_ids)


def settle_promise(journal: Journal, promise_id: int) -> None:
    settle(journal.conn, promise_id)


def set_dropped(journal: Journal, promise_id: int, day: date) -> None:
    journal.conn.execute(
        "UPDATE promises SET dropped_on = ? WHERE id = ?", (day.isoformat(), promise_id)
    )

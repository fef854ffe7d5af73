"""SQL for the page brought to a counselling session: the promises kept in a period."""

from __future__ import annotations

import sqlite3
from datetime import date

from trustlog.features.exchange.queries import PERIOD, period


def promises_kept(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> list[tuple[str, str, int, str]]:
    """(text, by, times kept, last day kept) of each promise kept in the period, oldest first."""
    return conn.execute(
        "SELECT p.text, p.by, count(*), max(e.day) FROM entries e "
        "JOIN promises p ON p.id = e.promise_id "
        f"WHERE e.kind = 'kept' AND e.deleted_at IS NULL AND {PERIOD.format(col='e.day')} "
        "GROUP BY p.id ORDER BY min(e.day), p.id",
        period(since, until),
    ).fetchall()

"""SQL for check-ins: the reviewed mark of a day."""

from __future__ import annotations

import sqlite3
from datetime import date

from trustlog.journal import Journal, new_uuid


def insert_checkin(conn: sqlite3.Connection, day: date, note: str, moment: str) -> None:
    """Mark a day reviewed (inside a `writing()` block, with its entries, at their moment)."""
    conn.execute(
        "INSERT INTO checkins (uuid, day, note, recorded_at) VALUES (?, ?, ?, ?)",
        (new_uuid(), day.isoformat(), note, moment),
    )


def reviewed(journal: Journal, day: date) -> bool:
    row = journal.conn.execute(
        "SELECT 1 FROM checkins WHERE day = ? LIMIT 1", (day.isoformat(),)
    ).fetchone()
    return row is not None

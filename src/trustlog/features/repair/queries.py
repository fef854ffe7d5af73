"""SQL for injuries and their repair steps: plain rows in, plain rows out."""

from __future__ import annotations

from datetime import date
from typing import Any

from trustlog.journal import Journal, dict_rows, new_uuid

INJURY_COLUMNS = ("id", "uuid", "text", "severity", "by", "day", "recorded_at")

InjuryRow = dict[str, Any]


def insert_injury(journal: Journal, *, text: str, severity: str, by: str, day: date) -> int:
    cursor = journal.conn.execute(
        "INSERT INTO injuries (uuid, text, severity, by, day, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (new_uuid(), text, severity, by, day.isoformat(), journal.stamp()),
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


def injury_row(journal: Journal, injury_id: int) -> InjuryRow | None:
    """The injury with its withdrawal entry (id, amount, deleted_at) and closing day."""
    rows = dict_rows(journal.conn.execute(f"{_INJURY_SELECT} WHERE i.id = ?", (injury_id,)))
    return rows[0] if rows else None


def injury_rows(journal: Journal, as_of: date, *, closed_too: bool = False) -> list[InjuryRow]:
    """Injuries up to `as_of` whose withdrawal is live: open repairs, or every one."""
    return [
        row
        for row in dict_rows(
            journal.conn.execute(
                f"{_INJURY_SELECT} WHERE i.day <= ? ORDER BY i.day, i.id", (as_of.isoformat(),)
            )
        )
        if row["entry_id"] is not None
        and row["entry_deleted_at"] is None
        and (closed_too or row["closed_on"] is None or row["closed_on"] > as_of.isoformat())
    ]


def repair_steps(journal: Journal, injury_id: int) -> list[InjuryRow]:
    """Live repair-step entries of an injury, in the order they were reached."""
    return dict_rows(
        journal.conn.execute(
            "SELECT step, day, id, note FROM entries WHERE injury_id = ? AND kind = 'repair' "
            "AND deleted_at IS NULL AND step IS NOT NULL ORDER BY day, id",
            (injury_id,),
        )
    )


def account_since(journal: Journal, by: str, day: date, until: date) -> int:
    """The net of live entries made by `by`, dated after `day` up to `until`,
    leaving out injuries' own withdrawals (each has its own repair).

    Read from the `days` roll-up, less the few injury withdrawals in the
    window, so the cost does not grow with the journal.
    """
    window = (by, day.isoformat(), until.isoformat())
    net = journal.conn.execute(
        "SELECT coalesce(sum(net), 0) FROM days WHERE by = ? AND day > ? AND day <= ?", window
    ).fetchone()[0]
    injuries = journal.conn.execute(
        "SELECT coalesce(sum(e.amount), 0) FROM injuries i "
        "JOIN entries e ON e.injury_id = i.id AND e.kind = 'injury' AND e.deleted_at IS NULL "
        "WHERE e.by = ? AND e.day > ? AND e.day <= ?",
        window,
    ).fetchone()[0]
    return int(net) - int(injuries)

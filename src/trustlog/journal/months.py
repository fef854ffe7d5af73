"""The `days` roll-up summed by month, kept by triggers on `days` (migration 011).

`report --year` over a hundred years and every balance "as of" a day summed
every `days` row before it: 73,000 rows, ~40 ms.  `months` holds one row per
month and person with the same sums as `days`, moved by the same statements
that move `days` (the capture path, edits, undo, sync, merge, purge and the
bulk import's `rebuild_touched_days` all change `days` through its own
triggers or statements, and these triggers follow every one of them).  A sum
over whole months reads ~1,200 rows a century; a partial month at either end
reads its few `days` rows.

`month` is the month's first day (`2026-11-01`), so a reader can treat a
month row like a `days` row dated on the 1st.  A month whose days all lost
their entries keeps a row of zeros, as `days` does.  `reset` refills the table
from `days` in one statement (after the migration and `rebuild_days`).
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from trustlog.journal.schema import DAY_SUMS

_COLUMNS = ", ".join(DAY_SUMS)
_MONTH = "substr({ref}.day, 1, 8) || '01'"


def _change(ref: str, sign: str) -> str:
    month = _MONTH.format(ref=ref)
    values = ", ".join(f"{sign}{ref}.{c}" for c in DAY_SUMS)
    added = ", ".join(f"{c} = {c} + excluded.{c}" for c in DAY_SUMS)
    return (
        f"INSERT INTO months (month, by, {_COLUMNS}) VALUES ({month}, {ref}.by, {values}) "
        f"ON CONFLICT (month, by) DO UPDATE SET {added};"
    )


SCHEMA_SQL = f"""
CREATE TABLE months (
    month TEXT NOT NULL,
    by TEXT NOT NULL,
    {", ".join(f"{c} INTEGER NOT NULL" for c in DAY_SUMS)},
    PRIMARY KEY (month, by)
) WITHOUT ROWID;
CREATE TRIGGER days_months_insert AFTER INSERT ON days BEGIN {_change("new", "")} END;
CREATE TRIGGER days_months_delete AFTER DELETE ON days BEGIN {_change("old", "-")} END;
CREATE TRIGGER days_months_update AFTER UPDATE ON days BEGIN
    {_change("old", "-")} {_change("new", "")}
END;
"""

#: A fresh sum of `days` by month and person: what `months` must hold.
FRESH_SQL = (
    f"SELECT {_MONTH.format(ref='days')} AS month, by, "
    f"{', '.join(f'sum({c}) AS {c}' for c in DAY_SUMS)} FROM days GROUP BY 1, by"
)


def reset(conn: sqlite3.Connection) -> None:
    """Refill `months` from `days` in one statement."""
    conn.execute("DELETE FROM months")
    conn.execute(f"INSERT INTO months (month, by, {_COLUMNS}) {FRESH_SQL}")


def differ(conn: sqlite3.Connection) -> bool:
    """True when `months` is not what `days` adds up to (months of zeros aside).

    A journal from before migration 011 has no `months` yet: nothing to differ
    (the next open that may write makes and fills it)."""
    there = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'months'"
    ).fetchone()
    if there is None:
        return False
    kept = f"SELECT month, by, {_COLUMNS} FROM months WHERE entries != 0"
    fresh = f"SELECT * FROM ({FRESH_SQL}) WHERE entries != 0"
    row = conn.execute(
        f"SELECT EXISTS ({fresh} EXCEPT {kept}) OR EXISTS ({kept} EXCEPT {fresh})"
    ).fetchone()
    return bool(row[0])


#: A range that holds no day (`BETWEEN` with its ends swapped).
NOWHERE = ("1", "0")


def spans(since: date, until: date) -> dict[str, str]:
    """`since`..`until` cut into days before the whole months, the whole months
    (by their first days) and days after them: the parameters of `spanned`."""
    first = since if since.day == 1 else _next_month(since)
    last = until if _next_month(until) - timedelta(days=1) == until else _month_before(until)
    if last is None or first > last:
        head, whole, tail = (since.isoformat(), until.isoformat()), NOWHERE, NOWHERE
    else:
        head = NOWHERE if first == since else (since.isoformat(), _day_before(first))
        whole = (first.isoformat(), last.replace(day=1).isoformat())
        tail = NOWHERE if last == until else (_next_month(last).isoformat(), until.isoformat())
    names = ("head0", "head1", "whole0", "whole1", "tail0", "tail1")
    return dict(zip(names, (*head, *whole, *tail), strict=True))


def spanned(columns: str) -> str:
    """SQL: rows `(day, columns…)` whose sums are those of `days` over the range of
    `spans`; a whole month comes as one `months` row dated on its first day."""
    return (
        f"SELECT day, {columns} FROM days WHERE day BETWEEN :head0 AND :head1 "
        f"UNION ALL SELECT month, {columns} FROM months WHERE month BETWEEN :whole0 AND :whole1 "
        f"UNION ALL SELECT day, {columns} FROM days WHERE day BETWEEN :tail0 AND :tail1"
    )


def _next_month(day: date) -> date:
    if day.year == date.max.year and day.month == 12:
        return date.max  # no month after; the range's end is then read day by day
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_before(day: date) -> date | None:
    """The last day of the month before `day`'s (None in the first month there is)."""
    first = day.replace(day=1)
    return None if first == date.min else first - timedelta(days=1)


def _day_before(day: date) -> str:
    return (day - timedelta(days=1)).isoformat()

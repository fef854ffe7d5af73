"""The one place that names the journal's tables, columns, triggers and views."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from trustlog.core.models import Entry

#: "TRST": marks a file as a trustlog journal in the SQLite header.
APPLICATION_ID = 0x54525354
#: How many migrations a current journal has applied (see migrations.py).
SCHEMA_VERSION = 11

ENTRY_COLUMNS = (
    "id, uuid, kind, amount, by, day, note, tags, promise_id, injury_id, recorded_at, deleted_at"
)


#: The triggers that keep `days` equal to the live entries (see migrations.py).
DAYS_TRIGGERS = (
    "entries_days_insert",
    "entries_days_delete",
    "entries_days_update_old",
    "entries_days_update_new",
)


_SUM_DAYS = (
    "INSERT INTO days (day, by, net, deposits, withdrawals, positives, negatives, "
    "toward, away, against, kept, broken, entries) "
    "SELECT day, by, sum(amount), sum(max(amount, 0)), sum(max(-amount, 0)), "
    "sum(amount > 0), sum(amount < 0), sum(kind = 'toward'), sum(kind = 'away'), "
    "sum(kind = 'against'), sum(kind = 'kept'), sum(kind = 'broken'), count(*) "
    "FROM {source} WHERE deleted_at IS NULL {where} GROUP BY day, by"
)


def rebuild_days(conn: sqlite3.Connection) -> None:
    """Recompute the whole `days` roll-up from the live entries in one statement.

    The repair path (`upkeep`) uses this when the roll-up cannot be trusted.
    """
    conn.execute("DELETE FROM days")
    conn.execute(_SUM_DAYS.format(source="entries", where=""))
    from trustlog.journal import months, running

    running.reset(conn)  # the totals and streak mark follow the roll-up they are kept from
    months.reset(conn)  # the triggers kept it through the statements above; refilled
    # anyway, so a repair also mends a month roll-up that had drifted


#: The `days` roll-up's sums, one column each (the home screen's totals keep the same).
DAY_SUMS = (
    "net", "deposits", "withdrawals", "positives", "negatives", "toward", "away", "against",
    "kept", "broken", "entries",
)  # fmt: skip


def rebuild_touched_days(conn: sqlite3.Connection, touched: str, after_id: int) -> None:
    """Bring the `days` roll-up up to date after a big import, in two statements.

    A big import sets the row-by-row triggers aside and calls this instead.
    The new entries (ids above `after_id`) are summed and added to their days;
    the days in table `touched` (one `day` column: where an update moved,
    deleted or restored an entry) are summed again whole.  Neither grows with
    the rest of the journal (a hundred years of days).
    """
    conn.execute(f"DELETE FROM days WHERE day IN (SELECT day FROM {touched})")
    conn.execute(
        _SUM_DAYS.format(source="entries", where=f"AND day IN (SELECT day FROM {touched})")
    )
    added = ", ".join(f"{name} = {name} + excluded.{name}" for name in DAY_SUMS)
    conn.execute(
        # NOT INDEXED: walk the new rows by id, not the whole journal's day index
        _SUM_DAYS.format(
            source="entries NOT INDEXED",
            where=f"AND id > ? AND day NOT IN (SELECT day FROM {touched})",
        )
        + f" ON CONFLICT (day, by) DO UPDATE SET {added}",
        (after_id,),
    )
    if not _streak_mark_is_newest_run(conn):
        from trustlog.journal.running import reset

        reset(conn)  # reads every day: only when the streak mark needs it


def _streak_mark_is_newest_run(conn: sqlite3.Connection) -> bool:
    """Whether the streak mark is still the newest run of active days, whole.

    The `days` triggers kept the running totals through the statements above, and
    kept the mark a run of active days; but deleting and summing a touched day
    again can leave it only the run's newer part, or an older run.  Three index
    lookups tell; `running.reset` reads all 36,500 days of a hundred years
    (≈ 120 ms, most of a 1,000-row import into such a journal).
    """
    newest = conn.execute(
        "SELECT max(day) FROM (SELECT max(day) AS day FROM days WHERE entries > 0 "
        "UNION ALL SELECT max(day) FROM checkins)"
    ).fetchone()[0]
    mark = conn.execute("SELECT start, through FROM streak_mark").fetchone()
    if mark is None or newest is None:
        return mark is None and newest is None
    start, through = mark
    before = conn.execute(
        "SELECT 1 FROM days WHERE day = date(:start, '-1 day') AND entries > 0 "
        "UNION ALL SELECT 1 FROM checkins WHERE day = date(:start, '-1 day')",
        {"start": start},
    ).fetchone()
    return bool(through == newest and before is None)


def entry_from_row(row: Sequence[Any]) -> Entry:
    return Entry(
        id=row[0],
        uuid=row[1],
        kind=row[2],
        amount=row[3],
        by=row[4],
        on=date.fromisoformat(row[5]),
        note=row[6],
        tags=tuple(row[7].split()),
        promise_id=row[8],
        injury_id=row[9],
        recorded_at=row[10],
        deleted_at=row[11],
    )

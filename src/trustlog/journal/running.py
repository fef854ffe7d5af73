"""All-time totals and the newest run of active days, kept by triggers (migration 009).

The home screen asks two questions whose plain answer reads the whole `days`
roll-up: "what are the totals as of today?" and "how many days in a row, up to
today, had an entry or a check-in?".  After a hundred years those are 73,000
rows summed and 36,500 days walked on every `trustlog`.  Here both are kept
as they change:

- `running_totals` holds, per person, the sums of every `days` row; totals as
  of a day are these minus the few rows after it.
- `streak_mark` holds one run of days known to be all active (`start` to
  `through`).  It grows when the day before or after it becomes active, moves
  to a newer run when a day after a gap does, and shrinks (keeping its newer
  part) when a day inside it is left with no entry and no check-in.  A reader
  counts the run in one step and walks only the days outside it.

`reset` recomputes both from `days` and `checkins` (after the migration and
after `rebuild_days`).
"""

from __future__ import annotations

import sqlite3

from trustlog.journal.schema import DAY_SUMS

SUMS = DAY_SUMS


def _totals_sql() -> str:
    columns = ", ".join(SUMS)
    zeros = ", ".join("0" for _ in SUMS)

    def change(ref: str, sign: str) -> str:
        sets = ", ".join(f"{c} = {c} {sign} {ref}.{c}" for c in SUMS)
        return (
            f"INSERT INTO running_totals (by, {columns}) SELECT {ref}.by, {zeros} "
            f"WHERE NOT EXISTS (SELECT 1 FROM running_totals WHERE by = {ref}.by); "
            f"UPDATE running_totals SET {sets} WHERE by = {ref}.by;"
        )

    return f"""
    CREATE TABLE running_totals (
        by TEXT PRIMARY KEY, {", ".join(f"{c} INTEGER NOT NULL" for c in SUMS)}
    );
    CREATE TRIGGER days_totals_insert AFTER INSERT ON days BEGIN {change("new", "+")} END;
    CREATE TRIGGER days_totals_delete AFTER DELETE ON days BEGIN {change("old", "-")} END;
    CREATE TRIGGER days_totals_update AFTER UPDATE ON days BEGIN
        {change("old", "-")} {change("new", "+")}
    END;
    """


def _active(day: str) -> str:
    """SQL: is `day` active (an entry or a check-in)?"""
    return (
        f"(EXISTS (SELECT 1 FROM days WHERE day = {day} AND entries > 0) "
        f"OR EXISTS (SELECT 1 FROM checkins WHERE day = {day}))"
    )


def _became_active(day: str) -> str:
    return f"""
        UPDATE streak_mark SET through = {day} WHERE through = date({day}, '-1 day');
        UPDATE streak_mark SET start = {day} WHERE start = date({day}, '+1 day');
        INSERT OR REPLACE INTO streak_mark (id, start, through) SELECT 1, {day}, {day}
        WHERE NOT EXISTS (SELECT 1 FROM streak_mark WHERE {day} <= through);
    """


def _left_inactive(day: str) -> str:
    return f"""
        UPDATE streak_mark SET start = date({day}, '+1 day')
        WHERE {day} >= start AND {day} < through AND NOT {_active(day)};
        UPDATE streak_mark SET through = date({day}, '-1 day')
        WHERE {day} = through AND NOT {_active(day)};
        DELETE FROM streak_mark WHERE start > through;
    """


STREAK_SQL = f"""
CREATE TABLE streak_mark (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    start TEXT NOT NULL,
    through TEXT NOT NULL
);
CREATE TRIGGER days_streak_insert AFTER INSERT ON days WHEN new.entries > 0 BEGIN
    {_became_active("new.day")}
END;
CREATE TRIGGER days_streak_on AFTER UPDATE OF entries ON days
WHEN new.entries > 0 AND old.entries <= 0 BEGIN
    {_became_active("new.day")}
END;
CREATE TRIGGER days_streak_off AFTER UPDATE OF entries ON days
WHEN new.entries <= 0 AND old.entries > 0 BEGIN
    {_left_inactive("new.day")}
END;
CREATE TRIGGER days_streak_delete AFTER DELETE ON days WHEN old.entries > 0 BEGIN
    {_left_inactive("old.day")}
END;
CREATE TRIGGER checkins_streak_insert AFTER INSERT ON checkins BEGIN
    {_became_active("new.day")}
END;
CREATE TRIGGER checkins_streak_delete AFTER DELETE ON checkins BEGIN
    {_left_inactive("old.day")}
END;
CREATE TRIGGER checkins_streak_update AFTER UPDATE OF day ON checkins BEGIN
    {_left_inactive("old.day")}
    {_became_active("new.day")}
END;
"""

SCHEMA_SQL = _totals_sql() + STREAK_SQL

#: The newest run of consecutive active days, found once in SQL (a gap search).
_NEWEST_RUN = """
WITH active(day) AS (
    SELECT day FROM days WHERE entries > 0 UNION SELECT day FROM checkins
), marked AS (
    SELECT day, lag(day) OVER (ORDER BY day) AS before FROM active
)
SELECT max(day), (SELECT max(day) FROM active) FROM marked
WHERE before IS NULL OR julianday(day) - julianday(before) > 1
"""


def reset(conn: sqlite3.Connection) -> None:
    """Recompute the totals and the streak mark from `days` and `checkins`."""
    conn.execute("DELETE FROM running_totals")
    conn.execute(
        f"INSERT INTO running_totals (by, {', '.join(SUMS)}) SELECT by, "
        f"{', '.join(f'sum({c})' for c in SUMS)} FROM days GROUP BY by"
    )
    conn.execute("DELETE FROM streak_mark")
    start, through = conn.execute(_NEWEST_RUN).fetchone()
    if start is not None:
        conn.execute(
            "INSERT INTO streak_mark (id, start, through) VALUES (1, ?, ?)", (start, through)
        )

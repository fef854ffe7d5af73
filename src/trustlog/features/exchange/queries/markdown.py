"""SQL for the Markdown report: sums from the `days` roll-up, entries streamed.

The report of a ten-year journal never holds its entries in memory: the
summary is a handful of aggregates and the entries section reads a cursor a
batch at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from trustlog.core.models import CLOSED_STEP
from trustlog.features.exchange.queries import BATCH, PERIOD, period
from trustlog.journal.schema import DAY_SUMS

SUMS = DAY_SUMS[1:]  # every sum but the net


def first_day(conn: sqlite3.Connection, until: date) -> date | None:
    """The first day with a live entry, up to `until`."""
    row = conn.execute(
        "SELECT min(day) FROM days WHERE entries > 0 AND day <= ?", (until.isoformat(),)
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def totals(conn: sqlite3.Connection, since: date | None, until: date | None) -> dict[str, int]:
    """Sums of live entries in the period: deposits, withdrawals, counts per kind…"""
    columns = ", ".join(f"coalesce(sum({name}), 0)" for name in SUMS)
    row = conn.execute(
        f"SELECT {columns} FROM days WHERE {PERIOD.format(col='day')}", period(since, until)
    ).fetchone()
    return {name: int(value) for name, value in zip(SUMS, row, strict=True)}


def promises_resolved(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> dict[str, tuple[int, int]]:
    """(kept, broken) of each side's promises in the period, by who made them."""
    rows = conn.execute(
        "SELECT by, sum(kind = 'kept'), sum(kind = 'broken') FROM entries "
        "WHERE kind IN ('kept', 'broken') AND deleted_at IS NULL "
        f"AND {PERIOD.format(col='day')} GROUP BY by",
        period(since, until),
    )
    return {by: (int(kept), int(broken)) for by, kept, broken in rows}


def live_entries(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> Iterator[tuple[str, int, str, str, str, str | None, str | None]]:
    """(day, amount, kind, by, note, promise text, repair step) of each live entry
    in the period, oldest first: a kept or broken row says which promise."""
    cursor = conn.execute(
        "SELECT e.day, e.amount, e.kind, e.by, e.note, p.text, e.step FROM entries e "
        "LEFT JOIN promises p ON p.id = e.promise_id WHERE e.deleted_at IS NULL "
        f"AND {PERIOD.format(col='e.day')} ORDER BY e.day, e.recorded_at, e.id",
        period(since, until),
    )
    while rows := cursor.fetchmany(BATCH):
        yield from rows


def checkin_notes(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> Iterator[tuple[str, str]]:
    """(day, note) of each check-in with a note in the period, oldest first.

    Check-ins now keep their note as a live entry of kind `note`; older ones
    kept it on the check-in itself. Both are read.
    """
    cursor = conn.execute(
        "SELECT day, note FROM ("
        "SELECT day, note, recorded_at FROM checkins WHERE note != '' UNION ALL "
        "SELECT day, note, recorded_at FROM entries "
        "WHERE kind = 'note' AND deleted_at IS NULL AND note != ''"
        f") WHERE {PERIOD.format(col='day')} ORDER BY day, recorded_at",
        period(since, until),
    )
    while rows := cursor.fetchmany(BATCH):
        yield from rows


def repairs(conn: sqlite3.Connection, until: date | None) -> list[dict[str, Any]]:
    """Each injury with its steps' first dates, when it was closed, and the net
    recorded since its day."""
    found = []
    limit = until.isoformat() if until else "9999-12-31"
    for injury_id, text, severity, by, day in conn.execute(
        "SELECT id, text, severity, by, day FROM injuries WHERE day <= ? ORDER BY day", (limit,)
    ).fetchall():
        steps = dict(
            conn.execute(
                "SELECT step, min(day) FROM entries WHERE injury_id = ? AND kind = 'repair' "
                "AND deleted_at IS NULL AND step IS NOT NULL AND day <= ? GROUP BY step",
                (injury_id, limit),
            ).fetchall()
        )
        amount = conn.execute(
            "SELECT coalesce(sum(amount), 0) FROM entries WHERE injury_id = ? "
            "AND kind = 'injury' AND deleted_at IS NULL",
            (injury_id,),
        ).fetchone()[0]
        # The account since: what the person who caused it did, other injuries left out.
        recovered = (
            conn.execute(
                "SELECT coalesce(sum(net), 0) FROM days WHERE by = ? AND day > ? AND day <= ?",
                (by, day, limit),
            ).fetchone()[0]
            - conn.execute(
                "SELECT coalesce(sum(e.amount), 0) FROM injuries i JOIN entries e "
                "ON e.injury_id = i.id AND e.kind = 'injury' AND e.deleted_at IS NULL "
                "WHERE e.by = ? AND e.day > ? AND e.day <= ?",
                (by, day, limit),
            ).fetchone()[0]
        )
        amends = conn.execute(
            "SELECT p.text, coalesce(sum(e.kind = 'kept'), 0), coalesce(sum(e.kind = 'broken'), 0) "
            "FROM promises p LEFT JOIN entries e ON e.promise_id = p.id "
            "AND e.deleted_at IS NULL AND e.day <= ? WHERE p.injury_id = ? "
            "GROUP BY p.id ORDER BY p.made_on, p.id",
            (limit, injury_id),
        ).fetchall()
        found.append(
            {
                "id": injury_id,
                "text": text,
                "severity": severity,
                "by": by,
                "on": day,
                "steps": steps,
                "closed_on": steps.pop(CLOSED_STEP, None),
                "amount": amount,
                "recovered": recovered,
                "amends": amends,
            }
        )
    return found

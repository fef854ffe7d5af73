"""SQL for `trustlog compare`: what each person did, per journal, in a period.

Both queries only read, and take either journal's connection: yours, or
your partner's opened read-only by `store.exchange.open_other`.  The
balance and the day-by-day nets are shared with the Markdown report, so
they stay in `store.exchange`.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from trustlog.features.exchange.queries import PERIOD, period


def bids_by_person(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> dict[str, dict[str, int]]:
    """Per `by`: toward/away/against counts and the net, from the `days` roll-up."""
    result = {by: {"toward": 0, "away": 0, "against": 0, "net": 0} for by in ("me", "partner")}
    for by, toward, away, against, net in conn.execute(
        "SELECT by, sum(toward), sum(away), sum(against), sum(net) FROM days "
        f"WHERE {PERIOD.format(col='day')} GROUP BY by",
        period(since, until),
    ):
        result[by] = {"toward": toward, "away": away, "against": against, "net": net}
    return result


def promises_by_maker(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> dict[str, dict[str, int]]:
    """Kept and broken counts per person who made the promise."""
    result = {by: {"kept": 0, "broken": 0} for by in ("me", "partner")}
    for by, kept, broken in conn.execute(
        "SELECT coalesce(p.by, e.by), sum(e.kind = 'kept'), sum(e.kind = 'broken') "
        "FROM entries e LEFT JOIN promises p ON p.id = e.promise_id "
        "WHERE e.deleted_at IS NULL AND e.kind IN ('kept', 'broken') "
        f"AND {PERIOD.format(col='e.day')} GROUP BY 1",
        period(since, until),
    ):
        result[by] = {"kept": kept, "broken": broken}
    return result

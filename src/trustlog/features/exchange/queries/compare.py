"""SQL for `trustlog compare`: how many moments of each kind, per journal, in a period.

Both queries only read, and take either journal's connection: yours, or
your partner's opened read-only.  They count; they never add up a balance
or a rate, because `compare` shows two perspectives, not two scores.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from trustlog.features.exchange.queries import PERIOD, period

#: The kinds of moment `compare` counts (repair steps are milestones, not moments).
MOMENT_KINDS = ("toward", "away", "against", "kept", "broken", "deposit", "withdraw", "injury")


def moments_by_person(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> dict[str, dict[str, int]]:
    """Per person: how many moments of each kind this journal logged.

    A kept or broken promise belongs to the person who made the promise.
    """
    result = {by: dict.fromkeys(MOMENT_KINDS, 0) for by in ("me", "partner")}
    for by, kind, count in conn.execute(
        "SELECT CASE WHEN e.kind IN ('kept', 'broken') THEN coalesce(p.by, e.by) ELSE e.by END, "
        "e.kind, count(*) FROM entries e LEFT JOIN promises p ON p.id = e.promise_id "
        "WHERE e.deleted_at IS NULL AND e.kind != 'repair' "
        f"AND {PERIOD.format(col='e.day')} GROUP BY 1, 2",
        period(since, until),
    ):
        if by in result and kind in result[by]:
            result[by][kind] = count
    return result


def moments_by_day(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> dict[str, tuple[int, dict[str, int]]]:
    """day → (net, counts by kind) over both people, from the `days` roll-up.

    The net only orders the days (which were seen most differently); it is
    never shown. Deposits and withdrawals of any other kind, injuries among
    them, are counted as `other_good` and `other_hard`.
    """
    days: dict[str, tuple[int, dict[str, int]]] = {}
    for row in conn.execute(
        "SELECT day, sum(net), sum(toward), sum(away), sum(against), sum(kept), sum(broken), "
        "sum(positives), sum(negatives) FROM days "
        f"WHERE {PERIOD.format(col='day')} GROUP BY day HAVING sum(entries) > 0",
        period(since, until),
    ):
        day, net, toward, away, against, kept, broken, positives, negatives = row
        counts = {"toward": toward, "away": away, "against": against, "kept": kept}
        counts |= {"broken": broken, "other_good": positives - toward - kept}
        counts["other_hard"] = negatives - away - against - broken
        days[day] = (net, {kind: n for kind, n in counts.items() if n})
    return days


def entries_in_period(conn: sqlite3.Connection, since: date | None, until: date | None) -> int:
    """How many live entries this journal holds in the period."""
    row = conn.execute(
        f"SELECT coalesce(sum(entries), 0) FROM days WHERE {PERIOD.format(col='day')}",
        period(since, until),
    ).fetchone()
    return int(row[0])

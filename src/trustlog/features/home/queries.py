"""SQL for the home screen: sums over the `days` roll-up, never over every entry."""

from __future__ import annotations

from datetime import date, timedelta

from trustlog.core.ledger import running_balances
from trustlog.core.models import Totals
from trustlog.journal import Journal

_SUMS = (
    "sum(net), sum(deposits), sum(withdrawals), sum(entries), sum(positives), "
    "sum(negatives), sum(toward), sum(away), sum(against), sum(kept), sum(broken)"
)


#: The running totals' columns in `Totals` order.
_RUNNING = (
    "net, deposits, withdrawals, entries, positives, negatives, toward, away, against, kept, broken"
)


def totals(journal: Journal, as_of: date, since: date | None = None) -> Totals:
    """Sums as of a day: a window of `days` when `since` is given, else the running
    totals less the few days after `as_of` (journal/running.py)."""
    if since is not None:
        row = journal.conn.execute(
            f"SELECT {_SUMS} FROM days WHERE day <= ? AND day >= ?",
            (as_of.isoformat(), since.isoformat()),
        ).fetchone()
        return Totals(*(int(value or 0) for value in row))
    people = totals_by_person(journal, as_of)
    return Totals(*(a + b for a, b in zip(people["me"], people["partner"], strict=True)))


def daily_balances(journal: Journal, first: date, last: date) -> list[int]:
    """The running balance at the end of each day from `first` to `last`."""
    opening = totals_by_person(journal, first - timedelta(days=1))
    opening_balance = opening["me"].balance + opening["partner"].balance
    nets = {
        date.fromisoformat(day): net
        for day, net in journal.conn.execute(
            "SELECT day, sum(net) FROM days WHERE day BETWEEN ? AND ? GROUP BY day",
            (first.isoformat(), last.isoformat()),
        )
    }
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    return running_balances(opening_balance, nets, days)


def streak(journal: Journal, as_of: date) -> int:
    """Consecutive active days ending on `as_of` (or the day before, while `as_of`
    is still empty): the run kept in `streak_mark` is counted in one step, and
    only the days outside it are read, 64 at a time."""
    newest = _newest_active(journal, as_of)
    if newest is None or newest < as_of - timedelta(days=1):
        return 0
    mark = journal.conn.execute("SELECT start, through FROM streak_mark").fetchone()
    run = (date.fromisoformat(mark[0]), date.fromisoformat(mark[1])) if mark else None
    count, expected = 0, newest
    while True:
        if _within(expected, run):
            assert run is not None
            count += (expected - run[0]).days + 1
            expected, run = run[0] - timedelta(days=1), None
        walked, expected, more = _walk_window(journal, expected, run)
        count += walked
        if not more:
            return count


def _walk_window(
    journal: Journal, expected: date, run: tuple[date, date] | None
) -> tuple[int, date, bool]:
    """Count active days down from `expected` through 64 days; whether to go on
    (the window was all active, or the walk reached the marked run)."""
    first = expected - timedelta(days=63)
    found = set(active_days_between(journal, first, expected))
    count = 0
    while expected >= first and expected in found and not _within(expected, run):
        count, expected = count + 1, expected - timedelta(days=1)
    return count, expected, expected < first or _within(expected, run)


def _within(day: date, run: tuple[date, date] | None) -> bool:
    return run is not None and run[0] <= day <= run[1]


def _newest_active(journal: Journal, as_of: date) -> date | None:
    row = journal.conn.execute(
        "SELECT max(day) FROM (SELECT max(day) AS day FROM days WHERE entries > 0 AND day <= :d "
        "UNION ALL SELECT max(day) FROM checkins WHERE day <= :d)",
        {"d": as_of.isoformat()},
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def totals_by_person(journal: Journal, as_of: date) -> dict[str, Totals]:
    """All-time aggregates per `by` (a kept or broken promise is its maker's): the
    running totals less what was recorded for days after `as_of`."""
    people = {"me": Totals(), "partner": Totals()}
    later = {
        by: row
        for by, *row in journal.conn.execute(
            f"SELECT by, {_SUMS} FROM days WHERE day > ? GROUP BY by", (as_of.isoformat(),)
        )
    }
    for by, *row in journal.conn.execute(f"SELECT by, {_RUNNING} FROM running_totals"):
        after = later.get(by, [0] * len(row))
        people[by] = Totals(*(int(a) - int(b) for a, b in zip(row, after, strict=True)))
    return people


def active_days_between(journal: Journal, first: date, last: date) -> list[date]:
    """Days from `first` to `last` with an entry or a check-in (a window, never the journal)."""
    window = {"first": first.isoformat(), "last": last.isoformat()}
    return [
        date.fromisoformat(day)
        for (day,) in journal.conn.execute(
            "SELECT day FROM days WHERE entries > 0 AND day BETWEEN :first AND :last "
            "UNION SELECT day FROM checkins WHERE day BETWEEN :first AND :last",
            window,
        )
    ]

"""SQL for the home screen: sums over the `days` roll-up, never over every entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from trustlog.core.ledger import running_balances
from trustlog.core.models import Totals
from trustlog.journal import Journal


def totals(journal: Journal, as_of: date, since: date | None = None) -> Totals:
    row = journal.conn.execute(
        "SELECT coalesce(sum(net), 0), coalesce(sum(deposits), 0), "
        "coalesce(sum(withdrawals), 0), coalesce(sum(entries), 0), "
        "coalesce(sum(positives), 0), coalesce(sum(negatives), 0), "
        "coalesce(sum(toward), 0), coalesce(sum(away), 0), coalesce(sum(against), 0), "
        "coalesce(sum(kept), 0), coalesce(sum(broken), 0) "
        "FROM days WHERE day <= ? AND day >= ?",
        (as_of.isoformat(), (since or date.min).isoformat()),
    ).fetchone()
    return Totals(*(int(value) for value in row))


def daily_balances(journal: Journal, first: date, last: date) -> list[int]:
    """The running balance at the end of each day from `first` to `last`."""
    opening = journal.balance(first - timedelta(days=1))
    nets = {
        date.fromisoformat(day): net
        for day, net in journal.conn.execute(
            "SELECT day, sum(net) FROM days WHERE day BETWEEN ? AND ? GROUP BY day",
            (first.isoformat(), last.isoformat()),
        )
    }
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    return running_balances(opening, nets, days)


def active_days(journal: Journal, as_of: date) -> Iterator[date]:
    """Days with an entry or a check-in, newest first, read lazily."""
    cursor = journal.conn.execute(
        "SELECT day FROM days WHERE entries > 0 AND day <= :d "
        "UNION SELECT day FROM checkins WHERE day <= :d ORDER BY day DESC",
        {"d": as_of.isoformat()},
    )
    for (day,) in cursor:
        yield date.fromisoformat(day)


def totals_by_person(journal: Journal, as_of: date) -> dict[str, Totals]:
    """All-time aggregates per `by` (a kept or broken promise is its maker's)."""
    people = {"me": Totals(), "partner": Totals()}
    for by, *row in journal.conn.execute(
        "SELECT by, coalesce(sum(net), 0), coalesce(sum(deposits), 0), "
        "coalesce(sum(withdrawals), 0), coalesce(sum(entries), 0), "
        "coalesce(sum(positives), 0), coalesce(sum(negatives), 0), "
        "coalesce(sum(toward), 0), coalesce(sum(away), 0), coalesce(sum(against), 0), "
        "coalesce(sum(kept), 0), coalesce(sum(broken), 0) "
        "FROM days WHERE day <= ? GROUP BY by",
        (as_of.isoformat(),),
    ):
        people[by] = Totals(*(int(value) for value in row))
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

"""The use cases behind report, chart and calendar: a journal in, plain values out.

The period rules are pure and live in `core.periods`; the sums come from SQL
in `queries.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from trustlog.core.ledger import running_balances
from trustlog.core.models import Entry
from trustlog.core.periods import Report, build_report, default_range
from trustlog.journal import Journal

#: Marks around the words a search matched, in a hit's note (never in a stored note).
MATCH_OPEN, MATCH_CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class Found:
    """A search hit: the entry and its note with the matched words marked."""

    entry: Entry
    marked_note: str


def report_for(
    journal: Journal, unit: str, today: date, first: date | None, last: date | None
) -> Report:
    """The report `trustlog report` shows, from sums made in SQL."""
    from trustlog.core.periods import period_start
    from trustlog.features.reports import queries

    oldest = queries.first_day(journal)
    floor = period_start(unit, oldest) if oldest and oldest <= (last or today) else None
    begin, end = default_range(unit, today, oldest, from_first_day(first, floor), last)
    return build_report(
        unit,
        begin,
        end,
        queries.opening_balance(journal, begin),
        queries.period_sums(journal, unit, begin, end),
    )


#: At most this many points on a chart: one per day for four months, then a
#: point every few days (each the balance at the end of its run of days).
CHART_POINTS = 120


def from_first_day(first: date | None, oldest: date | None) -> date | None:
    """`--since` before the journal's first day (or its period) starts there.

    No view walks centuries of empty days; a start inside the first period is kept.
    """
    if first is not None and oldest is not None and first < oldest:
        return oldest
    return first


@dataclass
class Chart:
    """The running balance at the end of each drawn day (every day for a short
    range, every few days for a long one), and the injuries to mark on it."""

    days: list[date]
    balances: list[int]
    injuries: list[tuple[date, int]]


def chart_for(journal: Journal, today: date, first: date | None, last: date | None) -> Chart | None:
    """None when there is nothing to draw: no entry yet, or none by `last`."""
    from trustlog.features.reports import queries

    oldest = queries.first_day(journal)
    if _nothing_to_draw(oldest, first, last):
        return None
    begin = from_first_day(first, oldest) or oldest or today
    end = last or today
    begin = min(begin, end)
    span = (end - begin).days + 1
    size = -(-span // CHART_POINTS)  # days per point, rounded up
    days = [min(begin + timedelta(days=start + size - 1), end) for start in range(0, span, size)]
    sums = queries.bucket_nets(journal, begin, end, size)
    nets = {day: sums.get(bucket, 0) for bucket, day in enumerate(days)}
    balances = running_balances(queries.opening_balance(journal, begin), nets, days)
    return Chart(days, balances, queries.injuries(journal, begin, end))


def _nothing_to_draw(oldest: date | None, first: date | None, last: date | None) -> bool:
    """No entry yet (and no start asked for), or the range ends before the first entry."""
    if oldest is None:
        return first is None
    return last is not None and last < oldest


def calendar_for(journal: Journal, year: int) -> dict[date, tuple[int, int]]:
    """Each day of `year` with an entry: (net amount, how many entries)."""
    from trustlog.features.reports import queries

    rows = queries.daily_nets(journal, date(year, 1, 1), date(year, 12, 31))
    return {day: (net, count) for day, net, count in rows}

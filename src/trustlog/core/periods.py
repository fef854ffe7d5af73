"""Periods and report rows: the rules behind `trustlog report`, free of SQL and Rich.

The store hands back sums only for periods that have entries; here every
period in the range gets a row (quiet weeks matter too), the first and last
rows are clipped to the range, and the running balance is carried across
empty periods.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from trustlog.app.errors import BadInput
from trustlog.core.ledger import rate, week_start

#: With no --since, a report shows the last this-many periods (or from the
#: first entry, when that is more recent): a screenful that still shows a trend.
DEFAULT_PERIODS = 12


@dataclass(frozen=True)
class ReportRow:
    """One line of a report; `balance` is the running balance at the period's end."""

    period: str
    start: date
    end: date
    deposits: int = 0
    withdrawals: int = 0
    net: int = 0
    balance: int = 0
    toward: int = 0
    away: int = 0
    against: int = 0
    kept: int = 0
    broken: int = 0

    @property
    def turn_toward_rate(self) -> float | None:
        return rate(self.toward, self.toward + self.away + self.against)

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "deposits": self.deposits,
            "withdrawals": self.withdrawals,
            "net": self.net,
            "balance": self.balance,
            "toward": self.toward,
            "away": self.away,
            "against": self.against,
            "kept": self.kept,
            "broken": self.broken,
            "turn_toward_rate": self.turn_toward_rate,
        }


@dataclass(frozen=True)
class Report:
    unit: str
    since: date
    until: date
    rows: list[ReportRow]
    totals: ReportRow

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "rows": [row.to_json() for row in self.rows],
            "totals": self.totals.to_json(),
        }


def period_start(unit: str, day: date) -> date:
    if unit == "week":
        return week_start(day)
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_start(unit: str, start: date) -> date:
    if unit == "week":
        return start + timedelta(weeks=1)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def period_name(unit: str, start: date) -> str:
    """`2026-W48`, `2026-11` or `2026`."""
    if unit == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        return f"{start:%Y-%m}"
    return str(start.year)


def default_range(
    unit: str, today: date, first: date | None, since: date | None, until: date | None
) -> tuple[date, date]:
    """Fill in what the user left out: up to today, and back `DEFAULT_PERIODS`
    periods or to the first entry, whichever is later."""
    end = until or today
    if since is None:
        start = period_start(unit, end)
        for _ in range(DEFAULT_PERIODS - 1):
            start = period_start(unit, start - timedelta(days=1))
        if first is not None and first > start:
            start = first
        since = min(start, end)
    if since > end:
        raise BadInput(
            f"--since {since.isoformat()} is after --until {end.isoformat()}; "
            "swap them or pick another range."
        )
    return since, end


def periods(unit: str, since: date, until: date) -> list[tuple[date, date, date]]:
    """(period start, clipped start, clipped end) for every period touching the range."""
    result = []
    start = period_start(unit, since)
    while start <= until:
        following = next_start(unit, start)
        result.append((start, max(start, since), min(following - timedelta(days=1), until)))
        start = following
    return result


def build_report(unit: str, since: date, until: date, opening: int, sums: Iterable[Any]) -> Report:
    """Rows for every period; `sums` are the store's `PeriodSums`, keyed by start."""
    by_start = {item.start: item for item in sums}
    rows: list[ReportRow] = []
    balance = opening
    for start, first, last in periods(unit, since, until):
        item = by_start.get(start)
        if item is None:
            rows.append(ReportRow(period_name(unit, start), first, last, balance=balance))
            continue
        balance = item.balance
        rows.append(
            ReportRow(
                period_name(unit, start), first, last,
                item.deposits, item.withdrawals, item.net, item.balance,
                item.toward, item.away, item.against, item.kept, item.broken,
            )
        )  # fmt: skip
    return Report(unit, since, until, rows, totals(rows, since, until, balance))


def totals(rows: list[ReportRow], since: date, until: date, balance: int) -> ReportRow:
    def total(name: str) -> int:
        return sum(getattr(row, name) for row in rows)

    return ReportRow(
        "total", since, until,
        total("deposits"), total("withdrawals"), total("net"), balance,
        total("toward"), total("away"), total("against"), total("kept"), total("broken"),
    )  # fmt: skip


def check_year(year: int, today: date) -> int:
    if not 1900 <= year <= today.year:
        raise BadInput(
            f"--year {year} is outside the journal's range; use a year from 1900 to {today.year}."
        )
    return year


def calendar_weeks(year: int) -> tuple[date, int]:
    """The Monday the year's calendar starts on, and how many week columns it needs."""
    first = week_start(date(year, 1, 1))
    last = date(year, 12, 31)
    return first, (last - first).days // 7 + 1


def level(net: int) -> int:
    """A day's shade: 0 for nothing or a zero net, 1..4 by size, negative for withdrawals.

    Fixed steps (not quantiles) so the same day looks the same in every year:
    a single turn toward is the lightest green, a single turn away a mid red.
    """
    steps = POSITIVE_STEPS if net > 0 else NEGATIVE_STEPS
    size = sum(1 for step in steps if abs(net) >= step)
    return size if net > 0 else -size


POSITIVE_STEPS = (1, 3, 6, 10)
NEGATIVE_STEPS = (1, 5, 10, 25)


def split_marked(text: str, open_mark: str, close_mark: str) -> list[tuple[str, bool]]:
    """Turn FTS5 `highlight()` output into (piece, is_match) pieces."""
    pieces: list[tuple[str, bool]] = []
    rest = text
    while rest:
        head, found, tail = rest.partition(open_mark)
        if head:
            pieces.append((head, False))
        if not found:
            break
        match, _, rest = tail.partition(close_mark)
        if match:
            pieces.append((match, True))
    return pieces


def nice_ticks(low: int, high: int, most: int = 6) -> list[int]:
    """Round axis values (1, 2 or 5 times a power of ten) covering low..high and 0."""
    low, high = min(low, 0), max(high, 0)
    span = max(high - low, 1)
    scale = 1
    while span > 5 * scale * (most - 1):
        scale *= 10
    step = next(f * scale for f in (1, 2, 5) if span <= f * scale * (most - 1))
    return list(range(low // step * step, -(-high // step) * step + 1, step))

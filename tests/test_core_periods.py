"""Report periods, rows and the small display rules behind them, as tables."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

from trustlog.app.errors import BadInput
from trustlog.core.periods import (
    ReportRow,
    build_report,
    calendar_weeks,
    check_year,
    default_range,
    level,
    next_start,
    nice_ticks,
    period_name,
    period_start,
    periods,
    split_marked,
)

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(autouse=True)
def isolated() -> None:
    """Overrides conftest's journal-per-test: these rules touch no file (core imports
    nothing that could), and a tmp_path per row would make the tables 10x slower."""


def d(iso: str) -> date:
    return date.fromisoformat(iso)


class Sums(NamedTuple):
    """The shape of the store's per-period sums."""

    start: date
    deposits: int
    withdrawals: int
    net: int
    balance: int
    toward: int
    away: int
    against: int
    kept: int
    broken: int


@pytest.mark.parametrize(
    ("unit", "day", "start", "following", "name"),
    [
        ("week", "2026-11-25", "2026-11-23", "2026-11-30", "2026-W48"),
        ("week", "2026-11-23", "2026-11-23", "2026-11-30", "2026-W48"),
        ("week", "2026-01-07", "2026-01-05", "2026-01-12", "2026-W02"),
        ("week", "2027-01-01", "2026-12-28", "2027-01-04", "2026-W53"),
        ("month", "2026-11-25", "2026-11-01", "2026-12-01", "2026-11"),
        ("month", "2026-12-31", "2026-12-01", "2027-01-01", "2026-12"),
        ("month", "2026-01-31", "2026-01-01", "2026-02-01", "2026-01"),
        ("year", "2026-11-25", "2026-01-01", "2027-01-01", "2026"),
    ],
)
def test_period_start_next_and_name(
    unit: str, day: str, start: str, following: str, name: str
) -> None:
    assert period_start(unit, d(day)) == d(start)
    assert next_start(unit, d(start)) == d(following)
    assert period_name(unit, d(start)) == name


@pytest.mark.parametrize(
    ("unit", "first", "since", "until", "expected"),
    [
        ("week", None, None, None, ("2026-09-07", "2026-11-25")),  # twelve weeks
        ("month", None, None, None, ("2025-12-01", "2026-11-25")),
        ("year", None, None, None, ("2015-01-01", "2026-11-25")),
        ("week", "2026-11-01", None, None, ("2026-11-01", "2026-11-25")),  # the first entry
        ("week", "2026-09-07", None, None, ("2026-09-07", "2026-11-25")),
        ("week", "2020-01-01", None, None, ("2026-09-07", "2026-11-25")),
        ("month", None, None, "2026-06-15", ("2025-07-01", "2026-06-15")),
        ("month", "2026-12-01", None, "2026-06-15", ("2026-06-15", "2026-06-15")),
        ("week", None, "2026-11-25", None, ("2026-11-25", "2026-11-25")),
        ("week", None, "2026-01-01", "2026-02-01", ("2026-01-01", "2026-02-01")),
    ],
)
def test_default_range(
    unit: str, first: str | None, since: str | None, until: str | None, expected: tuple[str, str]
) -> None:
    def day(iso: str | None) -> date | None:
        return d(iso) if iso else None

    assert default_range(unit, TODAY, day(first), day(since), day(until)) == tuple(map(d, expected))


def test_default_range_refuses_a_start_after_the_end() -> None:
    with pytest.raises(BadInput) as caught:
        default_range("week", TODAY, None, d("2026-11-26"), None)
    assert caught.value.message == (
        "--since 2026-11-26 is after --until 2026-11-25; swap them or pick another range."
    )


@pytest.mark.parametrize(
    ("unit", "since", "until", "expected"),
    [
        ("week", "2026-11-25", "2026-12-09", [
            ("2026-11-23", "2026-11-25", "2026-11-29"),
            ("2026-11-30", "2026-11-30", "2026-12-06"),
            ("2026-12-07", "2026-12-07", "2026-12-09"),
        ]),
        ("week", "2026-11-23", "2026-11-29", [("2026-11-23", "2026-11-23", "2026-11-29")]),
        ("month", "2026-11-15", "2027-01-10", [
            ("2026-11-01", "2026-11-15", "2026-11-30"),
            ("2026-12-01", "2026-12-01", "2026-12-31"),
            ("2027-01-01", "2027-01-01", "2027-01-10"),
        ]),
        ("year", "2025-06-01", "2026-02-01", [
            ("2025-01-01", "2025-06-01", "2025-12-31"),
            ("2026-01-01", "2026-01-01", "2026-02-01"),
        ]),
        ("month", "2026-11-25", "2026-11-25", [("2026-11-01", "2026-11-25", "2026-11-25")]),
    ],
)  # fmt: skip
def test_periods_are_clipped_to_the_range(
    unit: str, since: str, until: str, expected: list[tuple[str, str, str]]
) -> None:
    assert periods(unit, d(since), d(until)) == [tuple(map(d, row)) for row in expected]


def test_build_report_fills_quiet_periods_and_carries_the_balance() -> None:
    sums = [
        Sums(d("2026-11-23"), 3, -5, -2, 8, 2, 1, 0, 1, 1),
        Sums(d("2026-12-07"), 4, 0, 4, 12, 3, 0, 0, 1, 0),
        Sums(d("2027-01-04"), 100, 0, 100, 112, 0, 0, 0, 0, 0),  # outside: ignored
    ]
    report = build_report("week", d("2026-11-25"), d("2026-12-16"), 10, sums)
    assert report.rows == [
        ReportRow("2026-W48", d("2026-11-25"), d("2026-11-29"), 3, -5, -2, 8, 2, 1, 0, 1, 1),
        ReportRow("2026-W49", d("2026-11-30"), d("2026-12-06"), balance=8),
        ReportRow("2026-W50", d("2026-12-07"), d("2026-12-13"), 4, 0, 4, 12, 3, 0, 0, 1, 0),
        ReportRow("2026-W51", d("2026-12-14"), d("2026-12-16"), balance=12),
    ]
    assert report.totals == ReportRow(
        "total", d("2026-11-25"), d("2026-12-16"), 7, -5, 2, 12, 5, 1, 0, 2, 1
    )
    assert report.to_json() == {
        "unit": "week",
        "since": "2026-11-25",
        "until": "2026-12-16",
        "rows": [row.to_json() for row in report.rows],
        "totals": report.totals.to_json(),
    }


def test_an_empty_report_keeps_the_opening_balance() -> None:
    report = build_report("month", d("2026-10-01"), d("2026-11-25"), -7, [])
    assert [row.balance for row in report.rows] == [-7, -7]
    assert report.totals == ReportRow("total", d("2026-10-01"), d("2026-11-25"), balance=-7)


def test_row_json() -> None:
    row = ReportRow("2026-W48", d("2026-11-23"), d("2026-11-29"), 5, -10, -5, 20, 3, 1, 0, 2, 1)
    assert row.to_json() == {
        "period": "2026-W48",
        "start": "2026-11-23",
        "end": "2026-11-29",
        "deposits": 5,
        "withdrawals": -10,
        "net": -5,
        "balance": 20,
        "toward": 3,
        "away": 1,
        "against": 0,
        "kept": 2,
        "broken": 1,
        "turn_toward_rate": 0.75,
    }


@pytest.mark.parametrize(
    ("toward", "away", "against", "share"),
    [(3, 1, 0, 0.75), (1, 1, 1, 0.3333), (0, 0, 2, 0.0), (2, 0, 0, 1.0), (0, 0, 0, None)],
)
def test_turn_toward_rate(toward: int, away: int, against: int, share: float | None) -> None:
    row = ReportRow("w", TODAY, TODAY, toward=toward, away=away, against=against)
    assert row.turn_toward_rate == share


@pytest.mark.parametrize("year", [1900, 2000, 2026])
def test_check_year_accepts(year: int) -> None:
    assert check_year(year, TODAY) == year


@pytest.mark.parametrize("year", [1899, 2027, 0])
def test_check_year_refuses(year: int) -> None:
    with pytest.raises(BadInput) as caught:
        check_year(year, TODAY)
    assert caught.value.message == (
        f"--year {year} is outside the journal's range; use a year from 1900 to 2026."
    )


@pytest.mark.parametrize(
    ("year", "first", "columns"),
    [
        (2026, "2025-12-29", 53),
        (2024, "2024-01-01", 53),  # starts on a Monday
        (2012, "2011-12-26", 54),  # starts on a Sunday, leap year
        (2018, "2018-01-01", 53),
        (2017, "2016-12-26", 53),
    ],
)
def test_calendar_weeks(year: int, first: str, columns: int) -> None:
    assert calendar_weeks(year) == (d(first), columns)


@pytest.mark.parametrize(
    ("net", "shade"),
    [
        (0, 0),
        (1, 1), (2, 1), (3, 2), (5, 2), (6, 3), (9, 3), (10, 4), (500, 4),
        (-1, -1), (-4, -1), (-5, -2), (-9, -2), (-10, -3), (-24, -3), (-25, -4), (-500, -4),
    ],
)  # fmt: skip
def test_level(net: int, shade: int) -> None:
    assert level(net) == shade


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("a [b] c", [("a ", False), ("b", True), (" c", False)]),
        ("no match", [("no match", False)]),
        ("", []),
        ("[x][y]", [("x", True), ("y", True)]),
        ("a [] b", [("a ", False), (" b", False)]),
        ("a [b", [("a ", False), ("b", True)]),
    ],
)
def test_split_marked(text: str, pieces: list[tuple[str, bool]]) -> None:
    assert split_marked(text, "[", "]") == pieces


@pytest.mark.parametrize(
    ("low", "high", "most", "ticks"),
    [
        (0, 0, 6, [0]),
        (0, 3, 6, [0, 1, 2, 3]),
        (0, 5, 6, [0, 1, 2, 3, 4, 5]),
        (0, 6, 6, [0, 2, 4, 6]),
        (0, 10, 6, [0, 2, 4, 6, 8, 10]),
        (0, 11, 6, [0, 5, 10, 15]),
        (0, 25, 6, [0, 5, 10, 15, 20, 25]),
        (0, 26, 6, [0, 10, 20, 30]),
        (5, 40, 6, [0, 10, 20, 30, 40]),
        (-7, 23, 6, [-10, 0, 10, 20, 30]),
        (-30, -4, 6, [-30, -20, -10, 0]),
        (0, 251, 6, [0, 100, 200, 300]),
        (0, 10, 3, [0, 5, 10]),
    ],
)
def test_nice_ticks(low: int, high: int, most: int, ticks: list[int]) -> None:
    assert nice_ticks(low, high, most) == ticks

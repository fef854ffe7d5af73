"""A table of what people type for a day, and what it must mean (today: Wed 2026-11-25)."""

from __future__ import annotations

from datetime import date

import pytest

from trustlog.app.errors import BadInput
from trustlog.core.dates import parse_day

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 25)),
        ("Today", date(2026, 11, 25)),
        ("yesterday", date(2026, 11, 24)),
        ("3 days ago", date(2026, 11, 22)),
        ("1 day ago", date(2026, 11, 24)),
        ("a week ago", date(2026, 11, 18)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("1 month ago", date(2026, 10, 25)),
        ("wednesday", date(2026, 11, 25)),  # today included
        ("friday", date(2026, 11, 20)),  # the most recent one
        ("fri", date(2026, 11, 20)),
        ("monday", date(2026, 11, 23)),
        ("last wednesday", date(2026, 11, 18)),
        ("last week", date(2026, 11, 16)),
        ("last month", date(2026, 10, 1)),
        ("this month", date(2026, 11, 1)),
        ("2026-11-20", date(2026, 11, 20)),
        ("Nov 20", date(2026, 11, 20)),
        ("20 November 2026", date(2026, 11, 20)),
        ("20 November 2025", date(2025, 11, 20)),
        ("Dec 30", date(2025, 12, 30)),  # no year and in the future: the one just past
        ("  2  days   ago ", date(2026, 11, 23)),
        ("28", date(2026, 10, 28)),  # a bare day of the month: the most recent one
        ("25", date(2026, 11, 25)),
        ("31", date(2026, 10, 31)),
    ],
)
def test_days_people_type(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", date(2026, 11, 26)),
        ("next friday", date(2026, 11, 27)),
        ("next wednesday", date(2026, 12, 2)),
        ("2026-12-24", date(2026, 12, 24)),
        ("Dec 24", date(2026, 12, 24)),
        ("28", date(2026, 11, 28)),
        ("5", date(2026, 12, 5)),
    ],
)
def test_future_where_it_makes_sense(text: str, expected: date) -> None:
    assert parse_day(text, TODAY, future_ok=True, option="--due") == expected


@pytest.mark.parametrize("text", ["tomorrow", "next friday", "2027-01-01", "in 3 days ago"])
def test_the_future_is_refused_for_entries(text: str) -> None:
    with pytest.raises(BadInput):
        parse_day(text, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "blursday",
        "next blursday",
        "3 fortnights ago",
        "x days ago",
        "2026-13-45",
        "?!",
        "yesterday-ish",
        "5pm",
        "12:30",
        "2026",
        "32",
        "0",
        "99999999 days ago",
        "9999 years ago",
    ],
)
def test_nonsense_names_the_value(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_day(text, TODAY)
    assert "--on" in caught.value.message
    if text.strip():
        assert repr(text) in caught.value.message


def test_a_superscript_digit_is_not_a_day_of_the_month() -> None:
    with pytest.raises(BadInput):
        parse_day("²", date(2026, 11, 25))

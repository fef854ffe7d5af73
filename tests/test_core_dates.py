"""What people type for a day, as tables against fixed days (mostly Wed 2026-11-25)."""

from __future__ import annotations

from datetime import date

import pytest

from trustlog.app.errors import BadInput
from trustlog.core.dates import parse_day, parse_range

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(autouse=True)
def isolated() -> None:
    """Overrides conftest's journal-per-test: these rules touch no file (core imports
    nothing that could), and a tmp_path per row would make the tables 10x slower."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 25)),
        ("TODAY", date(2026, 11, 25)),
        ("yesterday", date(2026, 11, 24)),
        ("  2  days   ago ", date(2026, 11, 23)),
        ("0 days ago", date(2026, 11, 25)),
        ("1 day ago", date(2026, 11, 24)),
        ("a day ago", date(2026, 11, 24)),
        ("one day ago", date(2026, 11, 24)),
        ("an week ago", date(2026, 11, 18)),
        ("3 days ago", date(2026, 11, 22)),
        ("1 week ago", date(2026, 11, 18)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("1 month ago", date(2026, 10, 25)),
        ("2 months ago", date(2026, 9, 25)),
        ("a year ago", date(2025, 11, 25)),
        ("2 years ago", date(2024, 11, 25)),
        ("this week", date(2026, 11, 23)),
        ("last week", date(2026, 11, 16)),
        ("this month", date(2026, 11, 1)),
        ("last month", date(2026, 10, 1)),
        ("this year", date(2026, 1, 1)),
        ("last year", date(2025, 1, 1)),
        # a weekday alone is the most recent one, today included
        ("monday", date(2026, 11, 23)),
        ("mon", date(2026, 11, 23)),
        ("tuesday", date(2026, 11, 24)),
        ("tue", date(2026, 11, 24)),
        ("tues", date(2026, 11, 24)),
        ("wednesday", date(2026, 11, 25)),
        ("wed", date(2026, 11, 25)),
        ("thursday", date(2026, 11, 19)),
        ("thu", date(2026, 11, 19)),
        ("thur", date(2026, 11, 19)),
        ("thurs", date(2026, 11, 19)),
        ("friday", date(2026, 11, 20)),
        ("fri", date(2026, 11, 20)),
        ("saturday", date(2026, 11, 21)),
        ("sat", date(2026, 11, 21)),
        ("sunday", date(2026, 11, 22)),
        ("sun", date(2026, 11, 22)),
        # "last X" is strictly before today
        ("last wednesday", date(2026, 11, 18)),
        ("last tuesday", date(2026, 11, 24)),
        ("last thursday", date(2026, 11, 19)),
        ("this wednesday", date(2026, 11, 25)),
        # written-out and ISO days
        ("2026-11-20", date(2026, 11, 20)),
        ("20261120", date(2026, 11, 20)),
        ("Nov 20", date(2026, 11, 20)),
        ("Nov 25", date(2026, 11, 25)),  # today, not a year ago
        ("Nov 26", date(2025, 11, 26)),  # tomorrow's date means last year's
        ("Dec 30", date(2025, 12, 30)),
        ("20 November 2025", date(2025, 11, 20)),
        # a bare day of the month is the most recent one
        ("25", date(2026, 11, 25)),
        ("1", date(2026, 11, 1)),
        ("26", date(2026, 10, 26)),
        ("31", date(2026, 10, 31)),
    ],
)
def test_days_people_type(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("last month", date(2026, 1, 15), date(2025, 12, 1)),
        ("28", date(2026, 1, 10), date(2025, 12, 28)),  # back across a year end
        ("29", date(2026, 3, 10), date(2026, 1, 29)),  # 2026 has no 29 February
        ("29", date(2028, 3, 10), date(2028, 2, 29)),
        ("30", date(2026, 3, 15), date(2026, 1, 30)),
        ("Feb 29", date(2028, 3, 10), date(2028, 2, 29)),
        ("Dec 30", date(2027, 1, 3), date(2026, 12, 30)),
        ("1 month ago", date(2026, 3, 31), date(2026, 2, 28)),
        ("1 year ago", date(2028, 2, 29), date(2027, 2, 28)),
    ],
)
def test_days_near_month_and_year_ends(text: str, today: date, expected: date) -> None:
    assert parse_day(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("tomorrow", TODAY, date(2026, 11, 26)),
        ("25", TODAY, date(2026, 11, 25)),  # `--due 25` on the 25th is today
        ("26", TODAY, date(2026, 11, 26)),
        ("24", TODAY, date(2026, 12, 24)),
        ("5", TODAY, date(2026, 12, 5)),
        ("31", TODAY, date(2026, 12, 31)),
        ("5", date(2026, 12, 25), date(2027, 1, 5)),  # ahead across a year end
        ("30", date(2027, 1, 31), date(2027, 3, 30)),
        ("Nov 25", TODAY, date(2026, 11, 25)),
        ("Dec 24", TODAY, date(2026, 12, 24)),
        ("Nov 20", TODAY, date(2026, 11, 20)),  # the past is fine when the future is
        ("2027-01-01", TODAY, date(2027, 1, 1)),
        ("next wednesday", TODAY, date(2026, 12, 2)),
        ("next thursday", TODAY, date(2026, 11, 26)),
        ("next tuesday", TODAY, date(2026, 12, 1)),
        ("this friday", TODAY, date(2026, 11, 27)),
        ("this monday", TODAY, date(2026, 11, 30)),
    ],
)
def test_future_days_where_they_are_wanted(text: str, today: date, expected: date) -> None:
    assert parse_day(text, today, future_ok=True, option="--due") == expected


@pytest.mark.parametrize(
    "text", ["tomorrow", "next friday", "this friday", "2026-11-26", "Dec 24 2026", "Nov 26 2026"]
)
def test_the_future_is_refused_for_entries(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_day(text, TODAY)
    assert caught.value.message.startswith(f"--on {text!r} is 2026-")
    assert caught.value.message.endswith(
        ", in the future; the journal records what has already happened."
    )


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("blursday", TODAY),
        ("next blursday", TODAY),
        ("3 fortnights ago", TODAY),
        ("x days ago", TODAY),
        ("days ago", TODAY),
        ("ago", TODAY),
        ("99999999 days ago", TODAY),
        ("2026-13-45", TODAY),
        ("?!", TODAY),
        ("5pm", TODAY),
        ("2026", TODAY),
        ("32", TODAY),
        ("0", TODAY),
        ("March", date(2026, 3, 2)),  # a month names no day
        ("20th", date(2026, 3, 25)),  # nor does a day without its month
        ("Feb 29", date(2027, 3, 1)),
    ],
)
def test_nonsense_is_refused_naming_it(text: str, today: date) -> None:
    with pytest.raises(BadInput) as caught:
        parse_day(text, today, option="--since")
    assert caught.value.message == (
        f"--since: {text!r} is not a date I understand (try today, yesterday, '3 days ago', "
        "friday, 'last week' or 2026-11-20)."
    )


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_day_asks_for_one(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_day(text, TODAY)
    assert caught.value.message == (
        "--on needs a date (try today, yesterday, '3 days ago', friday, 'last week' or 2026-11-20)."
    )


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (None, None, (None, None)),
        ("monday", None, (date(2026, 11, 23), None)),
        (None, "tomorrow", (None, date(2026, 11, 26))),  # a view's end may be ahead
        ("monday", "monday", (date(2026, 11, 23), date(2026, 11, 23))),
        ("last month", "this month", (date(2026, 10, 1), date(2026, 11, 1))),
    ],
)
def test_parse_range(
    since: str | None, until: str | None, expected: tuple[date | None, date | None]
) -> None:
    assert parse_range(since, until, TODAY) == expected


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        (
            "today",
            "yesterday",
            "--since 2026-11-25 is after --until 2026-11-24; swap them or pick another range.",
        ),
        ("tomorrow", None, "--since 'tomorrow' is 2026-11-26, in the future;"),
        (None, "blursday", "--until: 'blursday' is not a date I understand"),
    ],
)
def test_parse_range_refusals_name_the_option(
    since: str | None, until: str | None, message: str
) -> None:
    with pytest.raises(BadInput) as caught:
        parse_range(since, until, TODAY)
    assert caught.value.message.startswith(message)

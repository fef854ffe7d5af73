"""Recurrence rules: what people type for --every, and the days it means."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustlog.app.errors import BadInput
from trustlog.core.recurrence import (
    after,
    describe,
    has_occurrence,
    occurrences,
    parse_rule,
)


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("daily", "FREQ=DAILY"),
        ("every day", "FREQ=DAILY"),
        ("weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekly", "FREQ=WEEKLY"),
        ("every week", "FREQ=WEEKLY"),
        ("monthly", "FREQ=MONTHLY"),
        ("yearly", "FREQ=YEARLY"),
        ("weekends", "FREQ=WEEKLY;BYDAY=SA,SU"),
        ("friday", "FREQ=WEEKLY;BYDAY=FR"),
        ("Friday", "FREQ=WEEKLY;BYDAY=FR"),
        ("fri", "FREQ=WEEKLY;BYDAY=FR"),
        ("fridays", "FREQ=WEEKLY;BYDAY=FR"),
        ("every friday", "FREQ=WEEKLY;BYDAY=FR"),
        ("  every   friday ", "FREQ=WEEKLY;BYDAY=FR"),
        ("mon,thu", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("mo,th", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("thu, mon", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("every mon and thu", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("3 days", "FREQ=DAILY;INTERVAL=3"),
        ("2 months", "FREQ=MONTHLY;INTERVAL=2"),
        ("every other friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("2 weeks on fri", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;BYDAY=FR"),
        ("RRULE:FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;BYDAY=FR"),
        ("freq=weekly;byday=fr", "FREQ=WEEKLY;BYDAY=FR"),
        ("every FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;BYDAY=FR"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("FREQ=DAILY;COUNT=3", "FREQ=DAILY;COUNT=3"),
        ("FREQ=WEEKLY;UNTIL=20261231", "FREQ=WEEKLY;UNTIL=20261231T000000"),
    ],
)
def test_rules_people_type(typed: str, rule: str) -> None:
    assert parse_rule(typed) == rule


def test_friendly_words_and_rrule_are_the_same_rule() -> None:
    assert parse_rule("friday") == parse_rule("every friday") == parse_rule("FREQ=WEEKLY;BYDAY=FR")


@pytest.mark.parametrize(
    "typed",
    [
        "fortnightly-ish",
        "every",
        "friday the 13th",
        "0 days",
        "2 months on friday",
        "FREQ=BOGUS",
        "FREQ=MINUTELY",
        "FREQ=HOURLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;BYHOUR=9",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=DAILY;COUNT=-1",
        "FREQ=MONTHLY;BYMONTHDAY=40",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=WEEKLY;UNTIL=2020",
        "FREQ=WEEKLY;FREQ=DAILY",
        "FREQ=WEEKLY;DTSTART=20200101",
        "BYDAY=FR",
        "FOO=1",
        "=",
    ],
)
def test_unknown_rules_are_refused_naming_the_rule(typed: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_rule(typed)
    assert repr(typed) in caught.value.message
    assert caught.value.exit_code == 2


def test_an_empty_rule_asks_for_one() -> None:
    with pytest.raises(BadInput, match="needs a rule"):
        parse_rule("  ")


@pytest.mark.parametrize(
    ("rule", "reading"),
    [
        ("FREQ=DAILY", "daily"),
        ("FREQ=WEEKLY", "weekly"),
        ("FREQ=MONTHLY", "monthly"),
        ("FREQ=WEEKLY;BYDAY=FR", "every Fri"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "every Mon, Thu"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "weekdays"),
        ("FREQ=WEEKLY;INTERVAL=2", "every other week"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every other Fri"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=FR", "every 3 weeks on Fri"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
    ],
)
def test_describe(rule: str, reading: str) -> None:
    assert describe(rule) == reading


def test_a_promise_made_mid_week_first_falls_due_on_its_day() -> None:
    wednesday = date(2026, 11, 25)
    fridays = occurrences("FREQ=WEEKLY;BYDAY=FR", wednesday, date(2026, 12, 12))
    assert fridays == [date(2026, 11, 27), date(2026, 12, 4), date(2026, 12, 11)]
    # "weekly" alone repeats on the weekday the promise was made, from that day.
    assert occurrences("FREQ=WEEKLY", wednesday, date(2026, 12, 9)) == [
        wednesday,
        date(2026, 12, 2),
        date(2026, 12, 9),
    ]


@pytest.mark.parametrize(
    ("start", "until", "expected"),
    [
        # across a month end
        (date(2026, 1, 26), date(2026, 2, 10), ["2026-01-30", "2026-02-06"]),
        # across the European spring DST change (29 March 2026)
        (date(2026, 3, 23), date(2026, 4, 5), ["2026-03-27", "2026-04-03"]),
        # across the US autumn change (1 Nov 2026) and the European one (25 Oct)
        (date(2026, 10, 19), date(2026, 11, 8), ["2026-10-23", "2026-10-30", "2026-11-06"]),
        # across a year end
        (date(2026, 12, 28), date(2027, 1, 10), ["2027-01-01", "2027-01-08"]),
    ],
)
def test_weekly_rule_across_months_and_dst(start: date, until: date, expected: list[str]) -> None:
    found = occurrences("FREQ=WEEKLY;BYDAY=FR", start, until)
    assert [day.isoformat() for day in found] == expected


def test_occurrences_start_on_the_day_made_and_stop_at_until() -> None:
    start = date(2026, 11, 25)
    assert occurrences("FREQ=DAILY", start, start) == [start]
    assert occurrences("FREQ=DAILY", start, start - timedelta(days=1)) == []
    assert occurrences("FREQ=DAILY;COUNT=2", start, date(2027, 1, 1)) == [
        start,
        date(2026, 11, 26),
    ]


def test_after_is_strictly_after() -> None:
    start = date(2026, 11, 25)
    ahead = after("FREQ=WEEKLY;BYDAY=FR", start, date(2026, 11, 27))
    assert next(ahead) == date(2026, 12, 4)
    assert list(after("FREQ=DAILY;COUNT=2", start, date(2026, 11, 26))) == []


def test_impossible_rules() -> None:
    assert not has_occurrence("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", date(2026, 1, 1))
    assert has_occurrence("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2026, 1, 1))
    assert not has_occurrence("FREQ=WEEKLY;UNTIL=20200101", date(2026, 1, 1))


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    weekday=st.integers(min_value=0, max_value=6),
    weeks=st.integers(min_value=1, max_value=60),
)
def test_weekly_rule_is_always_seven_days_apart_on_its_weekday(
    start: date, weekday: int, weeks: int
) -> None:
    rule = parse_rule(WEEKDAY_CODES[weekday].lower())
    found = occurrences(rule, start, start + timedelta(weeks=weeks))
    assert len(found) in (weeks, weeks + 1)
    assert all(day.weekday() == weekday for day in found)
    assert found[0] >= start
    assert found[0] - start < timedelta(days=7)
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(found))


@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    days=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=7, unique=True),
)
def test_listed_weekdays_give_exactly_those_days(start: date, days: list[int]) -> None:
    names = ",".join(WEEKDAY_CODES[d].lower() for d in days)
    found = occurrences(parse_rule(names), start, start + timedelta(days=27))
    assert {day.weekday() for day in found} == set(days)
    assert len(found) == 4 * len(days)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 8, 31), ["2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30"]),
        (date(2027, 1, 30), ["2027-01-30", "2027-02-28", "2027-03-30", "2027-04-30"]),
        (date(2026, 1, 15), ["2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15"]),
    ],
)
def test_monthly_from_a_late_day_never_skips_a_short_month(
    start: date, expected: list[str]
) -> None:
    found = occurrences(parse_rule("monthly"), start, start + timedelta(days=95))
    assert [day.isoformat() for day in found] == expected

"""Recurrence rules as tables: what `--every` accepts, the days a rule means, how it reads."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import islice

import pytest

from trustlog.app.errors import BadInput
from trustlog.core.recurrence import (
    after,
    describe,
    has_occurrence,
    occurrences,
    parse_rule,
)

WEDNESDAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def isolated() -> None:
    """Overrides conftest's journal-per-test: these rules touch no file (core imports
    nothing that could), and a tmp_path per row would make the tables 10x slower."""


def days(*isos: str) -> list[date]:
    return [date.fromisoformat(iso) for iso in isos]


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("daily", "FREQ=DAILY"),
        ("day", "FREQ=DAILY"),
        ("weekly", "FREQ=WEEKLY"),
        ("week", "FREQ=WEEKLY"),
        ("monthly", "FREQ=MONTHLY"),
        ("month", "FREQ=MONTHLY"),
        ("yearly", "FREQ=YEARLY"),
        ("annually", "FREQ=YEARLY"),
        ("year", "FREQ=YEARLY"),
        ("weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekend", "FREQ=WEEKLY;BYDAY=SA,SU"),
        ("Every Weekends", "FREQ=WEEKLY;BYDAY=SA,SU"),
        ("monday", "FREQ=WEEKLY;BYDAY=MO"),
        ("tuesday", "FREQ=WEEKLY;BYDAY=TU"),
        ("wednesday", "FREQ=WEEKLY;BYDAY=WE"),
        ("thursday", "FREQ=WEEKLY;BYDAY=TH"),
        ("friday", "FREQ=WEEKLY;BYDAY=FR"),
        ("saturday", "FREQ=WEEKLY;BYDAY=SA"),
        ("sunday", "FREQ=WEEKLY;BYDAY=SU"),
        ("tues", "FREQ=WEEKLY;BYDAY=TU"),
        ("thurs", "FREQ=WEEKLY;BYDAY=TH"),
        ("mondays", "FREQ=WEEKLY;BYDAY=MO"),
        ("sundays", "FREQ=WEEKLY;BYDAY=SU"),
        ("su", "FREQ=WEEKLY;BYDAY=SU"),
        ("sun,mon", "FREQ=WEEKLY;BYDAY=MO,SU"),  # Monday first, as RFC 5545 counts
        ("fri, friday fridays", "FREQ=WEEKLY;BYDAY=FR"),  # each day once
        ("mon and thu", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("mon,wed and fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("1 week", "FREQ=WEEKLY"),
        ("2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("2 week", "FREQ=WEEKLY;INTERVAL=2"),
        ("10 days", "FREQ=DAILY;INTERVAL=10"),
        ("3 years", "FREQ=YEARLY;INTERVAL=3"),
        ("other week", "FREQ=WEEKLY;INTERVAL=2"),
        ("second month", "FREQ=MONTHLY;INTERVAL=2"),
        ("two days", "FREQ=DAILY;INTERVAL=2"),
        ("three weeks", "FREQ=WEEKLY;INTERVAL=3"),
        ("every four months", "FREQ=MONTHLY;INTERVAL=4"),
        ("other friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("2 fridays", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("2 weeks on mon,thu", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
        ("rrule:freq=daily", "FREQ=DAILY"),
        ("every FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;BYDAY=FR"),
        ("FREQ=WEEKLY;WKST=SU;BYDAY=FR", "FREQ=WEEKLY;WKST=SU;BYDAY=FR"),
        ("FREQ=DAILY;INTERVAL=1000", "FREQ=DAILY;INTERVAL=1000"),
        ("FREQ=DAILY;COUNT=100000", "FREQ=DAILY;COUNT=100000"),
        ("FREQ=YEARLY;BYMONTH=1", "FREQ=YEARLY;BYMONTH=1"),
        ("FREQ=YEARLY;BYMONTH=12", "FREQ=YEARLY;BYMONTH=12"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "FREQ=MONTHLY;BYMONTHDAY=1,15"),
        ("FREQ=MONTHLY;BYMONTHDAY=-31", "FREQ=MONTHLY;BYMONTHDAY=-31"),
        ("FREQ=MONTHLY;BYMONTHDAY=+5", "FREQ=MONTHLY;BYMONTHDAY=5"),
        ("FREQ=YEARLY;BYYEARDAY=-366", "FREQ=YEARLY;BYYEARDAY=-366"),
        ("FREQ=YEARLY;BYYEARDAY=366", "FREQ=YEARLY;BYYEARDAY=366"),
        ("FREQ=YEARLY;BYWEEKNO=-53", "FREQ=YEARLY;BYWEEKNO=-53"),
        ("FREQ=YEARLY;BYWEEKNO=53", "FREQ=YEARLY;BYWEEKNO=53"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-366", "FREQ=MONTHLY;BYSETPOS=-366;BYDAY=MO"),
        ("FREQ=WEEKLY;UNTIL=20261231", "FREQ=WEEKLY;UNTIL=20261231T000000"),
        ("FREQ=WEEKLY;UNTIL=20261231T120000", "FREQ=WEEKLY;UNTIL=20261231T120000"),
    ],
)
def test_rules_people_type(typed: str, rule: str) -> None:
    assert parse_rule(typed) == rule


@pytest.mark.parametrize(
    "typed",
    [
        "0 weeks",
        "2 months on friday",
        "2 days on mon",
        "2 blursdays",
        "and",
        "every and",
        "mon, blursday",
        "FREQ=DAILY;",
        "FREQ=DAILY;INTERVAL",
        "FREQ=DAILY;INTERVAL=1001",
        "FREQ=DAILY;COUNT=100001",
        "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;COUNT=x",
        "FREQ=YEARLY;BYMONTH=0",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=YEARLY;BYMONTH=-1",
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=MONTHLY;BYMONTHDAY=-32",
        "FREQ=YEARLY;BYYEARDAY=367",
        "FREQ=YEARLY;BYYEARDAY=-367",
        "FREQ=YEARLY;BYWEEKNO=54",
        "FREQ=YEARLY;BYWEEKNO=-54",
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0",
        "FREQ=WEEKLY;UNTIL=2026-12-31",
        "FREQ=WEEKLY;BYSECOND=5",
        "FREQ=SECONDLY",
        "INTERVAL=2",
    ],
)
def test_unknown_rules_are_refused_naming_the_rule(typed: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_rule(typed, option="--rule")
    assert caught.value.message == (
        f"--rule: {typed!r} is not a rule I understand (try daily, weekdays, weekly, monthly, "
        "friday, 'mon,thu', '2 weeks' or an RRULE such as FREQ=WEEKLY;BYDAY=FR)."
    )


def test_an_empty_rule_asks_for_one() -> None:
    with pytest.raises(BadInput) as caught:
        parse_rule(" ")
    assert caught.value.message.startswith("--every needs a rule (try daily, weekdays,")


@pytest.mark.parametrize(
    ("rule", "start", "until", "expected"),
    [
        # a plain monthly rule made on the 29th-31st takes the month's last day when short
        ("FREQ=MONTHLY", date(2026, 1, 29), date(2026, 4, 30),
         days("2026-01-29", "2026-02-28", "2026-03-29", "2026-04-29")),
        ("FREQ=MONTHLY", date(2028, 1, 30), date(2028, 3, 31),
         days("2028-01-30", "2028-02-29", "2028-03-30")),
        ("FREQ=MONTHLY", date(2026, 1, 28), date(2026, 3, 31),
         days("2026-01-28", "2026-02-28", "2026-03-28")),
        ("FREQ=MONTHLY;INTERVAL=2", date(2026, 3, 31), date(2026, 7, 31),
         days("2026-03-31", "2026-05-31", "2026-07-31")),
        ("FREQ=MONTHLY;INTERVAL=3", date(2026, 8, 31), date(2027, 3, 1),
         days("2026-08-31", "2026-11-30", "2027-02-28")),
        # rules that name their own days are left as written
        ("FREQ=MONTHLY;BYMONTHDAY=15", date(2026, 1, 30), date(2026, 3, 31),
         days("2026-02-15", "2026-03-15")),
        ("FREQ=MONTHLY;BYDAY=-1FR", date(2026, 1, 30), date(2026, 3, 31),
         days("2026-01-30", "2026-02-27", "2026-03-27")),
        ("FREQ=MONTHLY;BYMONTHDAY=31", date(2026, 1, 31), date(2026, 4, 30),
         days("2026-01-31", "2026-03-31")),
        ("FREQ=MONTHLY;BYSETPOS=1", date(2026, 1, 30), date(2026, 3, 31),
         days("2026-01-30", "2026-03-30")),
        ("FREQ=MONTHLY;BYYEARDAY=60", date(2026, 1, 30), date(2026, 3, 31),
         days("2026-03-01")),
        # only monthly rules are adjusted
        ("FREQ=DAILY", date(2026, 1, 30), date(2026, 2, 2),
         days("2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02")),
        ("FREQ=YEARLY", date(2028, 2, 29), date(2033, 1, 1), days("2028-02-29", "2032-02-29")),
        ("FREQ=WEEKLY;BYDAY=FR", WEDNESDAY, date(2026, 12, 11),
         days("2026-11-27", "2026-12-04", "2026-12-11")),
        ("FREQ=DAILY", WEDNESDAY, WEDNESDAY, [WEDNESDAY]),
        ("FREQ=DAILY", WEDNESDAY, WEDNESDAY - timedelta(days=1), []),
        ("FREQ=DAILY;COUNT=2", WEDNESDAY, date(2027, 1, 1), days("2026-11-25", "2026-11-26")),
    ],
)  # fmt: skip
def test_occurrences(rule: str, start: date, until: date, expected: list[date]) -> None:
    assert occurrences(rule, start, until) == expected


@pytest.mark.parametrize(
    ("rule", "day", "expected"),
    [
        ("FREQ=DAILY", WEDNESDAY, days("2026-11-26", "2026-11-27")),
        ("FREQ=WEEKLY;BYDAY=FR", date(2026, 11, 27), days("2026-12-04", "2026-12-11")),
        ("FREQ=WEEKLY;BYDAY=FR", date(2026, 11, 1), days("2026-11-27", "2026-12-04")),
        ("FREQ=MONTHLY", date(2027, 1, 31), days("2027-02-28", "2027-03-31")),
        ("FREQ=DAILY;COUNT=2", WEDNESDAY, days("2026-11-26")),
        ("FREQ=DAILY;COUNT=2", date(2026, 11, 26), []),
    ],
)
def test_after_is_strictly_after(rule: str, day: date, expected: list[date]) -> None:
    start = WEDNESDAY if "MONTHLY" not in rule else date(2026, 12, 31)
    assert list(islice(after(rule, start, day), 2)) == expected


@pytest.mark.parametrize(
    ("rule", "start", "possible"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2026, 1, 1), True),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", date(2026, 1, 1), False),
        ("FREQ=WEEKLY;UNTIL=20200101", date(2026, 1, 1), False),
        ("FREQ=DAILY", date(9995, 6, 1), True),  # near the calendar's end
        # the search looks eight years ahead, to the first of the start's month
        ("FREQ=YEARLY;INTERVAL=8;BYMONTH=6;BYMONTHDAY=1", date(2026, 6, 2), True),
        ("FREQ=YEARLY;INTERVAL=8;BYMONTH=6;BYMONTHDAY=2", date(2026, 6, 3), False),
        ("FREQ=YEARLY;INTERVAL=9;BYMONTH=6;BYMONTHDAY=1", date(2026, 6, 2), False),
    ],
)
def test_has_occurrence(rule: str, start: date, possible: bool) -> None:
    assert has_occurrence(rule, start) is possible


@pytest.mark.parametrize(
    ("rule", "reading"),
    [
        ("FREQ=DAILY", "daily"),
        ("FREQ=WEEKLY", "weekly"),
        ("FREQ=MONTHLY", "monthly"),
        ("FREQ=YEARLY", "yearly"),
        ("FREQ=DAILY;INTERVAL=1", "daily"),
        ("FREQ=DAILY;INTERVAL=2", "every other day"),
        ("FREQ=WEEKLY;INTERVAL=2", "every other week"),
        ("FREQ=MONTHLY;INTERVAL=2", "every other month"),
        ("FREQ=YEARLY;INTERVAL=2", "every other year"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=WEEKLY;INTERVAL=3", "every 3 weeks"),
        ("FREQ=MONTHLY;INTERVAL=3", "every 3 months"),
        ("FREQ=YEARLY;INTERVAL=10", "every 10 years"),
        ("FREQ=WEEKLY;BYDAY=MO", "every Mon"),
        ("FREQ=WEEKLY;BYDAY=TU", "every Tue"),
        ("FREQ=WEEKLY;BYDAY=WE", "every Wed"),
        ("FREQ=WEEKLY;BYDAY=TH", "every Thu"),
        ("FREQ=WEEKLY;BYDAY=FR", "every Fri"),
        ("FREQ=WEEKLY;BYDAY=SA", "every Sat"),
        ("FREQ=WEEKLY;BYDAY=SU", "every Sun"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "every Mon, Thu"),
        ("FREQ=WEEKLY;WKST=SU;BYDAY=FR", "every Fri"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "weekdays"),
        ("FREQ=WEEKLY;BYDAY=SA,SU", "weekends"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU", "every other Sat, Sun"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR", "every other Mon, Tue, Wed, Thu, Fri"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every other Fri"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=FR", "every 3 weeks on Fri"),
        ("FREQ=WEEKLY;INTERVAL=4;BYDAY=SA,SU", "every 4 weeks on Sat, Sun"),
        # what the words cannot say is shown as the rule itself
        ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=MONTHLY;BYDAY=FR", "FREQ=MONTHLY;BYDAY=FR"),
        ("FREQ=WEEKLY;BYDAY=1FR", "FREQ=WEEKLY;BYDAY=1FR"),
        ("FREQ=DAILY;COUNT=3", "FREQ=DAILY;COUNT=3"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("FREQ=HOURLY", "FREQ=HOURLY"),
        ("INTERVAL=2", "INTERVAL=2"),
    ],
)
def test_describe(rule: str, reading: str) -> None:
    assert describe(rule) == reading


@pytest.mark.parametrize(
    "typed",
    ["daily", "weekdays", "weekends", "friday", "mon,thu", "2 weeks", "other friday", "3 months"],
)
def test_a_typed_rule_reads_back_without_rrule_syntax(typed: str) -> None:
    assert "=" not in describe(parse_rule(typed))

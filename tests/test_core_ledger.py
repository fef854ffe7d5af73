"""The bank account's pure rules as tables: amounts, tags, rates, streaks (Wed 2026-11-25)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from trustlog.app.errors import BadInput
from trustlog.core.ledger import (
    amount_for,
    clean_tag,
    percent,
    rate,
    ratio,
    running_balances,
    signed,
    streak,
    tags_in,
    week_start,
)
from trustlog.core.models import Entry

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(autouse=True)
def isolated() -> None:
    """Overrides conftest's journal-per-test: these rules touch no file (core imports
    nothing that could), and a tmp_path per row would make the tables 10x slower."""


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("kind", "weights", "given", "amount"),
    [
        ("deposit", {}, 5, 5),
        ("withdraw", {}, 5, -5),
        ("deposit", {}, 1, 1),
        ("deposit", {}, 1_000_000, 1_000_000),
        ("withdraw", {}, 1_000_000, -1_000_000),
        ("toward", {}, None, 1),
        ("away", {}, None, -5),
        ("against", {}, None, -10),
        ("kept", {}, None, 1),
        ("broken", {}, None, -5),
        ("minor", {}, None, -25),
        ("major", {}, None, -100),
        ("severe", {}, None, -250),
        ("toward", {"toward": 3}, None, 3),  # the config's weight wins
        ("toward", {"toward": 0}, None, 0),  # a weight of zero is still a weight
        ("away", {"toward": 3}, None, -5),  # other kinds keep the default
        ("repair", {"repair": 2}, None, 2),  # a kind with no default, configured
        ("toward", {"toward": 3}, 7, 7),  # an explicit amount beats any weight
        ("away", {}, 0, 0),
    ],
)
def test_amount_for(kind: str, weights: dict[str, int], given: int | None, amount: int) -> None:
    assert amount_for(kind, weights, given) == amount


@pytest.mark.parametrize(
    ("kind", "given"),
    [
        ("deposit", None),
        ("deposit", 0),
        ("deposit", -3),
        ("deposit", 1_000_001),
        ("withdraw", None),
        ("withdraw", 0),
        ("withdraw", 1_000_001),
    ],
)
def test_amounts_out_of_range_are_refused(kind: str, given: int | None) -> None:
    with pytest.raises(BadInput) as caught:
        amount_for(kind, {}, given)
    assert caught.value.message == "The amount must be a whole number from 1 to 1,000,000."
    assert caught.value.exit_code == 2


def test_a_kind_with_no_weight_is_refused_by_name() -> None:
    with pytest.raises(BadInput) as caught:
        amount_for("repair", {"toward": 1})
    assert caught.value.message == "There is no weight for 'repair'."


@pytest.mark.parametrize(
    ("typed", "tag"),
    [
        ("@Home", "home"),
        ("#Work", "work"),
        ("  sam  ", "sam"),
        ("@@double", "double"),
        ("=weekend", "weekend"),  # `-t=weekend`
        ("@Xavier", "xavier"),
        ("#TAX", "tax"),
        ("@dinner.", "dinner"),
        ("#date-night!", "date-night"),
        ("@'quoted'", "quoted"),
        ('@"quoted"', "quoted"),
        ("@[list]", "list"),
        ("#kids;", "kids"),
        ("@paris,", "paris"),
        ("@home:", "home"),
        ("@why?", "why"),
        ("@so)", "so"),
        ("@x(", "x"),
        ("@a.b", "a.b"),  # a mark inside keeps its dot
    ],
)
def test_clean_tag(typed: str, tag: str) -> None:
    assert clean_tag(typed) == tag


@pytest.mark.parametrize(
    ("note", "extra", "tags"),
    [
        ("dinner @home with #Sam", (), ("home", "sam")),
        ("#b then @a", (), ("b", "a")),  # in the order written
        ("@home #Home @HOME home", (), ("home",)),  # once, case-blind
        ("walk @park", ("Park", "kids"), ("park", "kids")),  # -t tags join, once
        ("", ("#work",), ("work",)),
        ("mail me@example.com", (), ()),  # a mark inside a word is not a tag
        ("@ alone", (), ()),
        ("@a b", (), ("a",)),
        ("@! #?", (), ()),  # nothing left after trimming
        ("Xmas dinner", (), ()),
        ("plain words only", (), ()),
    ],
)
def test_tags_in(note: str, extra: tuple[str, ...], tags: tuple[str, ...]) -> None:
    assert tags_in(note, extra) == tags


@pytest.mark.parametrize(
    ("part", "whole", "share"),
    [
        (1, 3, 0.3333),
        (2, 3, 0.6667),
        (1, 1, 1.0),
        (0, 4, 0.0),
        (0, 0, None),
        (3, 0, None),
    ],
)
def test_rate(part: int, whole: int, share: float | None) -> None:
    assert rate(part, whole) == share


@pytest.mark.parametrize(
    ("positives", "negatives", "expected"),
    [
        (7, 3, 2.33),
        (2, 3, 0.67),
        (5, 1, 5.0),
        (1, 1, 1.0),
        (0, 2, 0.0),
        (5, 0, None),
        (0, 0, None),
    ],
)
def test_ratio(positives: int, negatives: int, expected: float | None) -> None:
    assert ratio(positives, negatives) == expected


@pytest.mark.parametrize(
    ("days", "count"),
    [
        ([], 0),
        ([ago(0)], 1),
        ([ago(1)], 1),  # the grace day: tonight's entry has not come yet
        ([ago(2)], 0),
        ([ago(0), ago(1), ago(2)], 3),
        ([ago(1), ago(2), ago(3)], 3),
        ([ago(0), ago(2), ago(3)], 1),  # a gap ends the streak
        ([ago(1), ago(3)], 1),
        ([ago(0), ago(0), ago(1)], 2),  # the same day twice counts once
        ([ago(-1), ago(0), ago(1)], 2),  # a future-dated entry is ignored
        ([ago(-1)], 0),
        ([ago(-2), ago(-1), ago(1), ago(2)], 2),
        ([ago(0), ago(1), ago(3), ago(4)], 2),
    ],
)
def test_streak(days: list[date], count: int) -> None:
    assert streak(days, TODAY) == count


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 11, 25), date(2026, 11, 23)),
        (date(2026, 11, 23), date(2026, 11, 23)),
        (date(2026, 11, 29), date(2026, 11, 23)),
        (date(2027, 1, 1), date(2026, 12, 28)),
    ],
)
def test_week_start(day: date, monday: date) -> None:
    assert week_start(day) == monday


@pytest.mark.parametrize(("amount", "text"), [(3, "+3"), (1, "+1"), (0, "0"), (-2, "-2")])
def test_signed(amount: int, text: str) -> None:
    assert signed(amount) == text


def test_running_balances_carry_across_quiet_days() -> None:
    days = [ago(3), ago(2), ago(1), ago(0)]
    nets = {ago(3): 5, ago(1): -2, ago(9): 100}
    assert running_balances(10, nets, days) == [15, 15, 13, 13]
    assert running_balances(10, nets, []) == []


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "—"), (0.0, "0%"), (0.8, "80%"), (0.8567, "86%"), (1.0, "100%"), (0.3333, "33%")],
)
def test_percent(value: float | None, text: str) -> None:
    assert percent(value) == text


def test_entry_json_has_the_spec_keys_and_plain_values() -> None:
    entry = Entry(
        id=7,
        uuid="u-7",
        kind="toward",
        amount=1,
        by="partner",
        on=date(2026, 11, 24),
        note="tea @home",
        tags=("home",),
        promise_id=None,
        injury_id=3,
        recorded_at="2026-11-24T20:00:00",
        deleted_at="2026-11-25T08:00:00",
    )
    assert entry.to_json() == {
        "id": 7,
        "uuid": "u-7",
        "kind": "toward",
        "amount": 1,
        "by": "partner",
        "on": "2026-11-24",
        "note": "tea @home",
        "tags": ["home"],
        "promise_id": None,
        "injury_id": 3,
        "recorded_at": "2026-11-24T20:00:00",
    }

"""Table tests for use cases split out of commands: edit's plan and the check-in's flags."""

from __future__ import annotations

import io
from datetime import date

import pytest

from trustlog.app.errors import BadInput
from trustlog.core.models import Entry
from trustlog.features.checkin.checkin import asker, given_answers
from trustlog.features.entries.entries import plan_edit

DAY = date(2024, 5, 10)


def entry(
    kind: str = "toward", amount: int = 1, note: str = "", tags: tuple[str, ...] = ()
) -> Entry:
    return Entry(1, "u", kind, amount, "me", DAY, note, tags, None, None, "2024-05-10T20:00")


@pytest.mark.parametrize(
    ("current", "note", "tags", "untags", "expected"),
    [
        # -t tags survive a new note; @words follow the note.
        (entry(note="walk @park", tags=("park", "us")), "tea @home", [], [], "home us"),
        (entry(note="walk @park", tags=("park",)), None, ["Extra"], [], "park extra"),
        (entry(note="walk @park", tags=("park", "us")), None, [], ["@US"], "park"),
    ],
)
def test_plan_edit_tags(
    current: Entry, note: str | None, tags: list[str], untags: list[str], expected: str
) -> None:
    changes = plan_edit(current, note, None, None, tags, untags, DAY)
    assert changes["tags"] == expected
    assert changes["note"] == (current.note if note is None else note)


@pytest.mark.parametrize(("amount", "size", "expected"), [(1, 4, 4), (-5, 3, -3), (0, 2, 2)])
def test_plan_edit_amount_keeps_the_sign(amount: int, size: int, expected: int) -> None:
    assert plan_edit(entry(amount=amount), None, None, size, [], [], DAY) == {"amount": expected}


@pytest.mark.parametrize(
    ("kind", "amount", "size", "message"),
    [
        ("toward", 1, None, "Nothing to change"),
        ("repair", 0, 3, "milestone"),
        ("deposit", 2, 0, "--amount is the size"),
    ],
)
def test_plan_edit_refuses(kind: str, amount: int, size: int | None, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        plan_edit(entry(kind, amount), None, None, size, [], [], DAY)


def test_plan_edit_day() -> None:
    assert plan_edit(entry(), None, "2024-05-01", None, [], [], DAY) == {"day": "2024-05-01"}


def test_given_answers_follow_the_question_order() -> None:
    answers = given_answers((1, None, 2, None, None, 3), "thanks")
    assert list(answers.counts.items())[:3] == [
        (("toward", "me"), 1),
        (("away", "me"), None),
        (("against", "me"), 2),
    ]
    assert answers.counts[("against", "partner")] == 3
    assert answers.note == "thanks"


@pytest.mark.parametrize(
    ("yes", "counts", "note", "tty", "asks"),
    [
        (True, (None,) * 6, None, True, False),
        (False, (None,) * 6, None, False, True),
        (False, (1,) + (None,) * 5, None, False, False),
        (False, (None,) * 6, "a note", False, False),
        (False, (1,) + (None,) * 5, None, True, True),
    ],
)
def test_asker_asks_only_when_it_should(
    yes: bool, counts: tuple[int | None, ...], note: str | None, tty: bool, asks: bool
) -> None:
    answers = given_answers(counts, note)
    assert (asker(answers, yes, tty, io.StringIO(), io.StringIO()) is not None) is asks

"""Which occurrence a `kept`/`broken` resolves, and how a promise stands, as tables.

Promises here are made on Wed 2026-11-25; the weekly one falls due on Fridays.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from trustlog.app.errors import TrustlogError
from trustlog.core.occurrences import Progress, Resolution, Schedule, pick_occurrence, progress

MADE = date(2026, 11, 25)
FRIDAYS = Schedule(MADE, rule="FREQ=WEEKLY;BYDAY=FR")
TWICE = Schedule(MADE, rule="FREQ=DAILY;COUNT=2")
ONE_OFF = Schedule(MADE, due=date(2026, 12, 1))
STANDING = Schedule(MADE)


@pytest.fixture(autouse=True)
def isolated() -> None:
    """Overrides conftest's journal-per-test: these rules touch no file (core imports
    nothing that could), and a tmp_path per row would make the tables 10x slower."""


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def marked(*isos: str, outcome: str = "kept") -> dict[date, Resolution]:
    return {d(iso): Resolution(d(iso), outcome, d(iso), entry_id=9) for iso in isos}


@pytest.mark.parametrize(
    ("schedule", "kind", "until", "after"),
    [
        (ONE_OFF, "one-off", [d("2026-12-01")], [d("2026-12-01")]),
        (FRIDAYS, "recurring", [d("2026-11-27")], [d("2026-11-27"), d("2026-12-04")]),
        (STANDING, "standing", [], []),
        (Schedule(MADE, due=d("2026-12-01"), rule="FREQ=DAILY"), "one-off", [d("2026-12-01")],
         [d("2026-12-01")]),
    ],
)  # fmt: skip
def test_schedule_kinds(
    schedule: Schedule, kind: str, until: list[date], after: list[date]
) -> None:
    assert schedule.kind == kind
    assert schedule.until(d("2026-12-01")) == until
    ahead = schedule.after(d("2026-11-26"))
    assert [next(ahead, None) for _ in after] == after


@pytest.mark.parametrize(
    ("last", "until"),
    [("2026-11-30", []), ("2026-12-01", ["2026-12-01"]), ("2027-01-01", ["2026-12-01"])],
)
def test_a_one_off_falls_due_once(last: str, until: list[str]) -> None:
    assert ONE_OFF.until(d(last)) == [d(iso) for iso in until]


@pytest.mark.parametrize(
    ("day", "ahead"), [("2026-11-30", ["2026-12-01"]), ("2026-12-01", []), ("2026-12-02", [])]
)
def test_a_one_off_is_ahead_only_before_its_day(day: str, ahead: list[str]) -> None:
    assert list(ONE_OFF.after(d(day))) == [d(iso) for iso in ahead]


@pytest.mark.parametrize(
    ("schedule", "on", "resolved", "outcome", "occurrence"),
    [
        (FRIDAYS, "2026-11-27", {}, "kept", "2026-11-27"),
        (FRIDAYS, "2026-11-28", {}, "broken", "2026-11-27"),
        (FRIDAYS, "2026-12-05", marked("2026-12-04"), "kept", "2026-11-27"),  # the older one
        (FRIDAYS, "2026-11-28", marked("2026-11-27"), "kept", "2026-12-04"),  # kept early
        (FRIDAYS, "2026-11-25", {}, "kept", "2026-11-27"),
        (ONE_OFF, "2026-11-28", {}, "kept", "2026-12-01"),
        (ONE_OFF, "2026-12-01", {}, "broken", "2026-12-01"),
        (ONE_OFF, "2026-12-09", {}, "broken", "2026-12-01"),
        (STANDING, "2026-11-25", {}, "broken", "2026-11-25"),
        (STANDING, "2026-11-27", marked("2026-11-26"), "kept", "2026-11-27"),
        (TWICE, "2026-11-30", marked("2026-11-26"), "kept", "2026-11-25"),
    ],
)
def test_pick_occurrence(
    schedule: Schedule, on: str, resolved: dict[date, Resolution], outcome: str, occurrence: str
) -> None:
    assert pick_occurrence(schedule, d(on), resolved, 3, outcome) == d(occurrence)


@pytest.mark.parametrize(
    ("schedule", "on", "resolved", "outcome", "message"),
    [
        (FRIDAYS, "2026-11-24", {}, "kept",
         "Promise 3 was made on 2026-11-25, after 2026-11-24; choose a day from then on."),
        (FRIDAYS, "2026-11-26", {}, "broken",
         "Promise 3 is next due on 2026-11-27, so there is nothing to mark broken yet."),
        (FRIDAYS, "2026-11-28", marked("2026-11-27"), "broken",
         "Promise 3 is next due on 2026-12-04, so there is nothing to mark broken yet."),
        (ONE_OFF, "2026-11-30", {}, "broken",
         "Promise 3 is next due on 2026-12-01, so there is nothing to mark broken yet."),
        (ONE_OFF, "2026-12-03", marked("2026-12-01"), "kept",
         "Promise 3's occurrence on 2026-12-01 was already marked kept on 2026-12-01 (entry 9); "
         "`trustlog rm 9` takes that back."),
        (ONE_OFF, "2026-11-28", marked("2026-12-01", outcome="broken"), "kept",
         "Promise 3's occurrence on 2026-12-01 was already marked broken on 2026-12-01 "
         "(entry 9); `trustlog rm 9` takes that back."),
        (STANDING, "2026-11-26", marked("2026-11-26"), "kept",
         "Promise 3's occurrence on 2026-11-26 was already marked kept on 2026-11-26 (entry 9); "
         "`trustlog rm 9` takes that back."),
        (TWICE, "2026-11-30", marked("2026-11-25", "2026-11-26"), "kept",
         "Promise 3 has no occurrence left to resolve: every one is already marked."),
        # Keeping early takes only the next occurrence: typed again, it says so
        # rather than keep the one after (a review saw days ahead kept in a row).
        (FRIDAYS, "2026-11-25", marked("2026-11-27"), "kept",
         "Promise 3's occurrence on 2026-11-27 was already marked kept on 2026-11-27 (entry 9); "
         "`trustlog rm 9` takes that back."),
        (replace(FRIDAYS, settled=d("2026-12-04")), "2026-11-28", {}, "kept",
         "Promise 3's next occurrence after 2026-11-28 is already marked; "
         "`trustlog log --kind kept` shows it."),
    ],
)  # fmt: skip
def test_pick_occurrence_refusals(
    schedule: Schedule, on: str, resolved: dict[date, Resolution], outcome: str, message: str
) -> None:
    with pytest.raises(TrustlogError) as caught:
        pick_occurrence(schedule, d(on), resolved, 3, outcome)
    assert caught.value.message == message


def test_an_unnumbered_promise_is_this_promise() -> None:
    with pytest.raises(TrustlogError) as caught:
        pick_occurrence(FRIDAYS, d("2026-11-24"), {})
    assert caught.value.message.startswith("This promise was made on 2026-11-25")
    with pytest.raises(TrustlogError) as caught:
        pick_occurrence(FRIDAYS, d("2026-11-26"), {}, outcome="broken")
    assert caught.value.message.startswith("This promise is next due on 2026-11-27")


def res(occurrence: str, outcome: str, day: str | None = None) -> Resolution:
    return Resolution(d(occurrence), outcome, d(day or occurrence))


@pytest.mark.parametrize(
    ("schedule", "resolutions", "as_of", "dropped_on", "expected"),
    [
        (FRIDAYS, [], "2026-11-25", None, Progress("open", d("2026-11-27"), 0, 0, 0)),
        (FRIDAYS, [], "2026-11-27", None, Progress("open", d("2026-11-27"), 0, 0, 0)),
        (FRIDAYS, [], "2026-11-28", None, Progress("overdue", d("2026-11-27"), 1, 0, 0)),
        (FRIDAYS, [], "2026-12-10", None, Progress("overdue", d("2026-11-27"), 2, 0, 0)),
        (FRIDAYS, [], "2026-12-11", None, Progress("overdue", d("2026-11-27"), 2, 0, 0)),
        (FRIDAYS, [res("2026-11-27", "kept")], "2026-12-04", None,
         Progress("open", d("2026-12-04"), 0, 1, 0)),
        (FRIDAYS, [res("2026-11-27", "kept"), res("2026-12-04", "broken")], "2026-12-05", None,
         Progress("open", d("2026-12-11"), 0, 1, 1)),
        (FRIDAYS, [res("2026-12-04", "kept")], "2026-12-05", None,
         Progress("overdue", d("2026-11-27"), 1, 1, 0)),
        # a resolution recorded after as_of does not count yet
        (FRIDAYS, [res("2026-11-27", "kept", "2026-11-29")], "2026-11-28", None,
         Progress("overdue", d("2026-11-27"), 1, 0, 0)),
        (FRIDAYS, [res("2026-11-27", "kept", "2026-11-29")], "2026-11-29", None,
         Progress("open", d("2026-12-04"), 0, 1, 0)),
        (FRIDAYS, [res("2026-11-27", "broken")], "2026-12-01", "2026-12-01",
         Progress("dropped", None, 0, 0, 1)),
        (FRIDAYS, [], "2026-12-01", "2026-12-02",
         Progress("overdue", d("2026-11-27"), 1, 0, 0)),
        (ONE_OFF, [], "2026-11-28", None, Progress("open", d("2026-12-01"), 0, 0, 0)),
        (ONE_OFF, [], "2026-12-02", None, Progress("overdue", d("2026-12-01"), 1, 0, 0)),
        (ONE_OFF, [res("2026-12-01", "kept", "2026-11-30")], "2026-11-30", None,
         Progress("done", None, 0, 1, 0)),
        (ONE_OFF, [res("2026-12-01", "broken")], "2026-12-05", None,
         Progress("done", None, 0, 0, 1)),
        (TWICE, [res("2026-11-25", "kept"), res("2026-11-26", "kept")], "2026-11-26", None,
         Progress("done", None, 0, 2, 0)),
        (STANDING, [res("2026-11-25", "kept"), res("2026-11-26", "broken"),
                    res("2026-11-27", "kept")], "2026-11-30", None,
         Progress("open", None, 0, 2, 1)),
    ],
)  # fmt: skip
def test_progress(
    schedule: Schedule,
    resolutions: list[Resolution],
    as_of: str,
    dropped_on: str | None,
    expected: Progress,
) -> None:
    dropped = d(dropped_on) if dropped_on else None
    assert progress(schedule, resolutions, d(as_of), dropped) == expected

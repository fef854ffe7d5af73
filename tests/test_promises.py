"""Promises: which occurrence a kept/broken resolves, and the commands around them."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY, Run, examples
from trustlog.app.clock import Clock
from trustlog.app.errors import BadInput, TrustlogError
from trustlog.core.models import DEFAULT_WEIGHTS
from trustlog.core.occurrences import Resolution, Schedule, pick_occurrence, progress
from trustlog.features.promises.promises import due_promises, list_promises, resolution_entry
from trustlog.journal import Journal

D = date.fromisoformat
FRIDAYS = "FREQ=WEEKLY;BYDAY=FR"
PROMISE_KEYS = {
    "id",
    "text",
    "by",
    "due",
    "rule",
    "status",
    "next_due",
    "kept",
    "broken",
    "injury_id",
}


def done(*pairs: tuple[str, str]) -> dict[date, Resolution]:
    return {D(o): Resolution(D(o), outcome, D(o), n) for n, (o, outcome) in enumerate(pairs, 1)}


# -- the pure rules ---------------------------------------------------------------------

WED = Schedule(made_on=D("2026-11-11"), rule=FRIDAYS)  # made on a Wednesday


@pytest.mark.parametrize(
    ("schedule", "on", "resolved", "expected"),
    [
        # the most recent unresolved occurrence on or before the day
        (WED, "2026-11-25", {}, "2026-11-20"),
        (WED, "2026-11-20", {}, "2026-11-20"),
        (WED, "2026-11-25", done(("2026-11-20", "kept")), "2026-11-13"),
        # none left on or before: the next one ahead (keeping early)
        (WED, "2026-11-25", done(("2026-11-20", "kept"), ("2026-11-13", "kept")), "2026-11-27"),
        (WED, "2026-11-12", {}, "2026-11-13"),
        # one-off: its due day, early or late
        (Schedule(D("2026-11-20"), due=D("2026-11-27")), "2026-11-25", {}, "2026-11-27"),
        (Schedule(D("2026-11-20"), due=D("2026-11-22")), "2026-11-25", {}, "2026-11-22"),
        # standing agreement: the day itself
        (Schedule(D("2026-11-01")), "2026-11-25", done(("2026-11-24", "kept")), "2026-11-25"),
    ],
)
def test_pick_occurrence(
    schedule: Schedule, on: str, resolved: dict[date, Resolution], expected: str
) -> None:
    assert pick_occurrence(schedule, D(on), resolved, 7) == D(expected)


def test_keeping_early_takes_only_the_next_occurrence() -> None:
    """A `kept` typed again (an alias, the up arrow) says it is done: it never keeps
    the one after next, then the one after that (a review saw three days ahead kept)."""
    resolved = done(("2026-11-13", "kept"), ("2026-11-20", "broken"), ("2026-11-27", "kept"))
    with pytest.raises(TrustlogError, match="2026-11-27 was already marked kept"):
        pick_occurrence(WED, D("2026-11-25"), resolved, 7)


@pytest.mark.parametrize(
    ("schedule", "on", "resolved", "message"),
    [
        (
            Schedule(D("2026-11-20"), due=D("2026-11-27")),
            "2026-11-25",
            done(("2026-11-27", "kept")),
            "occurrence on 2026-11-27 was already marked kept on 2026-11-27",
        ),
        (
            Schedule(D("2026-11-01")),
            "2026-11-25",
            done(("2026-11-25", "broken")),
            "occurrence on 2026-11-25 was already marked broken",
        ),
        (
            Schedule(D("2026-11-23"), rule="FREQ=DAILY;COUNT=2"),
            "2026-11-25",
            done(("2026-11-23", "kept"), ("2026-11-24", "kept")),
            "no occurrence left",
        ),
        (WED, "2026-11-10", {}, "was made on 2026-11-11"),
    ],
)
def test_what_cannot_be_resolved(
    schedule: Schedule, on: str, resolved: dict[date, Resolution], message: str
) -> None:
    with pytest.raises(TrustlogError) as caught:
        pick_occurrence(schedule, D(on), resolved, 7)
    assert message in caught.value.message
    assert caught.value.exit_code == 1


ONCE_27 = Schedule(D("2026-11-20"), due=D("2026-11-27"))
ONCE_24 = Schedule(D("2026-11-20"), due=D("2026-11-24"))
STANDING = Schedule(D("2026-11-20"))
ONE_DAY = Schedule(D("2026-11-23"), rule="FREQ=DAILY;COUNT=1")
K13, B20 = ("2026-11-13", "kept"), ("2026-11-20", "broken")


@pytest.mark.parametrize(
    ("schedule", "resolved", "as_of", "status", "next_due", "overdue"),
    [
        (WED, [], "2026-11-12", "open", "2026-11-13", 0),
        (WED, [], "2026-11-13", "open", "2026-11-13", 0),  # due today, not overdue
        (WED, [], "2026-11-25", "overdue", "2026-11-13", 2),
        (WED, [K13], "2026-11-25", "overdue", "2026-11-20", 1),
        (WED, [K13, B20], "2026-11-25", "open", "2026-11-27", 0),
        (ONCE_27, [], "2026-11-25", "open", "2026-11-27", 0),
        (ONCE_24, [], "2026-11-25", "overdue", "2026-11-24", 1),
        (ONCE_27, [("2026-11-27", "kept")], "2026-11-25", "done", None, 0),
        (STANDING, [("2026-11-21", "kept")], "2026-11-25", "open", None, 0),
        (ONE_DAY, [("2026-11-23", "kept")], "2026-11-25", "done", None, 0),
    ],
)
def test_progress(
    schedule: Schedule,
    resolved: list[tuple[str, str]],
    as_of: str,
    status: str,
    next_due: str | None,
    overdue: int,
) -> None:
    found = progress(
        schedule, [Resolution(D(o), k, D("2026-11-25")) for o, k in resolved], D(as_of)
    )
    assert (found.status, found.next_due, found.overdue_count) == (
        status,
        D(next_due) if next_due else None,
        overdue,
    )


def test_progress_counts_only_what_was_recorded_by_then_and_drops() -> None:
    resolved = [
        Resolution(D("2026-11-13"), "kept", D("2026-11-13")),
        Resolution(D("2026-11-20"), "broken", D("2026-11-21")),
    ]
    then = progress(WED, resolved, D("2026-11-20"))
    assert (then.kept, then.broken, then.status) == (1, 0, "open")
    now = progress(WED, resolved, D("2026-11-25"), dropped_on=D("2026-11-24"))
    assert (now.kept, now.broken, now.status, now.next_due) == (1, 1, "dropped", None)


RULES = st.sampled_from(
    ["FREQ=DAILY", FRIDAYS, "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY"]
)
START = date(2026, 3, 1)  # spans the spring and autumn DST changes
DAYS = st.integers(min_value=0, max_value=300).map(lambda n: START + timedelta(days=n))


def resolve_all(schedule: Schedule, days: list[date]) -> tuple[list[date], int]:
    """Keep on each day; a day with nothing left to keep (at most the next occurrence
    ahead may be kept early) is refused, as `kept` refuses it."""
    resolved: dict[date, Resolution] = {}
    order = []
    for n, on in enumerate(days):
        try:
            occurrence = pick_occurrence(schedule, on, resolved)
        except TrustlogError:
            continue
        assert occurrence not in resolved
        assert occurrence <= on or occurrence == next(iter(schedule.after(on)))
        resolved[occurrence] = Resolution(occurrence, "kept", on, n)
        order.append(occurrence)
    return order, len(resolved)


@settings(max_examples=examples(30), deadline=None)
@given(rule=RULES, days=st.lists(DAYS, max_size=25), seed=st.randoms(use_true_random=False))
def test_every_occurrence_resolved_at_most_once_in_any_order(
    rule: str, days: list[date], seed: Any
) -> None:
    schedule = Schedule(made_on=START, rule=rule)
    first, count = resolve_all(schedule, days)
    assert len(set(first)) == len(first) == count <= len(days)
    assert count >= len({schedule_day for schedule_day in days if _due_on(schedule, schedule_day)})
    shuffled = list(days)
    seed.shuffle(shuffled)
    second, _ = resolve_all(schedule, shuffled)
    assert len(set(second)) == len(second)


def _due_on(schedule: Schedule, day: date) -> bool:
    return bool(schedule.until(day)) and schedule.until(day)[-1] == day


@given(days=st.lists(DAYS, min_size=1, max_size=8), seed=st.randoms(use_true_random=False))
def test_one_off_and_standing_resolve_the_same_count_in_any_order(
    days: list[date], seed: Any
) -> None:
    for schedule in (Schedule(START, due=START + timedelta(days=150)), Schedule(START)):
        counts = []
        for order in (days, seed.sample(days, len(days))):
            resolved: dict[date, Resolution] = {}
            for on in order:
                try:
                    occurrence = pick_occurrence(schedule, on, resolved)
                except TrustlogError:
                    continue
                resolved[occurrence] = Resolution(occurrence, "kept", on)
            counts.append(len(resolved))
        expected = 1 if schedule.due else len(set(days))
        assert counts == [expected, expected]


# -- making promises ------------------------------------------------------------------------


def promise_json(run: Run, *args: str, today: date = TODAY) -> dict[str, Any]:
    result = run("promise", *args, "--json", today=today)
    assert result.code == 0, result.err
    data = result.json()
    assert isinstance(data, dict)
    return data


def test_promise_prints_its_id_and_a_kind_line(run: Run) -> None:
    result = run("promise", "call", "mum", "--every", "sunday")
    assert (result.code, result.out) == (0, "1\n")
    assert "Promise 1 made: call mum · every Sun · next due Sun 29 Nov 2026" in result.err


def test_promise_json_shape(run: Run) -> None:
    data = promise_json(run, "call", "mum", "--every", "every sunday")
    assert set(data) >= PROMISE_KEYS
    assert {k: data[k] for k in PROMISE_KEYS} == {
        "id": 1,
        "text": "call mum",
        "by": "me",
        "due": None,
        "rule": "FREQ=WEEKLY;BYDAY=SU",
        "status": "open",
        "next_due": "2026-11-29",
        "kept": 0,
        "broken": 0,
        "injury_id": None,
    }
    assert data["made_on"] == "2026-11-25"
    assert data["kind"] == "recurring"
    assert data["overdue"] is False
    assert data["kept_rate"] is None
    assert len(data["uuid"]) == 36


@pytest.mark.parametrize(
    ("args", "due", "next_due", "kind"),
    [
        (("--due", "tomorrow"), "2026-11-26", "2026-11-26", "one-off"),
        (("--due", "next friday"), "2026-11-27", "2026-11-27", "one-off"),
        (("--due", "2026-12-24"), "2026-12-24", "2026-12-24", "one-off"),
        (("--due", "today"), "2026-11-25", "2026-11-25", "one-off"),
        ((), None, None, "standing"),
    ],
)
def test_one_off_and_standing_promises(
    run: Run, args: tuple[str, ...], due: str | None, next_due: str | None, kind: str
) -> None:
    data = promise_json(run, "fix", "the", "tap", *args)
    assert (data["due"], data["next_due"], data["kind"], data["rule"]) == (
        due,
        next_due,
        kind,
        None,
    )


def test_partner_and_made_on(run: Run) -> None:
    data = promise_json(run, "-p", "walk", "together", "--every", "daily", "--on", "2 days ago")
    assert data["by"] == "partner"
    assert data["made_on"] == "2026-11-23"
    assert (data["status"], data["next_due"], data["overdue_count"]) == ("overdue", "2026-11-23", 2)


def test_rules_are_stored_normalised(run: Run, db_path: Path) -> None:
    promise_json(run, "a", "--every", "friday")
    promise_json(run, "b", "--every", "FREQ=WEEKLY;BYDAY=FR")
    promise_json(run, "c", "--every", "mon,thu")
    with sqlite3.connect(db_path) as conn:
        rules = [row[0] for row in conn.execute("SELECT rule FROM promises ORDER BY id")]
    assert rules == [FRIDAYS, FRIDAYS, "FREQ=WEEKLY;BYDAY=MO,TH"]


def snapshot(db_path: Path) -> list[str] | None:
    if not db_path.exists():
        return None
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("promise", "x", "--every", "fortnightly-ish"), 2, "'fortnightly-ish'"),
        (("promise", "x", "--every", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), 2, "never falls"),
        (("promise", "x", "--due", "tomorrow", "--every", "daily"), 2, "not both"),
        (("promise", "x", "--due", "friday"), 2, "next friday"),
        (("promise", "x", "--due", "someday"), 2, "--due"),
        (("promise", "x", "--on", "tomorrow"), 2, "future"),
        (("promise",), 2, "Say what the promise is"),
        (("kept", "9"), 1, "no promise 9"),
        (("broken", "9", "sorry"), 1, "no promise 9"),
        (("kept", "1", "--on", "tomorrow"), 2, "future"),
        (("kept", "1", "--on", "whenever"), 2, "--on"),
        (("kept", "one"), 2, ""),
        (("drop", "9"), 1, "no promise 9"),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    run("promise", "call", "mum", "--every", "sunday")
    before = snapshot(db_path)
    result = run(*args)
    assert result.code == code
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert needle in result.err
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    "args", [("kept", "1"), ("broken", "1"), ("drop", "1"), ("promise", "x", "--every", "nope")]
)
def test_errors_on_a_journal_that_does_not_exist_create_nothing(
    run: Run, db_path: Path, args: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.code in (1, 2)
    assert not db_path.exists()


def test_promise_text_is_never_in_an_error(run: Run) -> None:
    run("promise", "secret", "words", "--due", "tomorrow")
    run("kept", "1")
    result = run("kept", "1")
    assert result.code == 1
    assert "secret" not in result.err


# -- kept and broken ----------------------------------------------------------------------------


def test_kept_and_broken_resolve_occurrences_with_weights(run: Run) -> None:
    run("promise", "date", "night", "--every", "friday", "--on", "2 weeks ago")
    kept = run("kept", "1", "it", "was", "lovely", "@us", "--json").json()
    assert isinstance(kept, dict)
    assert kept["kind"] == "kept"
    assert kept["amount"] == 1
    assert kept["promise_id"] == 1
    assert kept["occurrence"] == "2026-11-20"
    assert kept["note"] == "it was lovely @us"
    assert kept["tags"] == ["us"]
    broken = run("broken", "1", "--json").json()
    assert isinstance(broken, dict)
    assert (broken["amount"], broken["occurrence"]) == (-5, "2026-11-13")
    early = run("kept", "1")
    assert early.code == 0
    assert early.out == "+1  kept #1 (Fri 27 Nov 2026) date night → balance -3\n"


def test_weights_come_from_the_config(run: Run, isolated: Path) -> None:
    config = isolated / "home" / "config" / "trustlog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[weights]\nkept = 3\nbroken = -7\n")
    run("promise", "a", "--every", "daily", "--on", "yesterday")
    assert run("kept", "1", "--json").json()["amount"] == 3  # type: ignore[index]
    assert run("broken", "1", "--json").json()["amount"] == -7  # type: ignore[index]


def test_kept_on_an_earlier_day(run: Run) -> None:
    run("promise", "a", "--every", "daily", "--on", "3 days ago")
    data = run("kept", "1", "--on", "yesterday", "--json").json()
    assert isinstance(data, dict)
    assert (data["on"], data["occurrence"]) == ("2026-11-24", "2026-11-24")


def test_one_off_resolved_twice_says_which_occurrence_and_when(run: Run) -> None:
    run("promise", "fix", "the", "tap", "--due", "next friday", "--on", "2 days ago")
    assert run("kept", "1", "--on", "yesterday").code == 0
    again = run("broken", "1")
    assert again.code == 1
    assert "occurrence on 2026-11-27 was already marked kept on 2026-11-24 (entry 1)" in again.err


def test_standing_agreement_once_a_day(run: Run) -> None:
    run("promise", "no", "secret", "credit", "cards")
    assert run("kept", "1").code == 0
    assert run("kept", "1", "--on", "yesterday").code == 1  # made today
    again = run("broken", "1")
    assert again.code == 1
    assert "occurrence on 2026-11-25 was already marked kept on 2026-11-25" in again.err
    assert run("kept", "1", today=TODAY + timedelta(days=1)).code == 0


def test_dropped_promises_cannot_be_resolved(run: Run) -> None:
    run("promise", "a", "--every", "daily")
    run("kept", "1")
    dropped = run("drop", "1", "--json").json()
    assert isinstance(dropped, dict)
    assert (dropped["status"], dropped["dropped_on"], dropped["kept"]) == (
        "dropped",
        "2026-11-25",
        1,
    )
    result = run("kept", "1")
    assert result.code == 1
    assert "dropped on 2026-11-25" in result.err
    twice = run("drop", "1")
    assert twice.code == 1
    assert "already dropped" in twice.err


def test_drop_human_line(run: Run) -> None:
    run("promise", "a", "--every", "daily")
    result = run("drop", "1")
    assert result.code == 0
    assert result.out.startswith("Dropped promise 1: a")


def test_a_deleted_resolution_frees_its_occurrence(run: Run) -> None:
    run("promise", "a", "--due", "tomorrow")
    run("kept", "1")
    assert run("undo").code == 0
    assert run("kept", "1").code == 0


# -- listing ----------------------------------------------------------------------------------


def test_promises_lists_open_ones_overdue_first(run: Run) -> None:
    run("promise", "call", "mum", "--every", "sunday")
    run("promise", "water", "plants", "--every", "daily", "--on", "3 days ago")
    run("promise", "fix", "the", "tap", "--due", "tomorrow")
    run("kept", "3")
    data = run("promises", "--json").json()
    assert isinstance(data, list)
    assert [p["id"] for p in data] == [2, 1]
    assert data[0]["status"] == "overdue"
    assert data[0]["overdue"] is True
    assert all(set(p) >= PROMISE_KEYS for p in data)
    everything = run("promises", "--all", "--json").json()
    assert isinstance(everything, list)
    assert [(p["id"], p["status"]) for p in everything] == [
        (1, "open"),
        (2, "overdue"),
        (3, "done"),
    ]
    table = run("promises")
    assert table.code == 0
    text = " ".join(table.out.split())
    assert "water plants" in text and "missed 3 days" in text
    assert "Missed days: mark them (trustlog kept ID --on DAY) or let them go." in text
    assert "overdue" not in text
    assert "fix the tap" not in table.out
    assert "fix the tap" in run("promises", "--all").out


def test_kept_rate(run: Run) -> None:
    run("promise", "a", "--every", "daily", "--on", "3 days ago")
    for outcome in ("kept", "kept", "kept", "broken"):
        run(outcome, "1")
    [data] = run("promises", "--json").json()  # type: ignore[misc]
    assert (data["kept"], data["broken"], data["kept_rate"]) == (3, 1, 0.75)


def test_promises_on_an_empty_journal(run: Run, db_path: Path) -> None:
    assert run("promises", "--json").out == "[]\n"
    assert "empty" in run("promises").out
    assert not db_path.exists()
    run("toward", "hi")
    assert "No open promises" in run("promises").out


def test_user_text_is_not_markup(run: Run) -> None:
    run("promise", "[bold]tidy[/bold]", "--due", "tomorrow")
    assert "[bold]tidy[/bold]" in run("promises").out


# -- the home screen and the API the check-in uses ---------------------------------------------


def test_home_shows_due_and_overdue(run: Run) -> None:
    run("promise", "call", "mum", "--every", "sunday")
    run("promise", "water", "plants", "--every", "daily", "--on", "yesterday")
    run("promise", "bins", "--due", "today")
    home = run("balance", "--json").json()
    assert isinstance(home, dict)
    assert [(p["id"], p["status"], p["next_due"]) for p in home["due"]] == [
        (2, "overdue", "2026-11-24"),
        (3, "open", "2026-11-25"),
    ]
    screen = run("balance").out
    assert "water plants  (missed 1 day — mark it or let it go)" in screen
    assert "#3 bins" in screen
    assert "call mum" not in screen


def open_journal(db_path: Path) -> Journal:
    journal = Journal.existing(db_path, Clock())
    assert journal is not None
    return journal


def test_due_promises_and_resolution_entry_do_not_write(run: Run, db_path: Path) -> None:
    run("promise", "water", "plants", "--every", "daily", "--on", "2 days ago")
    run("promise", "call", "mum", "--every", "sunday")
    journal = open_journal(db_path)
    try:
        assert [p.id for p in due_promises(journal, TODAY)] == [1]
        assert [p.id for p in due_promises(journal, date(2026, 11, 29))] == [1, 2]
        assert [p.id for p in list_promises(journal, TODAY)] == [1, 2]
        before = snapshot(db_path)
        new = resolution_entry(journal, 1, "kept", TODAY, "done @home", DEFAULT_WEIGHTS, TODAY)
        assert (new.kind, new.amount, new.promise_id, new.occurrence) == ("kept", 1, 1, TODAY)
        assert new.tags == ("home",)
        assert snapshot(db_path) == before
        with journal.writing() as conn:
            journal.insert_entry(conn, new)
        with pytest.raises(TrustlogError):
            resolution_entry(journal, 9, "kept", TODAY, "", DEFAULT_WEIGHTS, TODAY)
        with pytest.raises(BadInput):
            resolution_entry(journal, 1, "skipped", TODAY, "", DEFAULT_WEIGHTS, TODAY)
        with pytest.raises(BadInput):
            resolution_entry(journal, 1, "kept", TODAY + timedelta(1), "", DEFAULT_WEIGHTS, TODAY)
        nxt = resolution_entry(journal, 1, "broken", TODAY, "", DEFAULT_WEIGHTS, TODAY)
        assert nxt.occurrence == date(2026, 11, 24)
        assert [p.to_json()["overdue_count"] for p in due_promises(journal, TODAY)] == [2]
    finally:
        journal.close()


def test_promise_help_texts(run: Run) -> None:
    for command in ("promise", "kept", "broken", "promises", "drop"):
        result = run(command, "--help")
        assert result.code == 0
        assert "Usage" in result.out


def test_nothing_is_broken_before_its_day(run: Run) -> None:
    run("promise", "fix", "the", "gate", "--due", "next friday")
    early = run("broken", "1")
    assert early.code == 1
    assert "nothing to mark broken yet" in early.err
    assert run("kept", "1").code == 0  # keeping early is fine
    weekly = run("promise", "date", "night", "--every", "friday", "--on", "2026-11-01")
    assert weekly.code == 0
    assert run("broken", "2", "--on", "2026-11-10").code == 0  # Fri 6 Nov
    assert run("broken", "2", "--on", "2026-11-10").code == 1  # not Fri 13 Nov, ahead


def test_kept_typed_again_says_it_is_done(run: Run) -> None:
    # A review: `kept 1 --on yesterday` three times kept Thursday, Friday, Saturday.
    assert run("promise", "call", "mum", "--every", "daily", "--on", "yesterday").code == 0
    assert run("kept", "1", "--on", "yesterday").code == 0
    assert run("kept", "1").code == 0
    assert run("kept", "1").code == 0  # tomorrow's, kept early: fine once
    again = run("kept", "1")
    assert again.code == 1 and "already marked" in again.err
    assert run("promises", "--json").json()[0]["kept"] == 3  # type: ignore[index]

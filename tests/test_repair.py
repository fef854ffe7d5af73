"""Injuries and the four steps of repair."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TODAY, Run
from trustlog.app.clock import Clock
from trustlog.features.repair.repair import open_repairs, repair_view
from trustlog.journal import Journal

REPAIR_KEYS = {
    "injury_id", "text", "severity", "amount", "on", "by", "steps", "amends", "recovered", "closed"
}  # fmt: skip
REPAIR_STEPS = ("reveal", "acknowledge", "amends", "long-game")


def injure(run: Run, *args: str, today: date = TODAY) -> int:
    result = run("injury", *args, today=today)
    assert result.code == 0, result.err
    return int(result.out)


def view(run: Run, injury_id: int, today: date = TODAY) -> dict[str, Any]:
    result = run("repair", str(injury_id), "--json", today=today)
    assert result.code == 0, result.err
    data = result.json()
    assert isinstance(data, dict)
    return data


def rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def snapshot(db_path: Path) -> list[str] | None:
    if not db_path.exists():
        return None
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


# -- injuries ----------------------------------------------------------------------------------


def test_injury_records_the_injury_and_its_withdrawal(run: Run, db_path: Path) -> None:
    result = run("injury", "hid", "the", "card", "debt", "--severity", "major", "-p")
    assert (result.code, result.out) == (0, "1\n")
    assert "Injury 1 recorded" in result.err
    assert rows(db_path, "SELECT id, text, severity, by, day FROM injuries") == [
        (1, "hid the card debt", "major", "partner", "2026-11-25")
    ]
    assert rows(db_path, "SELECT kind, amount, by, day, note, injury_id FROM entries") == [
        ("injury", -100, "partner", "2026-11-25", "hid the card debt", 1)
    ]
    assert len(rows(db_path, "SELECT uuid FROM injuries")[0][0]) == 36
    assert run("balance", "--json").json()["balance"] == -100  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "amount"),
    [
        (("--severity", "minor"), -25),
        (("--severity", "major"), -100),
        (("--severity", "severe"), -250),
        (("-s", "Severe"), -250),
        (("--severity", "minor", "--amount", "40"), -40),
    ],
)
def test_injury_amounts(run: Run, args: tuple[str, ...], amount: int) -> None:
    data = run("injury", "--me", "forgot", "our", "anniversary", *args, "--json").json()
    assert isinstance(data, dict)
    assert data["amount"] == amount
    assert data["of"] == -amount


def test_injury_weights_come_from_the_config(run: Run, isolated: Path) -> None:
    config = isolated / "home" / "config" / "trustlog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[weights]\nmajor = -80\n")
    assert run("injury", "--me", "x", "--severity", "major", "--json").json()["amount"] == -80  # type: ignore[index]


def test_injury_json_is_the_repair_shape(run: Run) -> None:
    data = run(
        "injury", "--me", "lied", "--severity", "major", "--on", "yesterday", "--json"
    ).json()
    assert isinstance(data, dict)
    assert set(data) >= REPAIR_KEYS
    assert {k: data[k] for k in REPAIR_KEYS} == {
        "injury_id": 1,
        "text": "lied",
        "severity": "major",
        "amount": -100,
        "on": "2026-11-24",
        "by": "me",
        "steps": dict.fromkeys(REPAIR_STEPS),
        "amends": [],
        "recovered": 0,
        "closed": False,
    }


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("injury", "--me", "lied"), "--severity is needed"),
        (("injury", "--me", "lied", "--severity", "huge"), "'huge'"),
        (("injury", "--me", "--severity", "major"), "Say what happened"),
        (("injury", "--me", "lied", "--severity", "major", "--amount", "0"), "positive"),
        (("injury", "--me", "lied", "--severity", "major", "--amount", "-5"), "positive"),
        (("injury", "--me", "lied", "--severity", "major", "--on", "tomorrow"), "future"),
        (("injury", "--me", "lied", "--severity", "major", "--on", "someday"), "--on"),
    ],
)
def test_injury_bad_input_is_exit_2_and_changes_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], needle: str
) -> None:
    result = run(*args)
    assert (result.code, result.out) == (2, "")
    assert len(result.err.strip().splitlines()) == 1
    assert needle in result.err
    assert "lied" not in result.err.replace("'lied'", "")  # the text is never echoed
    assert not db_path.exists()
    run("toward", "hi")
    before = snapshot(db_path)
    assert run(*args).code == 2
    assert snapshot(db_path) == before


# -- the repair view ---------------------------------------------------------------------------


def test_repair_lists_open_repairs(run: Run) -> None:
    assert run("repair", "--json").out == "[]\n"
    assert "No open repairs" in run("repair").out
    injure(run, "hid", "the", "card", "debt", "--severity", "major", "-p", "--on", "5 days ago")
    injure(run, "--me", "missed", "the", "recital", "--severity", "minor")
    listed = run("repair", "--json").json()
    assert isinstance(listed, list)
    assert [r["injury_id"] for r in listed] == [1, 2]
    table = run("repair").out
    # the later injury has its own repair: it is not counted in the first one's account
    assert "hid the card debt" in table and "0 of 4 steps reached" in table
    assert "+0 of 100" in table and "+0 of 25" in table


def test_the_four_steps_with_dates(run: Run, db_path: Path) -> None:
    injure(run, "--me", "hid", "the", "debt", "--severity", "major", "--on", "5 days ago")
    step = run("repair", "1", "--step", "reveal", "she", "told", "me", "all", "--on", "4 days ago")
    assert step.code == 0, step.err
    assert "reveal reached on 2026-11-21 (1 of 4 steps)" in step.out
    entry = run("repair", "1", "--step", "Acknowledge", "--json").json()
    assert isinstance(entry, dict)
    assert (entry["kind"], entry["amount"], entry["injury_id"], entry["step"]) == (
        "repair",
        0,
        1,
        "acknowledge",
    )
    assert len(entry["uuid"]) == 36
    assert rows(db_path, "SELECT step, note, amount FROM entries WHERE kind = 'repair'") == [
        ("reveal", "she told me all", 0),
        ("acknowledge", "", 0),
    ]
    data = view(run, 1)
    assert data["steps"] == {
        "reveal": "2026-11-21",
        "acknowledge": "2026-11-25",
        "amends": None,
        "long-game": None,
    }
    screen = run("repair", "1").out
    assert "1 reveal" in screen and "Sat 21 Nov 2026" in screen
    assert "--step amends" in screen
    assert "80/80 Marriage" in screen


@pytest.mark.parametrize("typed", ["long-game", "long_game", "Long Game", "longgame"])
def test_long_game_however_it_is_typed(run: Run, typed: str) -> None:
    injure(run, "--me", "x", "--severity", "minor")
    assert run("repair", "1", "--step", typed).code == 0
    assert view(run, 1)["steps"]["long-game"] == "2026-11-25"


def test_the_same_step_twice_is_exit_1(run: Run, db_path: Path) -> None:
    injure(run, "--me", "x", "--severity", "minor")
    run("repair", "1", "--step", "reveal")
    before = snapshot(db_path)
    again = run("repair", "1", "--step", "reveal", "again")
    assert again.code == 1
    assert "reveal step of injury 1 was already recorded on 2026-11-25 (entry 2)" in again.err
    assert snapshot(db_path) == before


def test_amends_are_promises_linked_to_the_injury(run: Run) -> None:
    injure(run, "hid", "the", "debt", "--severity", "major", "-p", "--on", "2 weeks ago")
    made = run("repair", "1", "--amend", "weekly", "money", "talk", "--every", "sunday", "--json")
    amend = made.json()
    assert isinstance(amend, dict)
    assert (amend["injury_id"], amend["text"], amend["rule"], amend["by"]) == (
        1,
        "weekly money talk",
        "FREQ=WEEKLY;BYDAY=SU",
        "partner",  # made by whoever caused the injury
    )
    plain = run("repair", "1", "--amend", "show", "the", "statements", "--due", "next friday")
    assert plain.out == "2\n"
    run("kept", "1", "--on", "2026-11-25", today=date(2026, 11, 29))
    data = view(run, 1, today=date(2026, 11, 29))
    assert [(a["id"], a["kept"], a["kept_rate"]) for a in data["amends"]] == [
        (1, 1, 1.0),
        (2, 0, None),
    ]
    screen = " ".join(run("repair", "1", today=date(2026, 11, 29)).out.split())
    assert "weekly money talk · every Sun · kept 1 of 1 time (100%)" in screen
    assert screen.index("0 of 4 steps reached · amends kept 1 of 1 time") < screen.index("1 reveal")
    assert {p["id"] for p in run("promises", "--json").json()} == {1, 2}  # type: ignore[union-attr]


def test_recovery_counts_what_came_after_the_injury_day(run: Run) -> None:
    run("deposit", "50", "before", "--on", "10 days ago")
    injure(run, "--me", "lied", "--severity", "major", "--on", "5 days ago")
    run("toward", "same", "day", "--on", "5 days ago")
    run("deposit", "30", "--on", "3 days ago")
    run("away", "--on", "yesterday")
    run("deposit", "12")
    run("deposit", "100", today=date(2026, 12, 1))  # not yet, as of today
    data = view(run, 1)
    assert (data["recovered"], data["of"]) == (37, 100)
    assert "The account since then: +37 of 100" in run("repair", "1").out
    assert view(run, 1, today=date(2026, 12, 1))["recovered"] == 137


def test_close(run: Run) -> None:
    injure(run, "--me", "x", "--severity", "minor")
    closed = run("repair", "1", "--close", "we", "are", "ok", "now")
    assert closed.code == 0
    assert "Closed the repair of injury 1" in closed.out
    data = view(run, 1)
    assert (data["closed"], data["closed_on"]) == (True, "2026-11-25")
    assert run("repair", "--json").out == "[]\n"
    again = run("repair", "1", "--close")
    assert again.code == 1
    assert "was closed on 2026-11-25" in again.err
    assert run("repair", "1", "--step", "reveal").code == 1
    assert run("repair", "1", "--amend", "x", "--every", "daily").code == 1


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("repair", "9"), 1, "no injury 9"),
        (("repair", "9", "--step", "reveal"), 1, "no injury 9"),
        (("repair", "9", "--amend", "x"), 1, "no injury 9"),
        (("repair", "9", "--close"), 1, "no injury 9"),
        (("repair", "1", "--step", "forgive"), 2, "'forgive'"),
        (("repair", "1", "--step", "reveal", "--close"), 2, "not --step and --close"),
        (("repair", "1", "--amend", "x", "--close"), 2, "Choose one"),
        (("repair", "1", "--every", "daily"), 2, "with --amend"),
        (("repair", "1", "--step", "reveal", "--due", "tomorrow"), 2, "with --amend"),
        (("repair", "1", "some", "words"), 2, "--step, --amend or --close"),
        (("repair", "--step", "reveal"), 2, "Which injury"),
        (("repair", "1", "--step", "reveal", "--on", "tomorrow"), 2, "future"),
        (("repair", "1", "--step", "reveal", "--on", "10 days ago"), 2, "before injury 1"),
        (("repair", "1", "--amend", "x", "--on", "10 days ago"), 2, "before injury 1"),
        (("repair", "1", "--amend"), 2, "Say what the promise is"),
        (("repair", "1", "--amend", "x", "--every", "nope"), 2, "'nope'"),
        (("repair", "one"), 2, ""),
    ],
)
def test_repair_errors_change_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    injure(run, "--me", "x", "--severity", "minor", "--on", "2 days ago")
    before = snapshot(db_path)
    result = run(*args)
    assert (result.code, result.out) == (code, "")
    assert len(result.err.strip().splitlines()) == 1
    assert needle in result.err
    assert snapshot(db_path) == before


def test_repair_on_an_empty_journal(run: Run, db_path: Path) -> None:
    assert run("repair", "1").code == 1
    assert run("repair", "1", "--step", "reveal").code == 1
    assert not db_path.exists()


def test_an_undone_injury_leaves_the_open_list(run: Run) -> None:
    injure(run, "--me", "x", "--severity", "minor")
    run("undo")
    assert run("repair", "--json").out == "[]\n"
    gone = run("repair", "1")
    assert gone.code == 1
    assert "trustlog restore 1" in gone.err


def test_repair_help_explains_the_steps_kindly(run: Run) -> None:
    text = " ".join(run("repair", "--help").out.split())
    assert "tells their whole experience" in text
    assert "owns it" in text and "apologises" in text
    assert "weekly date night" in text and "transparency about money" in text
    assert "small deposits" in text
    assert "80/80 Marriage" in text and "Sue Johnson" in text
    assert "injury" in run("injury", "--help").out


def test_api_for_other_modules(run: Run, db_path: Path) -> None:
    injure(run, "--me", "x", "--severity", "minor")
    journal = Journal.existing(db_path, Clock())
    assert journal is not None
    try:
        assert repair_view(journal, 1, TODAY)["injury_id"] == 1
        assert [r["injury_id"] for r in open_repairs(journal, TODAY)] == [1]
        assert open_repairs(journal, date(2026, 11, 1)) == []
    finally:
        journal.close()

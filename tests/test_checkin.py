"""The nightly check-in and the reminder, driven the ways people and cron drive them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_e2e import trustlog_script

PIPED = "2\nlovely evening\n1\n\n0\n1\n\n0\n0\ncoffee in bed\n"


def script(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [trustlog_script(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


@pytest.fixture
def env(db_path: Path) -> dict[str, str]:
    return dict(os.environ, TRUSTLOG_DB=str(db_path), NO_COLOR="1")


def test_answers_piped_on_stdin(env: dict[str, str], run: Run) -> None:
    result = script(["checkin"], env, PIPED)
    assert result.returncode == 0, result.stderr
    assert "Checked in" in result.stdout
    assert "added 2 toward, 1 away, 1 toward (partner)" in result.stdout
    entries = run("log", "--json").json()
    assert sorted((e["kind"], e["by"], e["note"]) for e in entries) == [  # type: ignore[union-attr,index]
        ("away", "me", ""),
        ("note", "me", "coffee in bed"),
        ("toward", "me", ""),
        ("toward", "me", "lovely evening"),  # a count's note is written once, not copied
        ("toward", "partner", ""),
    ]


def test_a_closed_stdin_saves_nothing_and_never_hangs(env: dict[str, str], db_path: Path) -> None:
    result = script(["checkin"], env)
    assert result.returncode == 1
    assert "nothing was saved" in result.stderr
    assert not db_path.exists()
    half = script(["checkin"], env, "3\n")
    assert half.returncode == 1 and "nothing was saved" in half.stderr
    assert not db_path.exists()


def test_bad_piped_answer_is_exit_2_and_saves_nothing(env: dict[str, str], db_path: Path) -> None:
    result = script(["checkin"], env, "lots\n")
    assert result.returncode == 2
    assert "expected a number" in result.stderr
    assert not db_path.exists()


def test_flags_answer_without_a_terminal(run: Run) -> None:
    result = run(
        "checkin", "--toward", "3", "--partner-away", "1", "--note", "a walk", "--yes", "--json"
    )
    assert result.code == 0
    data = result.json()
    assert data["reviewed"] is True  # type: ignore[index]
    assert data["net"] == 3 - 5  # type: ignore[index]
    # three toward, one partner away, and the note as an entry of its own
    assert len(data["entries"]) == 5  # type: ignore[index,arg-type]
    home = run("balance", "--json").json()
    assert home["streak"] == 1  # type: ignore[index]


def test_a_checkin_alone_marks_the_day_and_keeps_the_streak(run: Run) -> None:
    assert run("checkin", "--yes").code == 0
    assert run("balance", "--json").json()["streak"] == 1  # type: ignore[index]
    assert run("remind").out == ""


def test_checkin_for_yesterday_and_not_tomorrow(run: Run) -> None:
    assert run("checkin", "--on", "yesterday", "--toward", "1", "--yes").code == 0
    assert run("log", "--json").json()[0]["on"] == "2026-11-24"  # type: ignore[index]
    bad = run("checkin", "--on", "tomorrow", "--yes")
    assert bad.code == 2 and "future" in bad.err
    negative = run("checkin", "--toward", "-1", "--yes")
    assert negative.code == 2


def test_due_promises_are_asked_and_resolved_in_the_same_transaction(
    env: dict[str, str], run: Run
) -> None:
    promise = run("promise", "call", "mum", "--every", "daily", "--on", "yesterday", "--json")
    assert promise.code == 0, promise.err
    promise_id = promise.json()["id"]  # type: ignore[index]
    # today's occurrence is asked about ('k'), then yesterday's in its own question (skip)
    answers = "0\n0\n0\n0\n0\n0\nk\n\n\n"
    result = script(["checkin"], env, answers)
    assert result.returncode == 0, result.stderr
    assert f"#{promise_id}" in result.stderr
    kept = run("log", "--kind", "kept", "--json").json()
    assert len(kept) == 1 and kept[0]["promise_id"] == promise_id  # type: ignore[index,arg-type]


def test_remind_speaks_until_the_day_is_reviewed(run: Run, db_path: Path) -> None:
    first = run("remind")
    assert first.code == 0
    # no desktop to show it on, so the discreet line is printed (cron mails it)
    assert first.out == "Time for tonight's check-in (trustlog checkin)\n"
    assert not db_path.exists()
    run("promise", "water", "the", "plants", "--due", "today")
    assert "promise" not in run("remind").out
    assert "1 promise due" in run("remind", "--detailed").out
    run("checkin", "--yes")
    for mode in ([], ["--print"], ["--notify"], ["--detailed"]):
        silent = run("remind", *mode)
        assert (silent.code, silent.out, silent.err) == (0, "", "")


def test_alias_prints_suggestions(run: Run) -> None:
    assert "alias tt='trustlog toward'" in run("alias", "bash").out
    assert "abbr -a tt trustlog toward" in run("alias", "fish").out
    assert run("alias", "tcsh").code == 2


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_person_at_a_terminal(db_path: Path, env: dict[str, str], run: Run) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(trustlog_script(), ["checkin"], env=env, encoding="utf-8", timeout=30)
    child.expect("turned toward today")
    child.sendline("two")  # a typo gets a kind second chance
    child.expect("Please type a number")
    child.sendline("2")
    child.expect("A note for these")
    child.sendline("held hands")
    for _ in range(5):
        child.expect(r"\[0\]: ")
        child.sendline("")
    child.expect("A note for today, if you like")
    child.sendline("she laughed at my joke")
    child.expect("balance")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert run("balance", "--json").json()["balance"] == 2  # type: ignore[index]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_ctrl_c_mid_way_saves_nothing(db_path: Path, env: dict[str, str]) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(trustlog_script(), ["checkin"], env=env, encoding="utf-8", timeout=30)
    child.expect("turned toward today")
    child.sendline("3")
    child.expect("A note for these")
    child.sendintr()
    child.expect("nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not db_path.exists()


def test_the_checkin_marks_the_occurrence_it_asked_about(env: dict[str, str], run: Run) -> None:
    run("promise", "call", "your", "mum", "--every", "daily", "--on", "2 days ago")
    answers = "0\n0\n0\n0\n0\n0\nk\ns\n\n"
    result = script(["checkin"], env, answers)
    assert result.returncode == 0, result.stderr
    # it asked about today's occurrence, and that is the one now kept
    assert '"call your mum" (today)' in result.stderr
    assert '2 earlier days of "call your mum" are unmarked' in result.stderr
    kept = run("log", "--kind", "kept", "--json").json()
    assert len(kept) == 1  # type: ignore[arg-type]
    # today's was kept, so both earlier days are still open (skipped, not marked)
    promise = run("promises", "--json").json()[0]  # type: ignore[index]
    assert (promise["overdue_count"], promise["next_due"]) == (2, "2026-11-23")  # type: ignore[index]


def test_remind_names_the_journal_it_was_given(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "my journal.db"
    result = run("--db", str(other), "remind")
    assert result.out.strip() == f"Time for tonight's check-in (trustlog --db '{other}' checkin)"

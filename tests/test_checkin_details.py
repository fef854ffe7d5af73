"""Check-in details: which occurrence is asked about, earlier days in one question,
letting days go, a second check-in, undo of a whole check-in, the note as an entry,
the suggestion for tomorrow, and what a check-in says when it is cut short."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_e2e import trustlog_script
from trustlog.core.suggestions import REPAIR_ATTEMPT, all_suggestions
from trustlog.features.checkin.reviewed import marker_path

NO_BIDS = "0\n" * 6


def script(args: list[str], env: dict[str, str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [trustlog_script(), *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


@pytest.fixture
def env(db_path: Path) -> dict[str, str]:
    return dict(os.environ, TRUSTLOG_DB=str(db_path), NO_COLOR="1")


def daily_promise(run: Run, since: str = "3 days ago") -> int:
    made = run("promise", "call", "mum", "--every", "daily", "--on", since, "--json")
    assert made.code == 0, made.err
    return int(made.json()["id"])  # type: ignore[index]


def test_earlier_days_let_go_are_excused_and_never_broken(env: dict[str, str], run: Run) -> None:
    promise_id = daily_promise(run)
    result = script(["checkin"], env, NO_BIDS + "k\nl\n\n")
    assert result.returncode == 0, result.stderr
    assert '3 earlier days of "call mum" are unmarked: mark them missed, let them go, or skip?' in (
        result.stderr
    )
    promise = run("promises", "--json").json()[0]  # type: ignore[index]
    assert (promise["kept"], promise["broken"], promise["overdue_count"]) == (1, 0, 0)  # type: ignore[index]
    excused = run("log", "--kind", "excused", "--json").json()
    assert [(e["amount"], e["promise_id"]) for e in excused] == [(0, promise_id)] * 3  # type: ignore[index,union-attr]
    assert run("balance", "--json").json()["balance"] == 1  # type: ignore[index]
    # not asked again: tomorrow's check-in has only tomorrow to ask about
    again = run("checkin", "--yes", "--json")
    assert again.code == 0


def test_earlier_days_marked_missed_are_broken(env: dict[str, str], run: Run) -> None:
    daily_promise(run, "2 days ago")
    result = script(["checkin"], env, NO_BIDS + "s\nm\n\n")
    assert result.returncode == 0, result.stderr
    promise = run("promises", "--json").json()[0]  # type: ignore[index]
    assert (promise["kept"], promise["broken"], promise["next_due"]) == (0, 2, "2026-11-25")  # type: ignore[index]
    # Each missed day is dated on that day, as `broken 1 --on DAY` would: not
    # all on the evening of the check-in, which would make today look -10.
    broken = run("log", "--kind", "broken", "--json").json()
    assert sorted(e["on"] for e in broken) == ["2026-11-23", "2026-11-24"]  # type: ignore[index,union-attr]


def test_excuse_lets_go_up_to_yesterday(run: Run) -> None:
    promise_id = daily_promise(run)
    result = run("excuse", str(promise_id))
    assert result.code == 0, result.err
    assert "Let 3 days of promise 1 go" in result.out
    promise = run("promises", "--json").json()[0]  # type: ignore[index]
    # today's occurrence stays open; nothing counts as broken
    assert (promise["status"], promise["next_due"], promise["broken"]) == (
        "open",
        "2026-11-25",
        0,
    )  # type: ignore[index]
    assert "no unmarked days" in run("excuse", str(promise_id)).out
    assert run("excuse", str(promise_id), "--until", "tomorrow").code == 2
    assert run("excuse", "99").code == 1
    assert run("excuse", str(promise_id), "--until", "today", "--json").json() == {  # type: ignore[comparison-overlap]
        "promise_id": promise_id,
        "excused": ["2026-11-25"],
    }


def test_a_second_checkin_shows_the_first_and_adds(env: dict[str, str], run: Run) -> None:
    assert run("checkin", "--toward", "2", "--note", "a walk", "--yes").code == 0
    second = script(["checkin"], env, "1\n\n" + "0\n" * 5 + "\n")
    assert second.returncode == 0, second.stderr
    assert "You already checked in" in second.stderr and "this adds to it" in second.stderr
    assert "Already logged:" in second.stderr
    towards = run("log", "--kind", "toward", "--json").json()
    assert len(towards) == 3  # type: ignore[arg-type]
    notes = run("log", "--kind", "note", "--json").json()
    assert [n["note"] for n in notes] == ["a walk"]  # type: ignore[index,union-attr]


def test_undo_takes_back_the_whole_checkin(run: Run) -> None:
    run("toward", "before", "the", "check-in")
    assert run("checkin", "--toward", "2", "--away", "1", "--note", "long day", "--yes").code == 0
    undone = run("undo")
    assert undone.code == 0
    assert undone.out == (
        "Took back the check-in for Wed 25 Nov (4 entries); "
        "`trustlog restore ID` brings an entry back.\n"
    )
    left = run("log", "--json").json()
    assert [e["note"] for e in left] == ["before the check-in"]  # type: ignore[index,union-attr]
    # the shell hook's marker no longer says today is reviewed (a review found
    # `remind` asking again while the hook stayed quiet)
    assert not marker_path(os.environ).exists()
    assert run("remind", "--print").out != ""  # the day is open again
    assert "Undid entry" in run("undo").out


def test_undo_of_a_checkin_that_saved_nothing_offers_nothing_to_restore(run: Run) -> None:
    assert run("checkin", "--yes").code == 0
    assert marker_path(os.environ).read_text() == "2026-11-25\n"
    undone = run("undo")
    assert undone.out == "Took back the check-in for Wed 25 Nov (it had saved no entries).\n"
    assert not marker_path(os.environ).exists()
    assert "Time for" in run("remind", "--print").out


def test_the_note_is_one_entry_found_by_log_and_search(run: Run) -> None:
    saved = run("checkin", "--toward", "3", "--note", "picnic by the river", "--yes", "--json")
    assert saved.code == 0
    entries = run("log", "--json").json()
    notes = [(e["kind"], e["amount"], e["note"]) for e in entries]  # type: ignore[index,union-attr]
    assert notes.count(("note", 0, "picnic by the river")) == 1
    assert notes.count(("toward", 1, "")) == 3  # not copied onto each bid
    assert "picnic by the river" in run("search", "picnic").out
    home = run("balance", "--json").json()
    assert home["balance"] == 3  # type: ignore[index]
    report = run("report", "--json")
    assert report.code == 0, report.err


def test_after_the_partners_withdrawal_tomorrow_asks_no_repair_of_the_hurt(run: Run) -> None:
    # A review found "Make a repair attempt" suggested to the one who was hurt.
    assert run("withdraw", "20", "-p", "he lied about where he was").code == 0
    done = run("checkin", "--yes")
    assert done.code == 0, done.err
    tomorrow = done.out.split("For tomorrow: ")[1]
    repair_titles = [s.title for s in all_suggestions() if s.practice == REPAIR_ATTEMPT]
    assert repair_titles
    assert not any(title in tomorrow for title in repair_titles)


def test_the_checkin_ends_with_a_suggestion_for_tomorrow(run: Run) -> None:
    done = run("checkin", "--away", "1", "--yes")
    assert done.code == 0
    assert "For tomorrow: " in done.out
    assert done.out.split("For tomorrow: ")[1] == run("prompt").out.split("For tomorrow: ")[1]


def test_without_a_terminal_the_day_s_notes_never_reach_stderr(
    env: dict[str, str], run: Run
) -> None:
    run("away", "the", "argument", "about", "money")
    result = script(["checkin"], env, NO_BIDS + "\n")
    assert result.returncode == 0, result.stderr
    assert "money" not in result.stderr
    assert "Already logged:" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("key", "code"), [("eof", 1), ("intr", 130)])
def test_cut_short_at_a_terminal_says_so_on_its_own_line(
    db_path: Path, env: dict[str, str], run: Run, key: str, code: int
) -> None:
    pexpect = pytest.importorskip("pexpect")
    daily_promise(run, "2 days ago")
    child = pexpect.spawn(trustlog_script(), ["checkin"], env=env, encoding="utf-8", timeout=30)
    for _ in range(6):
        child.expect(r"\[0\]: ")
        child.sendline("")
    child.expect(r'"call mum" \(today\)')
    child.sendline("k")
    child.expect("2 earlier days")
    child.sendeof() if key == "eof" else child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code
    last = child.before.replace("\r", "").rstrip("\n").splitlines()[-1]
    assert last.startswith("trustlog: ") and "nothing was saved" in last
    assert run("log", "--kind", "kept", "--json").json() == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_person_lets_earlier_days_go_at_a_terminal(env: dict[str, str], run: Run) -> None:
    pexpect = pytest.importorskip("pexpect")
    daily_promise(run, "yesterday")
    child = pexpect.spawn(trustlog_script(), ["checkin"], env=env, encoding="utf-8", timeout=30)
    for _ in range(6):
        child.expect(r"\[0\]: ")
        child.sendline("")
    child.expect(r'"call mum" \(today\)')
    child.sendline("k")
    child.expect('1 earlier day of "call mum" is unmarked: mark it missed, let it go, or skip')
    child.sendline("maybe")
    child.expect("Please type m, l or s")
    child.sendline("l")
    child.expect("A note for today, if you like")
    child.sendline("")
    child.expect("For tomorrow")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    promise = run("promises", "--json").json()[0]  # type: ignore[index]
    assert (promise["kept"], promise["broken"], promise["overdue_count"]) == (1, 0, 0)  # type: ignore[index]


def test_a_checkin_for_an_earlier_day_still_suggests_for_tomorrow(run: Run) -> None:
    # The ideas say "tomorrow": the next day to come, whichever day was checked in.
    done = run("checkin", "--on", "yesterday", "--yes")
    assert done.code == 0 and "For tomorrow: " in done.out
    assert "For tomorrow: " in run("checkin", "--yes").out


def test_undo_with_only_taken_back_entries_left_says_so(run: Run) -> None:
    # A review: after undoing a check-in, a second undo said "the journal has no entries".
    assert run("checkin", "--toward", "2", "--note", "n", "--yes").code == 0
    assert run("undo").code == 0
    again = run("undo")
    assert again.code == 1
    assert "nothing left to undo" in again.err and "trustlog log --deleted" in again.err


def test_undo_takes_back_the_days_a_checkin_marked_missed(env: dict[str, str], run: Run) -> None:
    # A review: with missed days dated on the days missed, undo matched the check-in's
    # day only, left the -5s live and said "(it had saved no entries)".
    daily_promise(run, "3 days ago")
    result = script(["checkin"], env, NO_BIDS + "s\nm\n\n")
    assert result.returncode == 0, result.stderr
    assert run("balance", "--json").json()["balance"] == -15  # type: ignore[index]
    undone = run("undo")
    assert undone.out.startswith("Took back the check-in for Wed 25 Nov (3 entries)")
    assert run("balance", "--json").json()["balance"] == 0  # type: ignore[index]
    assert run("promises", "--json").json()[0]["broken"] == 0  # type: ignore[index]


def test_a_checkin_for_yesterday_names_yesterday_in_its_questions(
    env: dict[str, str], run: Run
) -> None:
    # A review: `checkin --on yesterday` asked about the promise "(today)" and for
    # "A note for on Tue 24 Nov".
    daily_promise(run, "yesterday")
    result = script(["checkin", "--on", "yesterday"], env, NO_BIDS + "k\n\n")
    assert result.returncode == 0, result.stderr
    assert '"call mum" (Tue 24 Nov)' in result.stderr and "(today)" not in result.stderr
    assert "A note for Tue 24 Nov, if you like" in result.stderr


def test_undo_after_excuse_takes_back_every_day_it_let_go(run: Run) -> None:
    # A review: undo after `excuse` took back one of four days, and named another.
    daily_promise(run, "4 days ago")
    assert run("excuse", "1").code == 0
    assert len(run("log", "--kind", "excused", "--json").json()) == 4  # type: ignore[arg-type]
    undone = run("undo")
    assert undone.code == 0
    assert undone.out.startswith("Undid 4 entries saved together (excused")
    assert run("log", "--kind", "excused", "--json").json() == []
    assert run("promises", "--json").json()[0]["overdue_count"] == 4  # type: ignore[index]

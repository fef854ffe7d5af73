"""Injuries and repair, read as the people living them would (spec: Injuries and repair).

Who caused an injury has no default; a major or severe one brings one quiet
safety line; the account since counts only what the person who caused it
did, and leaves out other injuries' own withdrawals.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from conftest import TODAY, Run
from test_repair import injure, rows, snapshot, view

SAFETY = "If you feel unsafe with your partner, reach out to your local emergency number"


@pytest.mark.parametrize(
    ("severity", "warned"), [("minor", False), ("major", True), ("severe", True)]
)
def test_major_and_severe_injuries_bring_one_quiet_safety_line(
    run: Run, severity: str, warned: bool
) -> None:
    result = run("injury", "he", "pushed", "me", "--severity", severity, "-p")
    assert result.code == 0, result.err
    err = " ".join(result.err.split())
    assert (SAFETY in err) is warned
    assert err.count("trustlog help safety") == (1 if warned else 0)
    assert result.out == "1\n"  # the id alone on stdout, for scripts


def test_the_safety_line_does_not_guess_from_the_words(run: Run) -> None:
    """No keyword guessing: a minor injury with frightening words brings no line."""
    result = run("injury", "he", "hit", "the", "wall", "--severity", "minor", "-p")
    assert SAFETY not in " ".join(result.err.split())


def test_the_safety_line_keeps_json_clean(run: Run) -> None:
    result = run("injury", "lied", "--severity", "severe", "--me", "--json")
    assert result.json()["severity"] == "severe"  # type: ignore[index]
    assert SAFETY in " ".join(result.err.split())


def test_injury_without_who_caused_it_is_exit_2_and_kind(run: Run, db_path: Path) -> None:
    result = run("injury", "hid", "the", "debt", "--severity", "major")
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1
    assert "Who caused it?" in result.err and "-p" in result.err and "--me" in result.err
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("args", "by"),
    [
        (("--by", "partner"), "partner"),
        (("--by", "Me"), "me"),
        (("-p",), "partner"),
        (("--partner",), "partner"),
        (("--me",), "me"),
    ],
)
def test_injury_says_who_caused_it(run: Run, args: tuple[str, ...], by: str) -> None:
    data = run("injury", "x", "--severity", "minor", *args, "--json").json()
    assert data["by"] == by  # type: ignore[index]
    shown = run("repair", "1").out
    assert ("caused by you" if by == "me" else "caused by your partner") in shown


@pytest.mark.parametrize(
    ("args", "needle"),
    [(("--by", "them"), "'them'"), (("-p", "--me"), "Choose one"), (("--by", "me", "-p"), "one")],
)
def test_injury_who_caused_it_bad_input(
    run: Run, db_path: Path, args: tuple[str, ...], needle: str
) -> None:
    result = run("injury", "x", "--severity", "minor", *args)
    assert result.code == 2 and needle in result.err and result.err.count("\n") == 1
    assert not db_path.exists()


def test_the_account_since_is_only_what_the_person_repairing_did(run: Run) -> None:
    """The injured partner's hard moments and a later injury are not a debit."""
    injure(run, "hid", "the", "debt", "--severity", "major", "-p", "--on", "10 days ago")
    run("toward", "-p", "listened", "--on", "9 days ago")  # +1 by the one repairing
    run("deposit", "20", "-p", "told the truth", "--on", "8 days ago")  # +20
    run("away", "-p", "--on", "7 days ago")  # -5
    run("against", "snapped back", "--on", "6 days ago")  # mine: not a debit on their repair
    run("withdraw", "30", "a bad night", "--on", "5 days ago")  # mine too
    injure(run, "lied", "again", "--severity", "minor", "-p", "--on", "4 days ago")  # its own
    run("toward", "-p", "--on", "10 days ago")  # the injury's own day: before "since"
    first = view(run, 1)
    assert (first["recovered"], first["of"]) == (1 + 20 - 5, 100)
    assert view(run, 2)["recovered"] == 0
    screen = " ".join(run("repair", "1").out.split())
    assert (
        "The account since then: +16 of 100 — what your partner did, other injuries left out"
        in (screen)
    )


def test_the_account_since_for_my_own_injury(run: Run) -> None:
    injure(run, "--me", "forgot", "--severity", "minor", "--on", "3 days ago")
    run("toward", "--on", "2 days ago")
    run("against", "-p", "--on", "yesterday")
    assert view(run, 1)["recovered"] == 1


def test_the_repair_view_leads_with_what_was_done_and_shows_step_notes(run: Run) -> None:
    injure(run, "--me", "hid", "the", "debt", "--severity", "major", "--on", "5 days ago")
    run("repair", "1", "--step", "reveal", "she", "told", "me", "all", "--on", "4 days ago")
    run("repair", "1", "--step", "acknowledge", "I", "said", "sorry", "--on", "3 days ago")
    data = view(run, 1)
    assert data["step_notes"] == {
        "reveal": "she told me all",
        "acknowledge": "I said sorry",
        "amends": None,
        "long-game": None,
    }
    screen = run("repair", "1").out
    assert "she told me all" in screen and "I said sorry" in screen
    done, account = screen.index("2 of 4 steps reached"), screen.index("since then")
    assert done < screen.index("1 reveal") < account


def test_the_repair_view_shows_the_words_written_at_closing(run: Run) -> None:
    """A person looking back at a closed repair finds what they wrote when they closed
    it, where they look (the repair view), not only in `log`."""
    injure(run, "--me", "hid", "the", "debt", "--severity", "major", "--on", "5 days ago")
    closed = run("repair", "1", "--close", "we", "both", "feel", "it", "is", "behind", "us")
    assert closed.code == 0, closed.err
    screen = " ".join(run("repair", "1").out.split())
    assert "Closed on " in screen
    assert "What you wrote when you closed it: we both feel it is behind us" in screen
    assert view(run, 1)["closed_note"] == "we both feel it is behind us"
    before = " ".join(run("repair", "1", today=TODAY - timedelta(days=1)).out.split())
    assert "behind us" not in before  # seen as of a day before it was closed: still open


def test_a_repair_closed_without_words_shows_no_empty_line(run: Run) -> None:
    injure(run, "-p", "y", "--severity", "minor", "--on", "yesterday")
    assert run("repair", "1", "--close").code == 0
    screen = run("repair", "1").out
    assert "Closed on " in screen and "What you wrote" not in screen
    assert view(run, 1)["closed_note"] is None
    assert run("repair", "1", "--json", today=TODAY).json()["closed"] is True  # type: ignore[index]


def test_repair_all_lists_closed_repairs_too(run: Run) -> None:
    injure(run, "--me", "x", "--severity", "minor", "--on", "2 days ago")
    injure(run, "-p", "y", "--severity", "minor", "--on", "yesterday")
    assert run("repair", "1", "--close").code == 0
    assert [r["injury_id"] for r in run("repair", "--json").json()] == [2]  # type: ignore[union-attr]
    every = run("repair", "--all", "--json").json()
    assert [(r["injury_id"], r["closed"]) for r in every] == [(1, True), (2, False)]  # type: ignore[union-attr,index]
    assert "closed" in run("repair", "--all").out


def test_repair_help_mentions_safety(run: Run) -> None:
    text = " ".join(run("repair", "--help").out.split())
    assert "trustlog help safety" in text and "domestic-abuse service" in text
    assert "--all" in text


def test_a_failed_injury_changes_nothing(run: Run, db_path: Path) -> None:
    injure(run, "--me", "x", "--severity", "minor")
    before = snapshot(db_path)
    assert run("injury", "y", "--severity", "major").code == 2
    assert snapshot(db_path) == before
    assert rows(db_path, "SELECT count(*) FROM injuries") == [(1,)]


def test_a_promise_made_just_now_is_never_already_overdue(run: Run) -> None:
    made = run("promise", "walk", "together", "--every", "daily", "--on", "3 days ago")
    said = " ".join(made.err.split()) + " ".join(made.out.split())
    assert "overdue" not in said
    assert "3 earlier days to mark or let go" in said


def test_broken_s_help_is_kind(run: Run) -> None:
    text = " ".join(run("broken", "--help").out.split())
    assert "writing it down helps you both see it" in text.casefold()


def test_after_a_severe_injury_safety_comes_before_repair_and_stays_in_the_view(
    run: Run,
) -> None:
    # A review found the severe injury's output leading with "repair starts with",
    # and the repair view never naming safety again.
    result = run("injury", "he", "hit", "me", "--severity", "severe", "-p")
    err = " ".join(result.err.split())
    assert err.index(SAFETY) < err.index("repair starts with")
    shown = " ".join(run("repair", "1").out.split())
    assert SAFETY in shown
    assert shown.index(SAFETY) < shown.index("Next, when you are ready")
    run("injury", "forgot", "the", "date", "--severity", "minor", "--me")
    assert SAFETY not in " ".join(run("repair", "2").out.split())

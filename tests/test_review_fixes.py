"""What a cold review as a user in pain found, each fixed with a test that failed before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run

PW = {"TRUSTLOG_PASSPHRASE": "correct horse"}
CANARY = "zebracanary"


@pytest.fixture
def locked(run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert run("toward", CANARY).code == 0
    assert run("encrypt", env=PW).code == 0
    return db_path


def test_a_locked_journal_sends_nothing_in_clear_to_a_sync_folder(
    run: Run, locked: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    assert run("unlock", env=PW).code == 0
    result = run("sync", str(folder))
    assert result.code == 0, result.err  # unlocked: it syncs, sealed (tests/test_sync_sealed.py)
    written = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    assert CANARY.encode() not in written and b"AGE-SECRET-KEY" not in written


def test_changing_the_passphrase_needs_the_current_one_even_when_unlocked(
    run: Run, locked: Path
) -> None:
    assert run("unlock", env=PW).code == 0
    before = locked.read_bytes()
    wrong = {"TRUSTLOG_PASSPHRASE": "not it", "TRUSTLOG_NEW_PASSPHRASE": "mine now"}
    result = run("passphrase", env=wrong)
    assert result.code == 1 and result.err.count("\n") == 1
    assert locked.read_bytes() == before
    assert run("balance", env=PW).code == 0  # the old passphrase still opens it


def test_a_reached_step_without_a_note_shows_no_guidance_as_if_it_were_one(run: Run) -> None:
    assert run("injury", "hid", "the", "debt", "--severity", "major", "-p").code == 0
    assert run("repair", "1", "--step", "acknowledge").code == 0
    shown = run("repair", "1").out
    line = next(line for line in shown.splitlines() if "2 acknowledge" in line)
    assert "owns it" not in line and "—" in line
    assert "owns it" not in shown.split("3 amends")[0].split("2 acknowledge")[1]


def test_the_report_puts_no_research_figure_beside_both_peoples_rate(run: Run) -> None:
    run("toward", "asked")
    run("away", "-p", "missed my text")
    out = run("report").out
    assert "86%" not in out and "trustlog help research" not in out and "Gottman" not in out
    assert "not a score to hold over anyone" in out


def test_config_show_lists_every_setting(run: Run) -> None:
    assert run("config", "set", "remind.detailed", "true").code == 0
    shown = run("config", "show").out
    assert "remind.detailed" in shown and "true" in shown and "sync" in shown


def test_help_hides_the_completion_scripts_own_command(run: Run) -> None:
    listing = run("help").out
    assert "__complete" not in listing
    merge = next(line for line in listing.splitlines() if line.strip().startswith("merge "))
    assert merge.rstrip().endswith(".")  # not cut mid-sentence


def test_no_command_list_line_breaks_mid_sentence() -> None:
    """Rich help keeps a docstring's line breaks: each command's first paragraph is one line."""
    import inspect

    from trustlog.app import cli

    for name in cli.COMMANDS:
        cli.load_rooms(name)
    for info in cli.app.registered_commands:
        first = inspect.cleandoc(info.help or info.callback.__doc__ or "").split("\n\n")[0]
        assert "\n" not in first, info.name or info.callback.__name__


def test_a_chart_ending_before_the_first_entry_says_so(run: Run) -> None:
    assert run("toward", "--on", "3 days ago", "first", "walk").code == 0
    result = run("chart", "--until", "20 days ago")
    assert (result.code, result.out) == (
        0,
        "Nothing was recorded by 2026-11-05, so there is no line to draw.\n",
    )


def test_log_tells_an_empty_journal_from_a_filter_that_matched_nothing(run: Run) -> None:
    assert run("toward", "hello").code == 0
    assert run("log", "--since", "today", "--kind", "away").out == "No entries match.\n"
    assert run("rm", "1").code == 0
    assert run("log").out == (
        "No entries here yet; deleted ones are in the trash (`trustlog log --deleted`).\n"
    )

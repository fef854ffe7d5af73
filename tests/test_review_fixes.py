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


def test_a_check_in_note_gets_no_amount_so_the_export_still_imports(
    run: Run, tmp_path: Path
) -> None:
    assert run("checkin", "--yes", "--toward", "1", "--note", "quiet evening").code == 0
    note = next(e for e in run("log", "--json").json() if e["kind"] == "note")  # type: ignore[union-attr]
    before = run("balance", "--json").out
    result = run("edit", str(note["id"]), "--amount", "7")
    assert (result.code, result.err) == (
        2,
        "trustlog: A check-in note or a day let go has no amount to edit.\n",
    )
    assert run("balance", "--json").out == before


def test_a_terminal_width_that_is_not_a_number_is_the_terminals_width(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERMINAL_WIDTH", "abc")
    for args in (["--help"], ["log", "--help"]):
        result = run(*args)
        assert result.code == 0 and "Usage: trustlog" in result.out, result.err


def test_doctor_looks_inside_a_locked_journal_with_its_passphrase(run: Run, locked: Path) -> None:
    result = run("doctor", env=PW)
    assert result.code == 0, result.out + result.err
    assert "damaged" not in result.out
    conn_bytes = locked.read_bytes()
    assert CANARY.encode() not in conn_bytes
    without = run("doctor")  # no passphrase, its key file beside it: locked, not "damaged"
    assert without.code == 1 and "it is a locked journal" in without.out
    assert "damaged" not in without.out
    pub = locked.with_name(locked.name + ".pub")
    pub.rename(pub.with_suffix(".away"))  # no key file: it may be locked, or damaged
    alone = run("doctor")
    assert alone.code == 1 and "a locked journal and its passphrase was not given" in alone.out
    pub.with_suffix(".away").rename(pub)
    wrong = run("doctor", env={"TRUSTLOG_PASSPHRASE": "not it"})
    assert wrong.code == 1 and "a locked journal" in wrong.out


def test_doctor_calls_a_plain_journal_with_a_damaged_header_damaged(
    run: Run, db_path: Path
) -> None:
    assert run("toward", "one").code == 0
    with db_path.open("r+b") as file:
        file.write(b"SQLite format 2\0")
    result = run("doctor")
    assert result.code == 1
    assert "damaged" in result.out and "Traceback" not in result.err


def test_doctor_repairs_a_locked_journals_daily_totals(run: Run, locked: Path) -> None:
    from trustlog.journal import cipher

    key = cipher.derive_key(locked, PW["TRUSTLOG_PASSPHRASE"])
    conn = cipher.connect(locked, key)
    conn.execute("DELETE FROM days")
    conn.commit()
    conn.close()
    found = run("doctor", "--json", env=PW)
    assert found.code == 1
    assert [f["check"] for f in found.json()["remaining"]] == ["days"]  # type: ignore[index]
    fixed = run("doctor", "--fix", env=PW)
    assert fixed.code == 0, fixed.out + fixed.err
    assert run("doctor", env=PW).code == 0


def test_a_note_beginning_with_a_dash_gets_a_hint_not_just_an_option_error(run: Run) -> None:
    result = run("toward", "-ish")
    assert result.code == 2
    assert result.err.endswith(
        "a note that begins with - goes after --: `trustlog toward -- NOTE`\n"
    )
    assert "ish" not in result.err.split("No such option")[1].split("(")[0].replace("-i", "")
    assert run("toward", "--", "-ish").code == 0

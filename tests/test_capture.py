"""Recording moments, as a person types them."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ENTRY_KEYS, Run


def test_toward_needs_no_quotes_and_prints_one_line(run: Run, db_path: Path) -> None:
    result = run("toward", "asked", "about", "her", "day")
    assert result.code == 0
    assert result.out == "+1  toward · asked about her day → balance 1\n"
    assert result.err == ""
    assert db_path.exists()


def test_every_capture_kind_and_its_default_amount(run: Run) -> None:
    assert run("toward", "a").out.startswith("+1  toward")
    assert run("away", "b").out.startswith("-5  away")
    assert run("against", "c").out.startswith("-10  against")
    assert run("deposit", "3", "told", "the", "truth").out.startswith("+3  deposit")
    result = run("withdraw", "2", "snapped", "at", "dinner")
    assert result.out == "-2  withdraw · snapped at dinner → balance -13\n"


def test_partner_day_and_tags(run: Run) -> None:
    result = run("away", "-p", "--on", "yesterday", "missed", "my", "text", "--json")
    entry = result.json()
    assert isinstance(entry, dict)
    assert set(entry) == ENTRY_KEYS
    assert entry["by"] == "partner"
    assert entry["on"] == "2026-11-24"
    assert entry["amount"] == -5
    assert entry["note"] == "missed my text"
    tagged = run(
        "against", "--on", "3 days ago", "rolled", "eyes", "@money", "-t", "Home", "--json"
    )
    assert tagged.json()["tags"] == ["money", "home"]  # type: ignore[index]
    quoted = run("toward", "hugged #Kids, then @work.", "--json").json()
    assert quoted["tags"] == ["kids", "work"]  # type: ignore[index]


def test_an_email_address_is_not_a_tag(run: Run) -> None:
    entry = run("toward", "wrote", "to", "sam@example.com", "--json").json()
    assert entry["tags"] == []  # type: ignore[index]


def test_options_anywhere_and_double_dash_for_words_with_dashes(run: Run) -> None:
    entry = run("toward", "she", "smiled", "-p", "--json", "--", "-p", "is", "a", "--json")
    assert entry.code == 0
    assert entry.json()["note"] == "she smiled -p is a --json"  # type: ignore[index]


def test_an_empty_note_is_fine(run: Run) -> None:
    assert run("toward").out == "+1  toward → balance 1\n"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("toward", "--on", "tomorrow", "x"), "in the future"),
        (("toward", "--on", "blursday", "x"), "'blursday'"),
        (("deposit", "0", "x"), "from 1 to"),
        (("deposit", "-3", "x"), "-3"),
        (("deposit", "abc"), "needs an amount"),
        (("deposit",), "needs an amount"),
        (("withdraw", "99999999999999999999999", "x"), "from 1 to"),
        (("deposit", "²", "x"), "needs an amount"),
        (("toward", "--bogus"), "--bogus"),
        (("toward", "--on"), "--on"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], needle: str
) -> None:
    result = run(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("trustlog: ")
    assert needle.lower() in result.err.lower()
    assert "Traceback" not in result.err
    assert not db_path.exists()


def test_files_are_private(run: Run, db_path: Path) -> None:
    run("toward", "x")
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_weights_from_config_apply_to_new_entries_only(run: Run, isolated: Path) -> None:
    assert run("away", "before").out.startswith("-5")
    assert run("config", "set", "weights.away", "-3").code == 0
    assert run("away", "after").out == "-3  away · after → balance -8\n"
    entries = run("log", "--json").json()
    assert [e["amount"] for e in entries] == [-3, -5]  # type: ignore[union-attr,index]


def test_db_option_env_and_config_choose_the_journal(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = isolated / "elsewhere" / "mine.db"
    assert run("--db", str(chosen), "toward", "x").code == 0
    assert chosen.exists()
    assert run("--db", str(chosen), "balance", "--json").json()["balance"] == 1  # type: ignore[index]
    from_config = isolated / "cfg.db"
    monkeypatch.delenv("TRUSTLOG_DB")
    config = isolated / "c.toml"
    config.write_text(f'db = "{from_config}"\n')
    result = run("toward", "y", env={"TRUSTLOG_CONFIG": str(config)})
    assert result.code == 0
    assert from_config.exists()


def test_default_location_follows_xdg(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRUSTLOG_DB")
    assert run("toward", "x").code == 0
    assert (isolated / "home" / "data" / "trustlog" / "trustlog.db").exists()


def test_entries_on_other_days_say_so(run: Run) -> None:
    out = run("toward", "--on", "2026-11-20", "walk").out
    assert "on 2026-11-20" in out
    assert run("toward", "x", today=date(2026, 11, 26)).out.endswith("→ balance 2\n")


def test_a_forgotten_amount_is_not_echoed(run: Run) -> None:
    result = run("deposit", "kissed", "her", "goodbye")
    assert result.code == 2
    assert "kissed" not in result.err and "goodbye" not in result.err


def test_a_negative_number_is_a_note_word(run: Run) -> None:
    entry = run("away", "she", "said", "-1", "to", "my", "idea", "--json").json()
    assert entry["note"] == "she said -1 to my idea"  # type: ignore[index]


def test_an_output_that_cannot_show_arrows_still_works(run: Run) -> None:
    """A non-UTF-8 terminal gets replacement characters, not a crash after the save."""
    import io
    import sys

    raw = io.BytesIO()
    ascii_out = io.TextIOWrapper(raw, encoding="ascii")
    real = sys.stdout
    sys.stdout = ascii_out
    try:
        from trustlog.main import main

        code = main(["toward", "café", "with", "her"])
    finally:
        ascii_out.flush()
        sys.stdout = real
    assert code == 0
    assert b"toward" in raw.getvalue()


def test_config_guards(run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = run("config", "set", "weights.toward", "99999999999999999999")
    assert big.code == 2
    assert run("toward", "x").code == 0
    monkeypatch.chdir(isolated)
    assert run("config", "set", "db", "rel.db").code == 0
    config = (isolated / "home" / "config" / "trustlog" / "config.toml").read_text()
    assert f'db = "{isolated / "rel.db"}"' in config
    broken = isolated / "broken.toml"
    broken.write_text('name = "x\n')
    path = run("config", "path", env={"TRUSTLOG_CONFIG": str(broken)})
    assert (path.code, path.out.strip()) == (0, str(broken))
    shown = run("config", "show", env={"TRUSTLOG_CONFIG": str(broken)})
    assert shown.code == 1 and "not valid TOML" in shown.err


def test_an_unwritable_place_is_a_clear_error(run: Run, isolated: Path) -> None:
    blocker = isolated / "file"
    blocker.write_text("not a folder")
    result = run("--db", str(blocker / "j.db"), "toward", "x")
    assert result.code == 1
    assert result.err.startswith("trustlog: Could not create")

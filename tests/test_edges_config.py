"""The config file at its edges: typos named, wrong types refused, a rename reaches the journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run


def _config(isolated: Path, text: str) -> dict[str, str]:
    path = isolated / "c.toml"
    path.write_text(text)
    return {"TRUSTLOG_CONFIG": str(path)}


def test_an_unknown_table_is_named_once_and_the_command_still_runs(
    run: Run, isolated: Path
) -> None:
    env = _config(isolated, "[weight]\naway = -2\n")
    result = run("away", "late", env=env)
    assert result.code == 0
    assert result.err.count("\n") == 1
    assert "'weight'" in result.err and "ignoring" in result.err
    assert run("log", "--json", env=env).json()[0]["amount"] == -5  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("db = ['~/a.db']\n", "db must be text"),
        ("name = 5\n", "name must be text"),
        ("[weights]\naway = 'x'\n", "weights.away must be a whole number"),
        ("[weights]\naway = -1.5\n", "weights.away must be a whole number"),
        ("weights = 3\n", "[weights] should be a table"),
    ],
)
def test_a_wrong_type_is_exit_2_naming_the_key(
    run: Run, isolated: Path, text: str, named: str
) -> None:
    result = run("toward", "x", env=_config(isolated, text))
    assert result.code == 2
    assert named in result.err
    assert not (isolated / "[").exists() and not list(isolated.glob("['*"))


def test_deeply_nested_toml_is_a_clear_error(run: Run, isolated: Path) -> None:
    result = run("log", env=_config(isolated, "a = " + "[" * 5000 + "]" * 5000 + "\n"))
    assert result.code == 2
    assert "nested too deeply" in result.err
    assert "unexpected" not in result.err


def test_config_set_name_renames_the_journal_owner(run: Run, isolated: Path) -> None:
    assert run("toward", "x").code == 0
    assert run("config", "set", "name", "Maya").code == 0
    export = run("export", "--format", "json").json()
    assert export["owner"]["name"] == "Maya"  # type: ignore[index]
    markdown = run("export", "--format", "markdown")
    assert "Maya" in markdown.out


def test_config_set_name_without_a_journal_creates_none(
    run: Run, isolated: Path, db_path: Path
) -> None:
    assert run("config", "set", "name", "Maya").code == 0
    assert not db_path.exists()

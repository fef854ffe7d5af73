"""`trustlog demo`: a populated example that never touches the user's journal."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from conftest import Run
from test_exchange import fingerprint


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_demo_shows_home_and_repair_then_says_how_to_start(
    run: Run, db_path: Path, private_tmp: Path
) -> None:
    result = run("demo")
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert text.startswith("trustlog is a private journal")
    assert text.index("Emotional bank account") < text.index("Injury 1")
    for part in (
        "Balance",
        "You turned toward",
        "Your promises kept",
        "reveal",
        "acknowledge",
        "date night",
        "since then",
        "Gottman",
        "trustlog help safety",
        "temporary file",
        "trustlog toward",
    ):
        assert part in text
    assert "1 broken" in text  # the weekly walk, missed once
    assert list(private_tmp.iterdir()) == []  # the temporary journal is gone
    assert not db_path.exists()  # and the user's was never created


def test_demo_never_touches_the_users_journal(run: Run, db_path: Path, private_tmp: Path) -> None:
    assert run("toward", "my own moment").code == 0
    before = fingerprint(db_path)
    assert run("demo").code == 0
    assert fingerprint(db_path) == before


def test_demo_is_the_same_whatever_the_users_config(
    run: Run, private_tmp: Path, tmp_path: Path
) -> None:
    plain = run("demo")
    assert plain.code == 0, plain.err
    for config in ("[weights]\ntoward = 40\naway = -1\n", "[weights\nbroken"):
        user_config = tmp_path / "config.toml"
        user_config.write_text(config)
        result = run("demo", env={"TRUSTLOG_CONFIG": str(user_config)})
        assert result.code == 0, (config, result.err)
        assert result.out == plain.out, config

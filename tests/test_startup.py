"""Start-up is a feature: heavy modules must stay off the paths people use most.

No timings here (machines are noisy); we check which modules a real process
imports, under ``-X importtime``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_of

HEAVY = ("rich", "sqlite_utils", "dateutil", "pydantic", "typer", "click", "tomlkit")


def imported_modules(args: list[str], db: Path) -> set[str]:
    env = dict(os.environ, TRUSTLOG_DB=str(db))
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "trustlog", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    modules = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            modules.add(name.split(".")[0])
    return modules


@pytest.fixture
def journal(tmp_path: Path, first_capture: Path) -> Path:
    """A journal a first capture made (copied: what is measured is the next process)."""
    return copy_of(first_capture, tmp_path / "j.db")


@pytest.mark.parametrize(
    "args",
    [
        ["toward", "asked", "about", "her", "day"],
        ["away", "-p", "--on", "yesterday", "missed", "my", "text"],
        ["against", "--on", "2026-11-20", "-t", "money", "rolled", "eyes"],
        ["deposit", "3", "told", "the", "truth", "--json"],
        ["withdraw", "2", "snapped"],
    ],
)
def test_capture_imports_nothing_heavy(journal: Path, args: list[str]) -> None:
    heavy = imported_modules(args, journal) & set(HEAVY)
    assert heavy == set(), f"a capture imported {sorted(heavy)}"


def test_home_screen_imports_rich_but_not_typer_or_sqlite_utils(journal: Path) -> None:
    modules = imported_modules(["balance"], journal)
    assert "rich" in modules
    assert not modules & {"typer", "click", "sqlite_utils", "dateutil", "pydantic"}


def test_home_screen_json_imports_nothing_heavy(journal: Path) -> None:
    assert not imported_modules(["balance", "--json"], journal) & set(HEAVY)


@pytest.mark.parametrize("unlocked", [True, False], ids=["unlocked", "locked"])
def test_encrypted_capture_imports_nothing_heavy(
    journal: Path, tmp_path: Path, unlocked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, TRUSTLOG_DB=str(journal), XDG_RUNTIME_DIR=str(runtime))
    env["TRUSTLOG_PASSPHRASE"] = "pw"
    subprocess.run([sys.executable, "-m", "trustlog", "encrypt"], env=env, check=True)
    if unlocked:
        subprocess.run([sys.executable, "-m", "trustlog", "unlock"], env=env, check=True)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    heavy = imported_modules(["toward", "asked"], journal) & set(HEAVY)
    assert heavy == set(), f"an encrypted capture imported {sorted(heavy)}"


def test_plain_capture_imports_no_crypto(journal: Path) -> None:
    modules = imported_modules(["toward", "asked"], journal)
    assert not modules & {"sqlcipher3", "pyrage", "hashlib"}


@pytest.mark.parametrize(
    "args",
    [
        ["log", "--limit", "50"],
        ["report", "--month"],
        ["promises"],
        ["search", "first"],
        ["chart"],
        ["--help"],
    ],
)
def test_looking_back_builds_no_typer_app(journal: Path, args: list[str]) -> None:
    """The read-only commands people look at most skip Typer, Click and sqlite-utils
    (spec: each ≤ 0.65× `jrnl -n 3`, `--help` ≤ 0.8× `jrnl --help`)."""
    modules = imported_modules(args, journal)
    assert not modules & {"typer", "click", "sqlite_utils", "pydantic", "markdown_it"}
    assert not modules & {"pygments", "PIL"}  # no syntax highlighter, no imaging library

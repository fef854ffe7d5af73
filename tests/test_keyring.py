"""Remembering the key for the login session: private files, expiry, and distrust of the rest."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trustlog.app.errors import BadInput
from trustlog.core.durations import parse_duration
from trustlog.journal import keyring

NOW = datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
KEY = bytes(range(32))


@pytest.fixture
def runtime(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "run-user"
    folder.mkdir(mode=0o700)
    return {"XDG_RUNTIME_DIR": str(folder)}


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def key_files(env: dict[str, str]) -> list[Path]:
    return sorted((Path(env["XDG_RUNTIME_DIR"]) / "trustlog").glob("*.key"))


@pytest.mark.usefixtures("open_umask")
def test_the_key_is_kept_private_whatever_the_umask(
    tmp_path: Path, runtime: dict[str, str]
) -> None:
    journal = tmp_path / "trustlog.db"
    assert keyring.remember(journal, KEY, NOW + timedelta(hours=8), runtime)
    folder = Path(runtime["XDG_RUNTIME_DIR"]) / "trustlog"
    assert folder.stat().st_mode & 0o777 == 0o700
    [file] = key_files(runtime)
    assert file.stat().st_mode & 0o777 == 0o600
    assert "trustlog.db" not in file.name
    assert keyring.recall(journal, NOW, runtime) == KEY
    assert keyring.unlocked_until(journal, NOW, runtime) == NOW + timedelta(hours=8)


def test_the_key_runs_out(tmp_path: Path, runtime: dict[str, str]) -> None:
    journal = tmp_path / "trustlog.db"
    keyring.remember(journal, KEY, NOW + timedelta(minutes=30), runtime)
    assert keyring.recall(journal, NOW + timedelta(minutes=29), runtime) == KEY
    assert keyring.recall(journal, NOW + timedelta(minutes=30), runtime) is None
    assert key_files(runtime) == []
    assert keyring.unlocked_until(journal, NOW, runtime) is None


def test_lock_forgets_at_once(tmp_path: Path, runtime: dict[str, str]) -> None:
    journal = tmp_path / "trustlog.db"
    keyring.remember(journal, KEY, NOW + timedelta(hours=1), runtime)
    keyring.forget(journal, runtime)
    keyring.forget(journal, runtime)
    assert keyring.recall(journal, NOW, runtime) is None
    assert key_files(runtime) == []


def test_each_journal_has_its_own_key(tmp_path: Path, runtime: dict[str, str]) -> None:
    home, work = tmp_path / "a" / "trustlog.db", tmp_path / "b" / "trustlog.db"
    keyring.remember(home, KEY, NOW + timedelta(hours=1), runtime)
    assert keyring.recall(work, NOW, runtime) is None
    assert keyring.recall(home, NOW, runtime) == KEY


@pytest.mark.parametrize("env", [{}, {"XDG_RUNTIME_DIR": ""}, {"XDG_RUNTIME_DIR": "relative"}])
def test_without_a_runtime_folder_nothing_is_remembered(
    tmp_path: Path, env: dict[str, str]
) -> None:
    journal = tmp_path / "trustlog.db"
    assert keyring.remember(journal, KEY, NOW + timedelta(hours=1), env) is False
    assert keyring.recall(journal, NOW, env) is None
    assert keyring.unlocked_until(journal, NOW, env) is None
    keyring.forget(journal, env)


def test_a_key_file_others_can_read_is_removed(tmp_path: Path, runtime: dict[str, str]) -> None:
    journal = tmp_path / "trustlog.db"
    keyring.remember(journal, KEY, NOW + timedelta(hours=1), runtime)
    [file] = key_files(runtime)
    file.chmod(0o640)
    assert keyring.recall(journal, NOW, runtime) is None
    assert not file.exists()


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a file to another user")
def test_a_key_file_owned_by_someone_else_is_removed(
    tmp_path: Path, runtime: dict[str, str]
) -> None:
    journal = tmp_path / "trustlog.db"
    keyring.remember(journal, KEY, NOW + timedelta(hours=1), runtime)
    [file] = key_files(runtime)
    os.chown(file, 54321, 54321)
    assert keyring.recall(journal, NOW, runtime) is None
    assert not file.exists()


def test_a_garbled_key_file_is_removed(tmp_path: Path, runtime: dict[str, str]) -> None:
    journal = tmp_path / "trustlog.db"
    keyring.remember(journal, KEY, NOW + timedelta(hours=1), runtime)
    [file] = key_files(runtime)
    file.write_text("not what we wrote")
    assert keyring.recall(journal, NOW, runtime) is None
    assert not file.exists()


def test_a_loose_folder_is_made_private_again(tmp_path: Path, runtime: dict[str, str]) -> None:
    folder = Path(runtime["XDG_RUNTIME_DIR"]) / "trustlog"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert keyring.remember(tmp_path / "trustlog.db", KEY, NOW + timedelta(hours=1), runtime)
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("30m", timedelta(minutes=30)),
        ("8h", timedelta(hours=8)),
        ("2d", timedelta(days=2)),
        (" 12H ", timedelta(hours=12)),
        ("90m", timedelta(minutes=90)),
    ],
)
def test_durations_people_type(text: str, length: timedelta) -> None:
    assert parse_duration(text) == length


@pytest.mark.parametrize(
    "text", ["", "8", "h", "8 hours", "1.5h", "-1h", "0m", "2w", "367d", "9" * 12]
)
def test_durations_that_are_refused(text: str) -> None:
    with pytest.raises(BadInput):
        parse_duration(text)

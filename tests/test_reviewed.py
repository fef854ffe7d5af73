"""The reviewed-date marker that the shell hook reads without Python."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from trustlog.features.checkin.reviewed import mark_reviewed, marker_path

DAY = date(2026, 11, 25)


@pytest.fixture
def no_umask() -> Iterator[None]:
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def test_marker_path_follows_xdg_state_home(tmp_path: Path) -> None:
    assert marker_path({"XDG_STATE_HOME": "/s", "HOME": "/h"}) == Path("/s/trustlog/reviewed")
    assert marker_path({"XDG_STATE_HOME": "", "HOME": "/h"}) == Path(
        "/h/.local/state/trustlog/reviewed"
    )
    assert marker_path({"HOME": "/h"}) == Path("/h/.local/state/trustlog/reviewed")


@pytest.mark.usefixtures("no_umask")
def test_private_whatever_the_umask(tmp_path: Path) -> None:
    (tmp_path / "me").mkdir(mode=0o755)
    env = {"HOME": str(tmp_path / "me")}
    assert mark_reviewed(DAY, env) is True
    marker = tmp_path / "me" / ".local" / "state" / "trustlog" / "reviewed"
    assert marker.read_text() == "2026-11-25\n"
    assert marker.stat().st_mode & 0o777 == 0o600
    for folder in (marker.parent, marker.parent.parent, marker.parent.parent.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert (tmp_path / "me").stat().st_mode & 0o777 == 0o755  # the user's own: left alone


@pytest.mark.usefixtures("no_umask")
def test_a_new_day_replaces_the_file_at_once(tmp_path: Path) -> None:
    env = {"XDG_STATE_HOME": str(tmp_path / "state")}
    marker = marker_path(env)
    marker.parent.mkdir(parents=True)
    marker.write_text("2026-11-24\n")
    marker.chmod(0o644)  # left by hand, or an older version
    reader = marker.open()  # a shell reading the old marker at that very moment
    old_inode = marker.stat().st_ino
    assert mark_reviewed(DAY, env) is True
    assert reader.read() == "2026-11-24\n"  # the old file stays whole for its reader
    reader.close()
    assert marker.stat().st_ino != old_inode  # renamed into place, never rewritten in place
    assert marker.read_text() == "2026-11-25\n"
    assert marker.stat().st_mode & 0o777 == 0o600
    assert os.listdir(marker.parent) == ["reviewed"]  # no temp file left


def test_the_same_day_again_leaves_the_file_alone(tmp_path: Path) -> None:
    env = {"XDG_STATE_HOME": str(tmp_path)}
    assert mark_reviewed(DAY, env)
    inode = marker_path(env).stat().st_ino
    assert mark_reviewed(DAY, env)
    assert marker_path(env).stat().st_ino == inode


def test_an_unwritable_state_folder_is_false_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    assert mark_reviewed(DAY, {"XDG_STATE_HOME": str(blocker)}) is False
    assert blocker.read_text() == "a file where the folder should be"
    taken = tmp_path / "taken"
    (taken / "trustlog" / "reviewed").mkdir(parents=True)  # a folder where the file should be
    assert mark_reviewed(DAY, {"XDG_STATE_HOME": str(taken)}) is False
    assert os.listdir(taken / "trustlog") == ["reviewed"]

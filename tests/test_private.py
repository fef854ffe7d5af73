"""Folders 0700 and files 0600 whatever the umask; open journals are reported and tightened."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustlog.app.errors import BadInput
from trustlog.journal.private import (
    exposure,
    make_private_dir,
    owned_by_someone_else,
    tighten,
    write_private,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture(params=[0o000, 0o022, 0o277])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def test_every_folder_created_is_0700_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    home = tmp_path / "someone"
    home.mkdir()
    home.chmod(0o755)
    make_private_dir(home / ".local" / "share" / "trustlog")
    for folder in (".local", ".local/share", ".local/share/trustlog"):
        assert mode(home / folder) == 0o700, folder
    assert mode(home) == 0o755  # folders already there are not ours to change


def test_files_are_0600_and_whole_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "config" / "trustlog" / "config.toml"
    write_private(path, b'name = "Maya"\n')
    assert path.read_bytes() == b'name = "Maya"\n'
    assert mode(path) == 0o600
    assert mode(path.parent) == mode(path.parent.parent) == 0o700
    write_private(path, b'name = "Sam"\n')
    assert path.read_bytes() == b'name = "Sam"\n'
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]


def test_a_stale_temp_with_our_pid_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    stale = tmp_path / f".config.toml.{os.getpid()}.tmp"
    stale.write_text("left by a killed process that had our pid")
    write_private(path, b"fresh")
    assert path.read_bytes() == b"fresh" and not stale.exists()


def test_a_name_too_long_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="The file name is too long"):
        write_private(tmp_path / ("n" * 300), b"x")


def test_an_open_journal_and_folder_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "trustlog"
    folder.mkdir(mode=0o700)
    journal = folder / "trustlog.db"
    journal.write_bytes(b"")
    journal.chmod(0o600)
    assert exposure(journal) == []
    journal.chmod(0o644)
    folder.chmod(0o777)
    hint = "`trustlog doctor --fix` makes it private."
    assert exposure(journal) == [
        f"{journal} can be read by other users of this machine; {hint}",
        f"The folder {folder} lets other users of this machine replace the files in it; {hint}",
    ]
    journal.chmod(0o606)
    Path(f"{journal}-wal").write_bytes(b"")
    Path(f"{journal}-wal").chmod(0o640)
    folder.chmod(0o750)
    assert exposure(journal) == [
        f"{journal} can be read and changed by other users of this machine; {hint}",
        f"{journal}-wal can be read by other users of this machine; {hint}",
        f"The folder {folder} can be listed by other users of this machine; {hint}",
    ]
    assert exposure(folder / "absent.db") == [
        f"The folder {folder} can be listed by other users of this machine; {hint}"
    ]


def test_tighten_makes_private_and_says_what_it_did(tmp_path: Path) -> None:
    folder = tmp_path / "trustlog"
    folder.mkdir()
    folder.chmod(0o777)
    journal = folder / "trustlog.db"
    journal.write_bytes(b"")
    journal.chmod(0o666)
    link = folder / "link.db"
    link.symlink_to(journal)
    done = tighten([journal, folder, link, folder / "absent.db"])
    assert done == [
        f"{journal} is now private (0666 → 0600).",
        f"{folder} is now private (0777 → 0700).",
    ]
    assert mode(journal) == 0o600 and mode(folder) == 0o700
    assert tighten([journal, folder]) == []
    assert exposure(journal) == []


def test_a_journal_of_another_user_is_recognised(tmp_path: Path) -> None:
    journal = tmp_path / "trustlog.db"
    journal.write_bytes(b"")
    assert not owned_by_someone_else(journal)
    assert not owned_by_someone_else(tmp_path / "absent.db")
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    journal.chmod(0o600)
    os.chown(journal, 4242, 4242)
    assert owned_by_someone_else(journal)
    assert tighten([journal]) == []  # 0600 already: nothing to say
    journal.chmod(0o644)
    assert tighten([journal]) == [f"{journal} belongs to another user, so it was left as it is."]
    assert mode(journal) == 0o644

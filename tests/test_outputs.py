"""Files users point trustlog at: judged without opening, written whole or not at all."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.journal.leftovers import clean_stale_temps
from trustlog.journal.outputs import (
    OutputTarget,
    backup_target,
    check_target,
    open_output,
)
from trustlog.journal.private import temp_name

SRC = str(Path(__file__).resolve().parents[1] / "src")
NOW = datetime(2026, 11, 25, 21, 30, 5, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "trustlog.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE entries (note TEXT)")
    conn.close()
    return path


def run_python(code: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_a_fifo_is_refused_without_ever_blocking(tmp_path: Path, journal: Path) -> None:
    fifo = tmp_path / "e.json"
    os.mkfifo(fifo)
    code = (
        "from pathlib import Path\n"
        "from trustlog.app.errors import BadInput\n"
        "from trustlog.journal.outputs import open_output\n"
        "try:\n"
        f"    open_output({str(fifo)!r}, journal=Path({str(journal)!r}))\n"
        "except BadInput as e:\n"
        "    print(e.exit_code, e.message)\n"
    )
    done = run_python(code, timeout=10)  # a read-open of a FIFO with no writer would hang
    assert done.stdout.startswith("2 ") and "not a regular file" in done.stdout
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_process_substitution_pipe_is_refused(tmp_path: Path, journal: Path) -> None:
    """`-o >(gzip > f)` hands trustlog a /dev/fd path to a pipe."""
    read_end, write_end = os.pipe()
    try:
        with pytest.raises(BadInput, match="not a regular file"):
            open_output(f"/proc/self/fd/{write_end}", journal=journal)
    finally:
        os.close(read_end)
        os.close(write_end)


def test_dev_null_is_refused_and_left_as_it_was(journal: Path) -> None:
    before = os.stat("/dev/null")
    with pytest.raises(BadInput) as caught:
        open_output("/dev/null", journal=journal)
    assert caught.value.exit_code == 2
    assert caught.value.message.startswith("/dev/null is not a regular file")
    after = os.stat("/dev/null")
    assert (after.st_mode, after.st_rdev, after.st_ino) == (
        before.st_mode,
        before.st_rdev,
        before.st_ino,
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "The file name is empty"),
        (" ", "The file name is empty"),
        (".", "is a folder"),
        ("..", "is a folder"),
        ("{tmp}", "is a folder"),
        ("{tmp}/", "is a folder"),
        ("{tmp}/" + "n" * 300 + ".json", "The file name is too long"),
        ("{tmp}/no/such/folder/e.json", "The folder {tmp}/no/such/folder does not exist"),
        ("{tmp}/plain.txt/e.json", "part of it is a file, not a folder"),
    ],
)
def test_paths_that_cannot_be_written_are_exit_2(
    tmp_path: Path, journal: Path, text: str, words: str
) -> None:
    (tmp_path / "plain.txt").write_text("hello")
    with pytest.raises(BadInput) as caught:
        open_output(text.format(tmp=tmp_path), journal=journal)
    assert caught.value.exit_code == 2
    assert words.format(tmp=tmp_path) in caught.value.message
    assert "\n" not in caught.value.message


@pytest.mark.parametrize("side", ["", "-wal", "-shm", "-journal"])
def test_the_journal_and_its_side_files_are_never_targets(journal: Path, side: str) -> None:
    with pytest.raises(TrustlogError, match="is part of your journal") as caught:
        open_output(f"{journal}{side}", journal=journal)
    assert caught.value.exit_code == 1


def test_another_sqlite_file_is_left_as_it_is(tmp_path: Path, journal: Path) -> None:
    other = tmp_path / "backup.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    before = other.read_bytes()
    with pytest.raises(TrustlogError, match="is an SQLite database"):
        open_output(str(other), journal=journal)
    assert other.read_bytes() == before


def test_dash_writes_to_stdout(journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = open_output("-", journal=journal)
    assert target.is_stdout
    with target as out:
        out.write("day,amount\n")
    assert capsys.readouterr().out == "day,amount\n"


def test_a_file_is_replaced_whole_and_private(tmp_path: Path, journal: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text("old export")
    path.chmod(0o644)
    with open_output(str(path), journal=journal) as out:
        out.write("new export")
        assert path.read_text() == "old export"  # nothing shows until it is whole
    assert path.read_text() == "new export"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, journal: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text("old export")
    with pytest.raises(RuntimeError), open_output(str(path), journal=journal) as out:
        out.write("half of it")
        raise RuntimeError("a bug halfway")
    assert path.read_text() == "old export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_binary_and_file_targets(tmp_path: Path) -> None:
    target = OutputTarget(tmp_path / "chart.svg")
    with target.binary() as out:
        out.write(b"<svg/>")
    assert (tmp_path / "chart.svg").read_bytes() == b"<svg/>"
    with OutputTarget(tmp_path / "copy.db", replace=False).file() as temp:
        sqlite3.connect(temp).execute("CREATE TABLE t (x)").connection.close()
    assert (tmp_path / "copy.db").read_bytes().startswith(b"SQLite format 3\x00")
    with pytest.raises(BadInput, match="cannot go to the screen"), OutputTarget(None).file():
        pass


def test_a_target_that_appears_meanwhile_is_not_replaced_by_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "copy.db"
    with (
        pytest.raises(TrustlogError, match="already exists"),
        OutputTarget(path, replace=False).binary() as out,
    ):
        out.write(b"the backup")
        path.write_bytes(b"someone else's file")
    assert path.read_bytes() == b"someone else's file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


WRITER = """
import sys, time
from pathlib import Path
from trustlog.journal.outputs import OutputTarget
with OutputTarget(Path(sys.argv[1])).text() as out:
    out.write("x" * 1_000_000)
    out.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def killed_writer(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A writer SIGKILLed halfway through a 1 MB export."""
    target = tmp_path / "e.json"
    env = {**os.environ, "PYTHONPATH": SRC}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        yield target, child.pid
    finally:
        if child.poll() is None:
            child.kill()


def test_a_killed_writer_leaves_no_partial_file_and_the_next_run_cleans_up(
    killed_writer: tuple[Path, int], journal: Path
) -> None:
    target, pid = killed_writer
    temp = temp_name(target, pid)
    assert not target.exists()
    assert temp.stat().st_size >= 1_000_000 and stat.S_IMODE(temp.stat().st_mode) == 0o600
    with open_output(str(target), journal=journal) as out:
        out.write("whole")
    assert target.read_text() == "whole"
    assert not temp.exists()


def test_temps_of_live_writers_are_kept(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = temp_name(tmp_path / "e.json", sleeper.pid)
        mine = temp_name(tmp_path / "f.json")
        for temp in (live, mine):
            temp.write_text("in progress")
        assert clean_stale_temps(tmp_path) == []
        old = time.time() - 2 * 24 * 3600
        os.utime(live, (old, old))  # a live pid that was reused long after a kill
        assert clean_stale_temps(tmp_path, "e.json") == [live]
        assert mine.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_backup_names_never_collide_in_one_second(tmp_path: Path) -> None:
    names = {backup_target(str(tmp_path), default_folder=tmp_path, now=NOW) for _ in range(50)}
    assert len(names) == 50
    assert tmp_path / "trustlog-20261125-203005Z.db" in names
    assert tmp_path / "trustlog-20261125-203005Z-50.db" in names
    for name in sorted(names)[:3]:  # the reservations are the temps the writer fills
        with OutputTarget(name, replace=False).file() as temp:
            temp.write_bytes(b"copy")
        assert name.read_bytes() == b"copy"


def test_backup_names_differ_in_the_hour_the_clock_falls_back(tmp_path: Path) -> None:
    zone = ZoneInfo("America/New_York")
    first = datetime(2026, 11, 1, 1, 30, tzinfo=zone)
    second = first.replace(fold=1)  # the same wall clock, an hour later
    names = [backup_target(None, default_folder=tmp_path, now=t).name for t in (first, second)]
    assert names == ["trustlog-20261101-053000Z.db", "trustlog-20261101-063000Z.db"]


def test_a_killed_backup_blocks_nothing(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = temp_name(tmp_path / "trustlog-20261125-203005Z.db", dead.pid)
    stale.write_bytes(b"SQLite format 3\x00 half")
    path = backup_target(None, default_folder=tmp_path, now=NOW)
    assert not stale.exists()
    assert path.name == "trustlog-20261125-203005Z.db"


def test_backup_to_a_named_file(tmp_path: Path, journal: Path) -> None:
    path = backup_target(str(tmp_path / "mine.db"), default_folder=tmp_path, now=NOW)
    assert path == tmp_path / "mine.db"
    path.write_text("a backup")
    with pytest.raises(TrustlogError, match="already exists; it was left as it is"):
        backup_target(str(path), default_folder=tmp_path, now=NOW)
    with pytest.raises(BadInput, match="A backup is a file"):
        backup_target("-", default_folder=tmp_path, now=NOW)
    with pytest.raises(TrustlogError, match="part of your journal"):
        backup_target(f"{journal}-wal", default_folder=tmp_path, now=NOW, journal=journal)


def test_check_target_follows_a_link_to_a_device(tmp_path: Path, journal: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to("/dev/null")
    with pytest.raises(BadInput, match="not a regular file"):
        check_target(str(link), journal=journal)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a 64 KiB tmpfs here (needs root and mount rights)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_says_so_and_leaves_nothing(tiny_disk: Path, journal: Path) -> None:
    path = tiny_disk / "e.json"
    with pytest.raises(TrustlogError) as caught, open_output(str(path), journal=journal) as out:
        for _ in range(64):
            out.write("a note that is private " * 400)
    assert caught.value.message == f"The disk is full; nothing was written to {path}."
    assert caught.value.exit_code == 1
    assert list(tiny_disk.iterdir()) == []


def test_read_only_storage_says_so(tiny_disk: Path, journal: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    path = tiny_disk / "e.json"
    with pytest.raises(TrustlogError) as caught, open_output(str(path), journal=journal) as out:
        out.write("x")
    assert (
        caught.value.message
        == f"{tiny_disk} is on read-only storage; nothing was written to {path}."
    )

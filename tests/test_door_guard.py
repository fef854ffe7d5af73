"""The door refuses what it must never write into, and reads what it can only read.

Damaged copies are real cuts of a real journal; read-only storage is a real
tmpfs remounted read-only; other users are real uids (root gives the file away,
or `setpriv` runs trustlog as `nobody`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run

SRC = Path(__file__).resolve().parents[1] / "src"
NOBODY = 65534


def cut_copies(whole: Path, folder: Path) -> list[Path]:
    """38 copies cut short: inside the header, inside pages, on page edges, a byte short."""
    size = whole.stat().st_size
    page = 4096
    cuts = [50, 99, 100, 2000, page, page + 1, size - 1, size - 100, size - 2000]
    cuts += [page * k for k in range(2, size // page)][:14]
    cuts += [page * k + 777 for k in range(2, size // page)][:15]
    copies = []
    for number, length in enumerate(sorted(set(cuts))[:38]):
        copy = folder / f"cut{number}" / "trustlog.db"
        copy.parent.mkdir()
        copy.write_bytes(whole.read_bytes()[:length])
        copy.chmod(0o600)
        copies.append(copy)
    return copies


def integrity_fails(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        finally:
            conn.close()
    except sqlite3.Error:
        return True
    finally:
        for side in ("-wal", "-shm"):  # the check's own: the copy is judged as it was cut
            Path(f"{path}{side}").unlink(missing_ok=True)


def test_no_cut_copy_that_fails_its_integrity_check_takes_a_capture(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    for day in range(1, 29):
        run("toward", "--on", f"2026-10-{day:02d}", "we walked by the river " * 20)
        run("away", "--on", f"2026-10-{day:02d}", "I looked at my phone " * 20)
    run("undo")  # close the journal: the last close checkpoints the WAL
    assert not Path(f"{db_path}-wal").exists()
    copies = [c for c in cut_copies(db_path, tmp_path) if integrity_fails(c)]
    assert len(copies) >= 30
    for copy in copies:
        before = copy.read_bytes()
        result = run("toward", "x", env={"TRUSTLOG_DB": str(copy)})
        assert result.code == 1, copy
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
        assert copy.read_bytes() == before
        assert not Path(f"{copy}-wal").exists()


@pytest.mark.parametrize("command", [("toward", "x"), ("balance",), ("log",)])
def test_dev_null_as_the_journal_is_refused_and_never_chmodded(
    run: Run, command: tuple[str, ...]
) -> None:
    before = os.stat("/dev/null")
    result = run(*command, env={"TRUSTLOG_DB": "/dev/null"})
    assert result.code == 1
    assert "not a regular file" in result.err and result.err.count("\n") == 1
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_mode == before.st_mode


def test_a_fifo_as_the_journal_is_refused_without_blocking(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for command in (("toward", "x"), ("balance",)):
        result = run(*command, env={"TRUSTLOG_DB": str(fifo)})
        assert result.code == 1 and "not a regular file" in result.err


def test_a_folder_as_the_journal_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("toward", "x", env={"TRUSTLOG_DB": str(tmp_path)})
    assert result.code == 1 and "is a folder" in result.err


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_journal_owned_by_another_user_is_refused(run: Run, db_path: Path) -> None:
    run("toward", "x")
    os.chown(db_path, NOBODY, NOBODY)
    before = db_path.read_bytes()
    for command in (("toward", "y"), ("balance",)):
        result = run(*command)
        assert result.code == 1
        assert "belongs to another user" in result.err
    assert db_path.read_bytes() == before


def test_a_journal_others_can_read_is_reported_in_one_line(run: Run, db_path: Path) -> None:
    run("toward", "x")
    db_path.chmod(0o644)
    result = run("balance")
    assert result.code == 0
    assert result.err == (
        f"trustlog: {db_path} can be read by other users of this machine; "
        "`trustlog doctor --fix` makes it private.\n"
    )


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(folder)]
    ).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_read_only_storage_reads_and_refuses_writes_plainly(run: Run, read_only_disk: Path) -> None:
    journal = read_only_disk / "trustlog.db"
    env = {"TRUSTLOG_DB": str(journal)}
    run("toward", "a walk", env=env)
    run("away", "a sigh", env=env)
    expected = run("balance", "--json", env=env).json()
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_disk)], check=True)
    balance = run("balance", "--json", env=env)
    assert balance.code == 0 and balance.err == ""
    assert balance.json() == expected
    assert "a walk" in run("log", env=env).out
    assert run("search", "walk", env=env).code == 0
    write = run("toward", "x", env=env)
    assert write.code == 1
    assert write.err == (
        f"trustlog: {journal} is read-only (it cannot be written here), so nothing was saved. "
        "Commands that only read (balance, log, report, export) still work.\n"
    )


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder `nobody` can enter (pytest's own temp folders are closed to other users)."""
    folder = Path(tempfile.mkdtemp(prefix="trustlog-two-users-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _as_nobody(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("running as another user needs root and setpriv")
    command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    environ = {"PATH": os.environ["PATH"], "PYTHONPATH": str(SRC), "NO_COLOR": "1"} | env
    reach = [*command, sys.executable, "-c", "import typer, sqlite_utils"]
    if subprocess.run(reach, env=environ, capture_output=True, timeout=60).returncode:
        pytest.skip("the other user cannot reach this Python and its packages (a private venv)")
    return subprocess.run(
        [*command, sys.executable, "-m", "trustlog", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_read_only_file_reads_and_a_write_says_so_as_another_user(shared: Path) -> None:
    folder = shared / "hers"
    folder.mkdir()
    journal = folder / "trustlog.db"
    env = {"TRUSTLOG_DB": str(journal), "HOME": str(folder)}
    os.chown(folder, NOBODY, NOBODY)
    assert _as_nobody(["toward", "2", "x"], env).returncode == 0
    journal.chmod(0o400)
    balance = _as_nobody(["balance", "--json"], env)
    assert balance.returncode == 0, balance.stderr
    assert '"balance": 1' in balance.stdout
    write = _as_nobody(["toward", "y"], env)
    assert write.returncode == 1
    assert "is read-only" in write.stderr and write.stderr.count("\n") == 1
    folder.chmod(0o500)  # the folder too: not even the WAL's shared memory can be made
    journal.chmod(0o600)
    assert _as_nobody(["log"], env).returncode == 0


def test_a_journal_in_a_folder_the_user_cannot_enter_is_a_clear_line(shared: Path) -> None:
    locked = shared / "locked"
    locked.mkdir(mode=0o700)  # root's, and closed to nobody
    for command in (["balance"], ["toward", "x"]):
        result = _as_nobody(command, {"TRUSTLOG_DB": str(locked / "trustlog.db")})
        assert result.returncode == 1
        assert result.stderr.startswith(
            f"trustlog: trustlog is not allowed into the folder {locked} (permission denied)"
        )
        assert "unexpected" not in result.stderr


def test_two_users_a_journal_owned_by_one_is_refused_to_the_other(run: Run, shared: Path) -> None:
    db_path = shared / "trustlog.db"
    run("toward", "a note only I should read", env={"TRUSTLOG_DB": str(db_path)})
    db_path.chmod(0o644)  # even when the file could be read
    for command in (["balance"], ["toward", "x"]):
        result = _as_nobody(command, {"TRUSTLOG_DB": str(db_path)})
        assert result.returncode == 1
        assert "belongs to another user" in result.stderr


def test_a_full_disk_says_so_and_keeps_what_was_saved(run: Run, read_only_disk: Path) -> None:
    journal = read_only_disk / "trustlog.db"
    env = {"TRUSTLOG_DB": str(journal)}
    assert run("toward", "a walk", env=env).code == 0
    before = run("balance", "--json", env=env).json()
    filler = read_only_disk / "filler"
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    results = [
        run("toward", "x" * 40_000, env=env),
        run("export", "-o", str(read_only_disk / "e.json"), env=env),
        run("backup", env=env),
    ]
    for result in results:
        assert result.code == 1
        assert "disk is full" in result.err and result.err.count("\n") == 1
    filler.unlink()
    assert run("balance", "--json", env=env).json() == before
    assert sorted(p.name for p in read_only_disk.iterdir() if "trustlog-" in p.name) == []

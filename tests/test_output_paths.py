"""Where users point trustlog's outputs: `export -o`, `chart/calendar --svg`, `backup [PATH]`.

End to end through the commands: odd paths are refused before any work (exit 2)
and never opened; files are written whole (temp and rename), private, and a
killed run leaves no partial target and no temp the next run keeps.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Run

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def journal(run: Run, db_path: Path) -> Path:
    run("toward", "--on", "2026-11-20", "we went walking")
    run("away", "--on", "2026-11-21", "phone at dinner")
    return db_path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    ("command", "needle"),
    [
        (("export", "-o", ""), "The file name is empty"),
        (("export", "-o", "."), "is a folder"),
        (("export", "-o", "/dev/null"), "not a regular file"),
        (("export", "-o", "x" * 300 + ".json"), "too long"),
        (("chart", "--svg", ""), "The file name is empty"),
        (("calendar", "--svg", "."), "is a folder"),
        (("calendar", "--svg", "/dev/null"), "not a regular file"),
        (("backup", "/dev/null"), "not a regular file"),
        (("backup", "-"), "A backup is a file"),
        (("backup", "y" * 300 + ".db"), "too long"),
    ],
)
def test_odd_output_paths_are_exit_2_in_one_line(
    run: Run, journal: Path, command: tuple[str, ...], needle: str
) -> None:
    before = os.stat("/dev/null")
    result = run(*command)
    assert result.code == 2, result.err
    assert needle in result.err and result.err.count("\n") == 1
    assert "unexpected" not in result.err and result.out == ""
    assert os.stat("/dev/null").st_mode == before.st_mode


def test_a_fifo_is_refused_and_never_opened(run: Run, journal: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    for command in (("export", "-o", str(fifo)), ("chart", "--svg", str(fifo))):
        result = run(*command)  # opening a FIFO with no reader would hang forever
        assert result.code == 2 and "not a regular file" in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dash_is_stdout(run: Run, journal: Path) -> None:
    exported = run("export", "-o", "-")
    assert exported.code == 0 and '"entries"' in exported.out
    svg = run("chart", "--svg", "-")
    assert svg.code == 0 and svg.out.lstrip().startswith("<svg") and "Saved" not in svg.out


def test_outputs_are_private_and_replace_whole(run: Run, journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "e.json"
    target.write_text("an older export")
    target.chmod(0o644)
    assert run("export", "-o", str(target)).code == 0
    assert '"entries"' in target.read_text() and mode(target) == 0o600
    svg = tmp_path / "c.svg"
    assert run("calendar", "--svg", str(svg)).code == 0
    assert svg.read_text().lstrip().startswith("<svg") and mode(svg) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_backups_in_one_second_never_collide(run: Run, journal: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    names = {run("backup", str(folder)).out.strip() for _ in range(3)}
    assert len(names) == 3
    for name in names:
        copy = Path(name)
        assert copy.parent == folder and mode(copy) == 0o600
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
    again = run("backup", sorted(names)[0])
    assert again.code == 1 and "left as it is" in again.err


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    environ = os.environ | {"PYTHONPATH": str(SRC)} | env
    return subprocess.Popen(
        [sys.executable, "-m", "trustlog", *args],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when_temp_appears(process: subprocess.Popen[bytes], folder: Path) -> list[Path]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        temps = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        if temps:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return temps
    pytest.fail("the command finished before its temp file could be seen")


def _big(journal: Path) -> None:
    """A journal large enough that writing it out takes a while (notes of 400 bytes)."""
    conn = sqlite3.connect(journal, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO entries (uuid, kind, amount, by, day, note, recorded_at) "
        "VALUES (?, 'toward', 1, 'me', '2026-11-01', ?, '2026-11-01T00:00:00')",
        (
            (f"big-{i}", "a private note that must not be left half-written " * 8)
            for i in range(8_000)
        ),
    )
    conn.execute("COMMIT")
    conn.close()


@pytest.mark.parametrize("kind", ["export", "backup"])
def test_a_killed_run_leaves_no_partial_file_and_the_next_run_cleans_up(
    run: Run, journal: Path, tmp_path: Path, kind: str
) -> None:
    _big(journal)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "e.json"
    args = ["export", "-o", str(target)] if kind == "export" else ["backup", str(folder)]
    process = _start(args, {"TRUSTLOG_DB": str(journal)})
    temps = _kill_when_temp_appears(process, folder)
    assert process.returncode == -signal.SIGKILL
    assert [p for p in folder.iterdir() if not p.name.startswith(".")] == []  # no partial target
    result = run(*args)
    assert result.code == 0
    assert not any(t.exists() for t in temps)
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 1 and not left[0].startswith(".")

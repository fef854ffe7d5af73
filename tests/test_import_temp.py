"""An import keeps SQLite's temporary files in memory: the pages it changes (notes among
them) never go to a file in /var/tmp, in clear, one write a row.

Watched with strace (the real system calls of a real `trustlog import`); skipped
where strace is missing or may not trace (a container without ptrace).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from trustlog.main import main

STRACE = shutil.which("strace")


def _can_trace() -> bool:
    if STRACE is None:
        return False
    done = subprocess.run([STRACE, "-o", os.devnull, "true"], capture_output=True, check=False)
    return done.returncode == 0


pytestmark = pytest.mark.skipif(not _can_trace(), reason="strace is missing or cannot trace")


def _export(count: int, first: int = 0) -> dict[str, object]:
    """An export's shape: one entry a line, each with its uuid and moment."""
    return {
        "trustlog": 1,
        "entries": [
            {
                "uuid": f"0190a000-0000-7000-8000-{first + n:012d}",
                "kind": ("toward", "away", "deposit")[n % 3],
                "amount": (1, -5, 3)[n % 3],
                "by": ("me", "partner")[n % 2],
                "on": f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                "note": f"we talked it through, evening {n}",
                "tags": [],
                "recorded_at": f"2025-01-01T10:00:00.{n:06d}+00:00",
            }
            for n in range(count)
        ],
    }


def test_an_import_writes_no_temporary_file(tmp_path: Path) -> None:
    """3,000 rows (before, SQLite's statement journal went to /var/tmp from about
    2,000 rows on: a write a row): only the journal's own files are written."""
    db = tmp_path / "j.db"
    env = dict(os.environ, TRUSTLOG_DB=str(db), TRUSTLOG_CONFIG=str(tmp_path / "none.toml"))
    trustlog = [sys.executable, "-m", "trustlog"]
    subprocess.run([*trustlog, "toward", "before"], env=env, check=True, capture_output=True)
    source = tmp_path / "export.json"
    source.write_text(json.dumps(_export(3000)))
    trace = tmp_path / "trace.txt"
    command = [str(STRACE), "-f", "-y", "-e", "trace=write,pwrite64", "-o", str(trace)]
    done = subprocess.run(
        [*command, *trustlog, "import", str(source)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported 3000 entries from export.json")
    written = {
        line.split("<", 1)[1].split(">", 1)[0]
        for line in trace.read_text().splitlines()
        if "write" in line and "<" in line
    }
    files = {path for path in written if path.startswith("/")}
    assert f"{db}-wal" in files
    assert {path for path in files if not path.startswith(str(db))} == set()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 3001
    conn.close()


def _files_written(trace: Path) -> set[str]:
    """The files `write`/`pwrite64` calls went to (strace -y names each descriptor)."""
    found = (WRITE.match(line) for line in trace.read_text().splitlines())
    return {match[1] for match in found if match}


WRITE = re.compile(r"^(?:\d+\s+)?(?:pwrite64|write)\(\d+<(/[^>]*)>")


def test_a_merge_and_a_purge_write_no_temporary_file(tmp_path: Path) -> None:
    """A review found merge (176 writes) and purge's VACUUM (621) writing notes to
    SQLite's temp files in $TMPDIR: the journal's connection keeps them in memory."""
    db, other = tmp_path / "j.db", tmp_path / "copy.db"
    env = dict(os.environ, TRUSTLOG_DB=str(db), TRUSTLOG_CONFIG=str(tmp_path / "none.toml"))
    env["TMPDIR"] = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    trustlog = [sys.executable, "-m", "trustlog"]
    source = tmp_path / "export.json"
    source.write_text(json.dumps(_export(4000)))
    # The journals are made in this process (quicker); only what is traced runs alone.
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["import", str(source)], env=env) == 0
        assert main(["backup", str(other)], env=env) == 0
        source.write_text(json.dumps(_export(3000, first=4000)))
        assert main(["import", str(source)], env=env | {"TRUSTLOG_DB": str(other)}) == 0
    command = [str(STRACE), "-f", "-y", "-e", "trace=openat,write,pwrite64"]
    for args in (["merge", str(other)], ["purge", "2", "3", "--yes"]):
        trace = tmp_path / f"{args[0]}.txt"
        done = subprocess.run(
            [*command, "-o", str(trace), *trustlog, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert {f for f in _files_written(trace) if not f.startswith(str(db))} == set(), args
        assert "etilqs" not in trace.read_text(), args  # not even opened

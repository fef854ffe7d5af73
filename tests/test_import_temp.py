"""An import keeps SQLite's temporary files in memory: the pages it changes (notes among
them) never go to a file in /var/tmp, in clear, one write a row.

Watched with strace (the real system calls of a real `trustlog import`); skipped
where strace is missing or may not trace (a container without ptrace).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

STRACE = shutil.which("strace")


def _can_trace() -> bool:
    if STRACE is None:
        return False
    done = subprocess.run([STRACE, "-o", os.devnull, "true"], capture_output=True, check=False)
    return done.returncode == 0


pytestmark = pytest.mark.skipif(not _can_trace(), reason="strace is missing or cannot trace")


def _export(count: int) -> dict[str, object]:
    """An export's shape: one entry a line, each with its uuid and moment."""
    return {
        "trustlog": 1,
        "entries": [
            {
                "uuid": f"0190a000-0000-7000-8000-{n:012d}",
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

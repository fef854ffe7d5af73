"""What noticing other tools' schema changes costs a capture, whole process and in process.

    python benchmarks/schema_check.py [--runs 31] [--before REV]

Whole process: `trustlog toward …` of this checkout against the same command
of `--before` (default: the commit this branch started from, e05d1ce), each
run from its own source tree with the same Python, alternating round after
round on copies of one journal, so a busy moment hits both alike; medians.

In process: opening a current journal through the door for a write and
reading its balance (the identity and stamp read, plus the path and damage
checks a write now makes), 2,000 times; the best of three.  A bare open
without any query would overstate the cost: the stamp's lookup is the first
statement that makes SQLite parse the schema, which the command's own first
query would otherwise do.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def source_of(rev: str, into: Path) -> Path:
    """The `src` folder of git revision `rev`, unpacked under `into`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def capture(src: Path, journal: Path) -> float:
    env = os.environ | {"PYTHONPATH": str(src), "TRUSTLOG_DB": str(journal), "NO_COLOR": "1"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trustlog", "toward", "asked about her day"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def whole_process(runs: int, sources: dict[str, Path], work: Path) -> dict[str, float]:
    journals = {}
    for name, src in sources.items():
        journal = work / f"{len(journals)}.db"
        capture(src, journal)  # create it (and stamp it, on this branch)
        journals[name] = journal
    times: dict[str, list[float]] = {name: [] for name in sources}
    for _ in range(runs):
        for name, src in sources.items():
            times[name].append(capture(src, journals[name]))
    return {name: statistics.median(values) for name, values in times.items()}


OPENS = """
import sys, time
from datetime import date
from pathlib import Path
from trustlog.app.clock import Clock
from trustlog.journal import open_journal
journal, count = Path(sys.argv[1]), int(sys.argv[2])
today = date(2026, 11, 25)
with open_journal(journal, Clock(), write=True):
    pass
start = time.perf_counter()
for _ in range(count):
    with open_journal(journal, Clock(), write=True) as opened:
        opened.balance(today)
print((time.perf_counter() - start) / count)
"""


def in_process(src: Path, journal: Path, count: int = 2000) -> float:
    """Seconds per door open for a write, run with `src` first on the path."""
    env = os.environ | {"PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", OPENS, str(journal), str(count)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--before", default="e05d1ce")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="trustlog-bench-"))
    try:
        sources = {
            "this branch": ROOT / "src",
            f"before ({args.before})": source_of(args.before, work / "b"),
        }
        for name, seconds in whole_process(args.runs, sources, work).items():
            print(f"toward, whole process, {name}: {seconds * 1000:.1f} ms (median of {args.runs})")
        for number, (name, src) in enumerate(sources.items()):
            per_open = min(in_process(src, work / f"open{number}.db") for _ in range(3))
            print(f"door open for a write + balance, in process, {name}: {per_open * 1e6:.0f} µs")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Import at a hundred years: 1,100,000 rows into an empty journal, and 1,000 rows
into that big journal against an empty one.

Run: python benchmarks/import_big.py [--rows N] [--runs R] [--src SRC]
Whole-process figures (`python -m trustlog import`, PYTHONPATH=SRC, default this
tree's src) measured by GNU time: wall, CPU (user + sys) and peak RSS of the
import process. The small-import pairs alternate big/empty so load hits both.
Work files go to benchmarks/.work/import (gitignored). `--uuids v7` (the default)
models trustlog's own export (time-ordered uuids, in recorded order); `--uuids
random` models version 4 uuids in random order.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_bench import make_rows

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "import"


#: The big journal spans a hundred years up to today (about 30 entries a day); the
#: 1,000 new rows span its last 1,000 days (a device's recent export).
TODAY = date(2026, 11, 25)


#: The century's first day: a row's version 7 uuid holds its moment as milliseconds
#: after the Unix epoch counted from here (a real journal's uuids hold real moments;
#: only their order, and how close together they are, matter to the indexes).
CENTURY = TODAY - timedelta(days=36_500)


def v7_uuid(day: date, ms_into_day: int, rng: random.Random) -> str:
    """A version 7 uuid for a row recorded on `day`, `ms_into_day` after midnight."""
    ms = (day - CENTURY).days * 86_400_000 + ms_into_day
    raw = bytearray(ms.to_bytes(6, "big") + rng.randbytes(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def write_rows(path: Path, count: int, uuids: str, seed_offset: int = 0) -> None:
    """An export-shaped JSON list, written row by row (no 1.1M-row list of strings).

    `uuids` "v7": what trustlog itself exports — rows in the order they were
    recorded (one a minute from midnight), each uuid holding its moment and
    `recorded_at` stamped as the Clock does (UTC, microseconds); the small file's
    rows are another device's, recorded half a minute after the big journal's;
    "random": version 4 uuids (another tool's export, or rows made before v7).
    """
    days = 1000 if seed_offset else 36_500
    rows = make_rows(count, TODAY - timedelta(days=days), days)
    rng = random.Random(11 + seed_offset)
    if uuids == "v7":
        nth: dict[str, int] = {}
        for row in rows:
            day = str(row["on"])
            nth[day] = nth.get(day, -1) + 1
            ms = nth[day] * 60_000 + 30_000 * seed_offset
            row["uuid"] = v7_uuid(date.fromisoformat(day), ms, rng)
            moment = datetime.fromisoformat(f"{day}T00:00:00+00:00") + timedelta(milliseconds=ms)
            row["recorded_at"] = moment.isoformat(timespec="microseconds")  # as the Clock stamps
    elif seed_offset:  # fresh uuids for the small file: they are new to the big journal
        import uuid

        rows = [row | {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4))} for row in rows]
    with path.open("w") as out:
        out.write("[")
        for n, row in enumerate(rows):
            out.write(("," if n else "") + "\n" + json.dumps(row))
        out.write("\n]\n")


def run(db: Path, source: Path, src: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of one whole `trustlog import` process."""
    env = dict(os.environ, TRUSTLOG_DB=str(db), TRUSTLOG_CONFIG=str(db.parent / "none.toml"),
               PYTHONPATH=str(src))  # fmt: skip
    command = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "trustlog",
               "import", str(source)]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(done.stderr)
    wall, _user, _system, peak = done.stderr.strip().splitlines()[-1].split()
    # CPU from the kernel's own count (microseconds), not GNU time's 10 ms steps: a
    # 1,000-row import takes ~0.1 s, where one step is 10% of the ratio.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(wall), cpu, int(peak) / 1024


def flushed(path: Path) -> None:
    """The copy on disk before it is timed: else the import's first fsync pays for the
    ≈ 400 MB `copy` left in the page cache (counted as the import's system time)."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fresh(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def show(label: str, figures: list[tuple[float, float, float]]) -> tuple[float, float]:
    wall = statistics.median(f[0] for f in figures)
    cpu = statistics.median(f[1] for f in figures)
    peak = max(f[2] for f in figures)
    runs = ", ".join(f"{f[0]:.2f}/{f[1]:.3f}" for f in figures)
    print(f"{label}: wall {wall:.2f} s, CPU {cpu:.3f} s, peak {peak:.0f} MiB (runs: {runs})",
          flush=True)  # fmt: skip
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-runs", type=int, default=1)
    parser.add_argument("--no-new", action="store_true", help="skip the no-journal-yet run")
    parser.add_argument("--uuids", choices=("v7", "random"), default="v7", help="v7: as exported")
    parser.add_argument("--src", type=Path, default=HERE.parent / "src")
    parser.add_argument("--work", type=Path, default=WORK, help="where the files go")
    parser.add_argument("--small-only", action="store_true",
                        help="reuse WORK/big-built.db: only the 1,000-row pairs")  # fmt: skip
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    big_file = work / f"century-{args.rows}-{args.uuids}.json"
    small_file = work / f"recent-1000-{args.uuids}.json"
    if not big_file.exists():
        write_rows(big_file, args.rows, args.uuids)
    if not small_file.exists():
        write_rows(small_file, 1000, args.uuids, seed_offset=1)
    nothing = work / "nothing.json"
    nothing.write_text("[]\n")
    big_db, built = work / "big.db", work / "big-built.db"
    if not (args.small_only and built.exists()):
        _big(args, big_file, nothing, big_db, built)
    _small(args, small_file, nothing, big_db, built)


def _big(
    args: argparse.Namespace, big_file: Path, nothing: Path, big_db: Path, built: Path
) -> None:
    """The whole file into an empty journal (and into no journal yet)."""
    new_figures, empty_figures = [], []
    for _ in range(args.big_runs):  # no journal yet (the file is checked whole first) ...
        if not args.no_new:
            fresh(big_db)
            new_figures.append(run(big_db, big_file, args.src))
        fresh(big_db)  # ... and an empty journal (one pass)
        run(big_db, nothing, args.src)
        empty_figures.append(run(big_db, big_file, args.src))
    if new_figures:
        show(f"{args.rows:,} rows, no journal yet", new_figures)
    show(f"{args.rows:,} rows into an empty journal", empty_figures)
    fresh(built)
    shutil.copy(big_db, built)


def _small(
    args: argparse.Namespace, small_file: Path, nothing: Path, big_db: Path, built: Path
) -> None:
    """1,000 new rows into the big journal and into an empty one, alternating."""
    work = args.work
    into_big, into_empty = [], []
    for _ in range(args.runs):  # alternate, so the machine's load falls on both
        fresh(big_db)
        shutil.copy(built, big_db)
        flushed(big_db)
        into_big.append(run(big_db, small_file, args.src))
        empty = work / "empty.db"
        fresh(empty)
        run(empty, nothing, args.src)
        into_empty.append(run(empty, small_file, args.src))
    big_wall, big_cpu = show("1,000 rows into the big journal", into_big)
    empty_wall, empty_cpu = show("1,000 rows into an empty journal", into_empty)
    print(f"ratio big/empty: wall {big_wall / empty_wall:.2f}x, CPU {big_cpu / empty_cpu:.2f}x")


if __name__ == "__main__":
    main()

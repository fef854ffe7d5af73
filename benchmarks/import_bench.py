"""Import benchmark: 100,000 entries (JSON and CSV) into a fresh and a full journal.

Run: .venv/bin/python benchmarks/import_bench.py [ROWS]
Whole-process timings (`python -m trustlog import`), best of three, plus the
peak memory of the import process (ru_maxrss of the child).
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

KINDS = [
    ("toward", 1),
    ("toward", 1),
    ("toward", 1),
    ("away", -5),
    ("against", -10),
    ("deposit", 3),
    ("withdraw", -2),
]
WORDS = [
    "asked", "about", "her", "day", "walk", "dinner", "listened",
    "missed", "text", "phone", "late", "@home", "@work", "sorry",
]  # fmt: skip


def make_rows(
    count: int, start: date = date(2016, 11, 25), days: int = 3650
) -> list[dict[str, object]]:
    """`count` rows spread evenly over `days` days from `start` (ten years by default)."""
    rng = random.Random(7)
    rows = []
    for n in range(count):
        kind, amount = rng.choice(KINDS)
        note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 8)))
        rows.append(
            {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "kind": kind,
                "amount": amount,
                "by": rng.choice(["me", "partner"]),
                "on": (start + timedelta(days=n * days // count)).isoformat(),
                "note": note,
                "tags": sorted({w[1:] for w in note.split() if w.startswith("@")}),
                "recorded_at": f"{start + timedelta(days=n * days // count)}T21:30:00+00:00",
            }
        )
    return rows


#: A small parent for each import, so ru_maxrss is the import's own peak
#: (a child forked from this big process would inherit its size).
_MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run_import(db: Path, source: Path) -> tuple[float, float]:
    """Wall time of the whole `trustlog import` process, and its peak memory in MiB."""
    env = dict(os.environ, TRUSTLOG_DB=str(db), TRUSTLOG_CONFIG=str(db.parent / "none.toml"))
    command = [
        sys.executable,
        "-c",
        _MEASURE,
        sys.executable,
        "-m",
        "trustlog",
        "import",
        str(source),
    ]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    elapsed, peak_kib = done.stdout.split()
    return float(elapsed), int(peak_kib) / 1024


def run_merge(base: Path, source: Path) -> tuple[float, float]:
    """Merge a copy holding `source`'s rows into a journal of the same owner without them."""
    env = dict(os.environ, TRUSTLOG_CONFIG=str(base / "none.toml"))
    trustlog = [sys.executable, "-m", "trustlog"]
    here, laptop = base / "here.db", base / "laptop.db"
    subprocess.run(
        [*trustlog, "--db", str(here), "toward", "x"], env=env, check=True, capture_output=True
    )
    subprocess.run([*trustlog, "--db", str(here), "backup", str(laptop)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([*trustlog, "--db", str(laptop), "import", str(source)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    command = [sys.executable, "-c", _MEASURE, *trustlog, "--db", str(here), "merge", str(laptop)]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    elapsed, peak_kib = done.stdout.split()
    return float(elapsed), int(peak_kib) / 1024


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = make_rows(count)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        as_json = base / "rows.json"
        as_json.write_text(json.dumps(rows))
        as_csv = base / "rows.csv"
        with as_csv.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(r | {"tags": " ".join(r["tags"])} for r in rows)  # type: ignore[arg-type]
        for label, source in (("json", as_json), ("csv", as_csv)):
            times, peaks = [], []
            for attempt in range(3):
                db = base / f"{label}-{attempt}.db"
                elapsed, peak = run_import(db, source)
                times.append(elapsed)
                peaks.append(peak)
            again, again_peak = run_import(db, source)  # all there already: nothing added
            print(
                f"{label}: {count} rows into an empty journal: best {min(times):.2f} s "
                f"(runs {', '.join(f'{t:.2f}' for t in times)}), peak {max(peaks):.0f} MiB; "
                f"re-import {again:.2f} s, peak {again_peak:.0f} MiB"
            )

        elapsed, peak = run_merge(base, as_json)
        print(f"merge: a copy with {count} new entries: {elapsed:.2f} s, peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()

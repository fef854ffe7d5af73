"""Sync benchmark: a sync with nothing new against `trustlog balance`, and taking one
batch of 10,000 changes.

Run: python benchmarks/sync.py
Whole-process timings (`python -m trustlog ...`), best of five.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def trustlog(env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "trustlog", *args], env=env, check=True,
                   capture_output=True)  # fmt: skip
    return time.perf_counter() - start


def best(env: dict[str, str], *args: str, runs: int = 5) -> float:
    return min(trustlog(env, *args) for _ in range(runs))


def device(base: Path, name: str) -> dict[str, str]:
    return os.environ | {
        "PYTHONPATH": str(SRC),
        "TRUSTLOG_DB": str(base / f"{name}.db"),
        "TRUSTLOG_CONFIG": str(base / f"{name}.toml"),
    }


def fill(env: dict[str, str], count: int) -> None:
    """Write `count` entries straight into the journal (triggers mark each one)."""
    import sqlite3

    conn = sqlite3.connect(env["TRUSTLOG_DB"])
    with conn:
        conn.executemany(
            "INSERT INTO entries (uuid, kind, amount, by, day, note, tags, recorded_at) "
            "VALUES (?, 'toward', 1, 'me', '2026-11-01', ?, '', '2026-11-01T20:00:00+00:00')",
            [(str(uuid.uuid4()), f"moment {n}") for n in range(count)],
        )
    conn.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        folder = base / "sync"
        folder.mkdir()
        laptop, desktop = device(base, "laptop"), device(base, "desktop")
        trustlog(laptop, "toward", "first")
        trustlog(laptop, "sync", str(folder))
        trustlog(desktop, "toward", "hello")
        trustlog(desktop, "sync", "join", str(folder))
        fill(laptop, 10_000)
        send = trustlog(laptop, "sync")
        take = trustlog(desktop, "sync")
        idle = best(desktop, "sync")
        balance = best(desktop, "balance")
        checkin_env = desktop
        remind_synced = best(checkin_env, "remind")
        os.unlink(desktop["TRUSTLOG_CONFIG"])
        remind_plain = best(checkin_env, "remind")
        print(
            f"send a batch of 10,000 changes: {send:.2f} s; take it: {take:.2f} s (whole process)"
        )
        print(f"sync, nothing new: {idle * 1000:.0f} ms; balance: {balance * 1000:.0f} ms "
              f"({idle / balance:.2f}x)")  # fmt: skip
        print(f"remind with a sync folder: {remind_synced * 1000:.0f} ms; without: "
              f"{remind_plain * 1000:.0f} ms ({remind_synced / remind_plain:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()

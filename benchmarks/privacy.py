"""Captures on a plain, an encrypted unlocked and a locked journal, side by side in one run.

    python benchmarks/privacy.py [--runs 30]

Each capture is a fresh `python -m trustlog toward …` process (what a user
waits for); the median wall time of each, and the ratios to plain, are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _time(env: dict[str, str], runs: int) -> float:
    times = []
    for n in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "trustlog", "toward", f"bench {n}"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _journal(
    folder: Path, name: str, runtime: Path, *, encrypt: bool, unlock: bool
) -> dict[str, str]:
    env = dict(os.environ, TRUSTLOG_DB=str(folder / name), XDG_RUNTIME_DIR=str(runtime))
    setup = env | {"TRUSTLOG_PASSPHRASE": "bench passphrase"}
    for args in (["toward", "first"], ["encrypt"] if encrypt else [], ["unlock"] if unlock else []):
        if args:
            subprocess.run([sys.executable, "-m", "trustlog", *args], env=setup, check=True,
                           stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)  # fmt: skip
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runtime = folder / "run"
        runtime.mkdir(mode=0o700)
        kinds = {
            "plain": _journal(folder, "plain.db", runtime, encrypt=False, unlock=False),
            "encrypted, unlocked": _journal(folder, "enc.db", runtime, encrypt=True, unlock=True),
            "locked (inbox)": _journal(folder, "locked.db", runtime, encrypt=True, unlock=False),
        }
        # Interleave a warm-up so no kind gets a colder cache.
        for env in kinds.values():
            _time(env, 3)
        medians = {name: _time(env, runs) for name, env in kinds.items()}
    plain = medians["plain"]
    for name, median in medians.items():
        print(f"{name:22} {median * 1000:7.1f} ms   {median / plain:5.2f}× plain")


if __name__ == "__main__":
    main()

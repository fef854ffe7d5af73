"""Captures on a plain, an encrypted unlocked and a locked journal, side by side in one run.

    python benchmarks/privacy.py [--runs 30]           # captures
    python benchmarks/privacy.py --scale [--runs 10]   # balance, log, search at 110,000 entries

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


def _once(env: dict[str, str], n: int, args: tuple[str, ...] = ()) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trustlog", *(args or ("toward", f"bench {n}"))],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _medians(
    kinds: dict[str, dict[str, str]], runs: int, args: tuple[str, ...] = ()
) -> dict[str, float]:
    """Round-robin, so a busy moment of the machine falls on every kind alike."""
    times: dict[str, list[float]] = {name: [] for name in kinds}
    for n in range(runs):
        for name, env in kinds.items():
            times[name].append(_once(env, n, args))
    return {name: statistics.median(values) for name, values in times.items()}


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


SCALE_CASES = (("balance",), ("log", "--limit", "50"), ("search", "dinner"))


def scale(runs: int) -> None:
    """A 110,000-entry journal, plain and encrypted (unlocked), side by side."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runtime = folder / "run"
        runtime.mkdir(mode=0o700)
        maker = Path(__file__).with_name("make_journal.py")
        for name in ("plain.db", "enc.db"):
            subprocess.run(
                [sys.executable, str(maker), str(folder / name), "--entries", "110000"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        kinds = {
            "plain": dict(os.environ, TRUSTLOG_DB=str(folder / "plain.db")),
            "encrypted": _journal(folder, "enc.db", runtime, encrypt=True, unlock=True),
        }
        for args in SCALE_CASES:
            _medians(kinds, 2, args)
            medians = _medians(kinds, runs, args)
            ratio = medians["encrypted"] / medians["plain"]
            print(
                f"{' '.join(args):18} plain {medians['plain'] * 1000:7.1f} ms   "
                f"encrypted {medians['encrypted'] * 1000:7.1f} ms   {ratio:5.2f}×"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--scale", action="store_true")
    options = parser.parse_args()
    runs = options.runs
    if options.scale:
        scale(runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runtime = folder / "run"
        runtime.mkdir(mode=0o700)
        kinds = {
            "plain": _journal(folder, "plain.db", runtime, encrypt=False, unlock=False),
            "encrypted, unlocked": _journal(folder, "enc.db", runtime, encrypt=True, unlock=True),
            "locked (inbox)": _journal(folder, "locked.db", runtime, encrypt=True, unlock=False),
        }
        _medians(kinds, 3)  # warm-up
        medians = _medians(kinds, runs)
    plain = medians["plain"]
    for name, median in medians.items():
        print(f"{name:22} {median * 1000:7.1f} ms   {median / plain:5.2f}× plain")


if __name__ == "__main__":
    main()

"""Sync of an encrypted journal against a plain one: `sync` with nothing new, and
`balance` beside it, on two devices that took 2,000 changes from each other.

Run: python benchmarks/sync_sealed.py [--runs 11]
Whole processes (`python -m trustlog ...`), plain and encrypted runs alternating;
the median of wall time and of CPU time (user+sys of the child).  The encrypted
journal is unlocked (its key remembered), as a person who syncs daily keeps it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sync import fill

SRC = Path(__file__).resolve().parents[1] / "src"
WORK = Path(__file__).resolve().parent / ".work" / "synclock"
PASSPHRASE = "benchmark passphrase"


def run(env: dict[str, str], *args: str) -> tuple[float, float]:
    """(wall, cpu) seconds of one whole trustlog process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "trustlog", *args], env=env, check=True,
                   capture_output=True)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def pair(base: Path, *, sealed: bool) -> dict[str, str]:
    """Two devices through one folder, 1,000 changes each way; the desktop's env."""
    folder = base / "sync"
    folder.mkdir(parents=True)
    runtime = base / "run"
    runtime.mkdir(mode=0o700)
    devices = []
    for name in ("laptop", "desktop"):
        env = os.environ | {
            "PYTHONPATH": str(SRC),
            "TRUSTLOG_DB": str(base / f"{name}.db"),
            "TRUSTLOG_CONFIG": str(base / f"{name}.toml"),
            "XDG_RUNTIME_DIR": str(runtime),
            "TRUSTLOG_PASSPHRASE": PASSPHRASE,
            "TRUSTLOG_NEW_PASSPHRASE": PASSPHRASE,
        }
        devices.append(env)
    laptop, desktop = devices
    run(laptop, "toward", "first")
    fill(laptop, 1000)
    if sealed:
        run(laptop, "encrypt")
        run(laptop, "unlock")
    run(laptop, "sync", str(folder))
    run(desktop, "sync", "join", str(folder))
    if sealed:
        run(desktop, "unlock")
    run(desktop, "toward", "second")
    run(desktop, "sync")
    run(laptop, "sync")
    for env in devices:
        env.pop("TRUSTLOG_PASSPHRASE")  # from here on the remembered key alone
    run(desktop, "sync")
    return desktop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        envs = {
            "plain": pair(Path(tmp) / "plain", sealed=False),
            "encrypted": pair(Path(tmp) / "encrypted", sealed=True),
        }
        for command in (["sync"], ["balance"]):
            timings: dict[str, list[tuple[float, float]]] = {k: [] for k in envs}
            for _ in range(runs):
                for kind, env in envs.items():
                    timings[kind].append(run(env, *command))
            for kind, got in timings.items():
                wall = statistics.median(w for w, _ in got) * 1000
                cpu = statistics.median(c for _, c in got) * 1000
                print(f"{' '.join(command):8} {kind:9} wall {wall:6.0f} ms  cpu {cpu:6.0f} ms")


if __name__ == "__main__":
    main()

"""Taking one sync batch of 10,000 changes, whole process, CPU and wall, with two
source trees side by side (alternating), so the shared machine's load hits both.

Run: python benchmarks/sync_take.py [--runs N] SRC [SRC ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from sync import fill


def trustlog(env: dict[str, str], *args: str) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of one whole `trustlog` process."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m",
                           "trustlog", *args], env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    wall, user, system, peak = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(peak) / 1024


def take_once(src: Path) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        folder = base / "sync"
        folder.mkdir()
        laptop, desktop = (
            dict(os.environ, PYTHONPATH=str(src), TRUSTLOG_DB=str(base / f"{name}.db"),
                 TRUSTLOG_CONFIG=str(base / f"{name}.toml"))
            for name in ("laptop", "desktop")
        )  # fmt: skip
        trustlog(laptop, "toward", "first")
        trustlog(laptop, "sync", str(folder))
        trustlog(desktop, "toward", "hello")
        trustlog(desktop, "sync", "join", str(folder))
        fill(laptop, 10_000)
        trustlog(laptop, "sync")
        return trustlog(desktop, "sync")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("src", type=Path, nargs="+")
    args = parser.parse_args()
    figures: dict[Path, list[tuple[float, float, float]]] = {src: [] for src in args.src}
    for _ in range(args.runs):
        for src in args.src:
            figures[src].append(take_once(src))
    for src, runs in figures.items():
        wall = statistics.median(f[0] for f in runs)
        cpu = statistics.median(f[1] for f in runs)
        print(f"{src}: take 10,000 changes: wall {wall:.2f} s, CPU {cpu:.2f} s, "
              f"peak {max(f[2] for f in runs):.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()

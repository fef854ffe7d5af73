"""Does cost barely grow with the journal?  The spec's scale budgets, measured.

    python benchmarks/scale.py [--runs 7] [--big PATH] [--entries N]
    python benchmarks/scale.py --century [--big PATH] [--only COMMAND]

Runs `trustlog` in subprocesses against a big journal and an empty one,
alternating the two so that machine noise hits both alike; reports the median
wall and CPU time (user + sys, GNU time) of each, their ratios, and the peak
resident memory of the big run, then prints a Markdown table.  The verdict
uses the CPU ratio, which stays steady on a shared machine; wall is beside it.

Default: ten years, 110,000 entries, against a created journal with no entries.
`--century`: 1,100,000 entries over a hundred years with six promises resolved
since day one (benchmarks/century.py), against a journal with the same six
promises and three injuries made today and no history, over the spec's full
scale list.  Commands that write (`kept`, `undo`, `checkin`) run on a fresh
copy of the journal each time, copied outside the timed part; `log` writes to
a real file.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import century  # noqa: E402
from make_journal import make  # noqa: E402

from trustlog.journal import Journal  # noqa: E402

#: (command line, time budget as a ratio big/empty)
CASES: list[tuple[list[str], float]] = [
    (["balance"], 1.3),
    (["log", "--limit", "50"], 1.3),
    (["report", "--month"], 1.5),
    (["search", "dinner"], 1.5),
    (["search", "dinner", "walk"], 1.5),
    # Not budgeted by the spec; held to the report's budget here.
    (["chart", "--since", "365 days ago"], 1.5),
    (["calendar"], 1.5),
]
#: The spec's full scale list at a hundred years (all ≤ 1.3×).
CENTURY_CASES: list[tuple[list[str], float]] = [
    (args, 1.3)
    for args in (
        ["balance"],
        ["log", "(a terminal)"],  # its default on a screen: the newest page and a hint
        ["log"],  # piped to a file: the whole journal, judged on memory (it must stream)
        ["log", "--limit", "50"],
        ["report", "--month"],
        ["report", "--year"],
        ["promises"],
        ["repair"],
        ["remind"],
        ["checkin", "--yes"],
        ["undo"],
        ["kept", "1"],
        ["calendar"],
        ["chart"],
        ["search", "repairing"],  # rare: the three injuries' notes
        ["search", "dinner"],  # in ~10 % of notes
        ["search", century.EVERY_NOTE],  # in every everyday note
    )
]
#: Not an option: the `log` case run under `script`, so trustlog sees a terminal.
TERMINAL = "(a terminal)"
#: `log` piped with no limit prints the whole journal: its time grows with it by
#: nature; the spec asks it to stream in constant memory, which is what is judged.
WHOLE = ["log"]
#: Commands that write: each run gets its own fresh copy of the journal.
WRITES = {"checkin", "undo", "kept"}
MEMORY_BUDGET_MIB = 60.0
TODAY = date(2026, 11, 25)


def trustlog_command() -> list[str]:
    """The installed console script, or `python -m trustlog` from this checkout when
    TRUSTLOG_BENCH_SOURCE is set (a shared virtualenv may point at another tree)."""
    if os.environ.get("TRUSTLOG_BENCH_SOURCE"):
        return [sys.executable, "-m", "trustlog"]
    beside = Path(sys.executable).parent / "trustlog"
    found = str(beside) if beside.exists() else shutil.which("trustlog")
    if not found:
        sys.exit("the trustlog console script is not installed (pip install -e .)")
    return [found]


TIME = "/usr/bin/time"


def run_once(
    argv: list[str], env: dict[str, str], out: str = os.devnull
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys) and peak RSS in MiB of one whole process.

    The figures come from GNU time (`%U %S %M`), which forks a small copy of
    itself: Linux counts the memory a child started from (the parent's, at fork
    or vfork) in its own peak, so `wait4` from this Python process would report
    this process's size, not trustlog's.
    """
    with tempfile.NamedTemporaryFile("r") as report, open(out, "wb") as sink:
        command = [TIME, "-f", "%U %S %M", "-o", report.name, *argv]
        started = time.perf_counter()
        child = subprocess.run(command, env=env, stdout=sink, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - started
        if child.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed ({child.returncode}): {child.stderr.decode()}")
        user, system, kib = report.read().strip().splitlines()[-1].split()
    return elapsed, float(user) + float(system), float(kib) / 1024


def _run(exe: list[str], path: Path, args: list[str], env: dict[str, str], scratch: Path):
    """One run; a command that writes gets a fresh copy of the journal (copied
    outside the timed part), and `log` writes to a real file."""
    if args[0] in WRITES:
        copy = scratch / f"copy-{path.name}"
        for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
            leftover.unlink(missing_ok=True)  # the last run's WAL must not meet a new copy
        subprocess.run(["cp", "--reflink=auto", str(path), str(copy)], check=True)
        # cp leaves 500 MB of dirty pages: the first fsync of the copy (the command's
        # own commit) would flush them all and time the copy, not trustlog.
        descriptor = os.open(copy, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        # The door checks a journal file it has not seen once (on a copy of 500 MB
        # that costs ~0.3 s and 45 MiB): done here, untimed, as on any user's file.
        subprocess.run([*exe, "--db", str(copy), "balance", "--json"], env=env,
                       stdout=subprocess.DEVNULL, check=True)  # fmt: skip
        path = copy
    out = str(scratch / "out.txt") if args[0] == "log" else os.devnull
    if args == ["log", TERMINAL]:  # under a pseudo-terminal, as a person runs it
        line = shlex.join([*exe, "--db", str(path), "log"])
        return run_once(["script", "-qec", line, "/dev/null"], env, out)
    return run_once([*exe, "--db", str(path), *args], env, out)


def measure(
    exe: list[str], big: Path, empty: Path, runs: int, cases: list[tuple[list[str], float]]
) -> list[dict[str, object]]:
    env = dict(os.environ) | {"NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("TRUSTLOG_DB", None)
    results = []
    with tempfile.TemporaryDirectory(dir=big.parent) as folder:
        scratch = Path(folder)
        for args, budget in cases:
            wall: dict[str, list[float]] = {"empty": [], "big": []}
            cpu: dict[str, list[float]] = {"empty": [], "big": []}
            memory = {"empty": 0.0, "big": 0.0}
            for path in (empty, big):  # warm the page cache
                _run(exe, path, args, env, scratch)
            for _ in range(runs):
                for name, path in (("empty", empty), ("big", big)):
                    seconds, used, mib = _run(exe, path, args, env, scratch)
                    wall[name].append(seconds)
                    cpu[name].append(used)
                    memory[name] = max(memory[name], mib)
            results.append(_result(args, budget, wall, cpu, memory))
    return results


def _result(args, budget, wall, cpu, memory) -> dict[str, object]:  # type: ignore[no-untyped-def]
    empty_ms = statistics.median(wall["empty"]) * 1000
    big_ms = statistics.median(wall["big"]) * 1000
    ratio = big_ms / empty_ms
    cpu_ratio = statistics.median(cpu["big"]) / max(statistics.median(cpu["empty"]), 1e-3)
    return {
        "command": "trustlog " + " ".join(args),
        "empty_ms": empty_ms,
        "big_ms": big_ms,
        "ratio": ratio,
        "empty_cpu": statistics.median(cpu["empty"]) * 1000,
        "big_cpu": statistics.median(cpu["big"]) * 1000,
        "cpu_ratio": cpu_ratio,
        "budget": budget,
        "mib": memory["big"],
        "empty_mib": memory["empty"],
        "ok": (args == WHOLE or cpu_ratio <= budget) and memory["big"] <= MEMORY_BUDGET_MIB,
    }


def table(results: list[dict[str, object]], label: str, runs: int) -> str:
    lines = [
        f"Median of {runs} runs each, alternating; {label} vs an empty journal; "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores.",
        "",
        "| command | empty wall (ms) | big wall (ms) | wall ratio | empty CPU (ms) | "
        "big CPU (ms) | CPU ratio | budget | peak RSS big (MiB) | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| `{r['command']}` | {r['empty_ms']:.0f} | {r['big_ms']:.0f} | {r['ratio']:.2f}× | "
            f"{r['empty_cpu']:.0f} | {r['big_cpu']:.0f} | {r['cpu_ratio']:.2f}× | "
            f"{_budget(r)} | {r['mib']:.1f} | {'pass' if r['ok'] else 'FAIL'} |"
        )
    return "\n".join(lines)


def _budget(result: dict[str, object]) -> str:
    return "streams (memory)" if result["command"] == "trustlog log" else f"≤ {result['budget']}×"


def _journals(args: argparse.Namespace, folder: Path) -> tuple[Path, Path, str]:
    """The big and empty journals, made if missing."""
    if args.century:
        big = args.big or Path(folder) / "century.db"
        empty = big.with_name(big.stem + "-empty.db")
        if not big.exists():
            seconds = century.make(big, args.entries or 1_100_000, 100, date.today())
            print(f"made {big} in {seconds:.1f} s", file=sys.stderr)
        if not empty.exists():
            century.make_empty(empty, date.today())
        return big, empty, f"{args.entries or 1_100_000:,} entries over 100 years"
    big = args.big or Path(folder) / "big.db"
    entries = args.entries or 110_000
    if not big.exists():
        seconds = make(big, entries, 10, TODAY, seed=7)
        print(f"made {big} in {seconds:.1f} s", file=sys.stderr)
    empty = Path(folder) / "empty.db"
    Journal.open(empty, owner_name="bench").close()
    return big, empty, f"{entries:,} entries over 10 years"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", type=Path, help="reuse this journal (made if missing)")
    parser.add_argument("--entries", type=int, default=None)
    parser.add_argument("--century", action="store_true", help="the 100-year journal and list")
    parser.add_argument("--only", help="run only the cases whose command starts with this")
    args = parser.parse_args()
    exe = trustlog_command()
    cases = CENTURY_CASES if args.century else CASES
    if args.only:
        cases = [case for case in cases if " ".join(case[0]).startswith(args.only)]
    with tempfile.TemporaryDirectory() as folder:
        big, empty, label = _journals(args, Path(folder))
        results = measure(exe, big, empty, args.runs, cases)
    print(table(results, label, args.runs))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Whole-process start-up of the hot commands, side by side with their peers.

    python benchmarks/startup.py [--runs 11] [--before REV] [--work DIR] [--peers DIR]

Times `trustlog toward …` against `watson add`, `jrnl` adding an entry and a
stdlib floor (a fresh `python -c` inserting one row with sqlite3 and summing),
the `trustlog balance` home screen against `watson report` and `jrnl -n 3`,
the read-only commands (`log --limit 50`, `report --month`, `promises`,
`search WORD`, `chart`) against `jrnl -n 3`, and `trustlog --help` against
`jrnl --help`.  Commands run alternating, round after round, so a busy
moment on the machine hits every command alike; each figure is the median,
of wall time and of the child's CPU time (user+sys), which stays steadier
than wall time on a shared machine.

The peers are installed on first use into benchmarks/.work/peers, and this
checkout into benchmarks/.work/trustlog with a plain `pip install .` (so its
modules are byte-compiled as a user's are; an editable install with
PYTHONDONTWRITEBYTECODE set would time the compiler instead).

With `--before REV` the same commands of that git revision (installed the
same way into benchmarks/.work/before) run in the same rounds, so a change
can be shown not to slow start-up down.

Budgets (spec → Qualities): capture ≤ 0.8× watson add and ≤ 0.6× jrnl;
balance ≤ 1.2× watson report and ≤ 0.8× jrnl -n 3; `log --limit 50`,
`report --month`, `promises`, `search WORD` each ≤ 0.65× jrnl -n 3, `chart`
≤ 1.0× jrnl -n 3; `--help` ≤ 0.8× jrnl --help.
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
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
PEERS = WORK / "peers"

FLOOR = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "c.execute('CREATE TABLE IF NOT EXISTS e (amount INTEGER, note TEXT)'); "
    "c.execute('INSERT INTO e VALUES (1, ?)', ('asked about her day',)); c.commit(); "
    "print(c.execute('SELECT sum(amount) FROM e').fetchone()[0])"
)


def peers(venv: Path = PEERS) -> Path:
    bin_dir = venv / "bin"
    if not (bin_dir / "watson").exists() or not (bin_dir / "jrnl").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "-q", "td-watson", "jrnl"], check=True)
    return bin_dir


def trustlog_bin(source: Path = HERE.parent, venv: Path = WORK / "trustlog") -> str:
    """A checkout, installed as a user gets it (byte-compiled, not editable)."""
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "-q"]
    subprocess.run([*pip, str(source)], check=True)
    subprocess.run([*pip, "--no-deps", "--force-reinstall", str(source)], check=True)
    return str(venv / "bin" / "trustlog")


def revision_bin(rev: str, work: Path = WORK) -> str:
    """`rev` of this repository, exported with `git archive` and installed beside it."""
    source = work / "before-src"
    subprocess.run(["rm", "-rf", str(source)], check=True)
    source.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", rev], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    return trustlog_bin(source, work / "before")


def jrnl_config(home: Path) -> None:
    folder = home / ".config" / "jrnl"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jrnl.yaml").write_text(
        "journals:\n  default:\n    journal: " + str(home / "journal.txt") + "\n"
        "encrypt: false\ncolors: {body: none, date: none, tags: none, title: none}\n"
        'editor: ""\ndefault_hour: 9\ndefault_minute: 0\ntimeformat: "%Y-%m-%d %H:%M"\n'
        'tagsymbols: "#@"\nhighlight: true\nlinewrap: 79\nindent_character: "|"\n'
        "template: false\nversion: v4.2\n"
    )


class Timing(NamedTuple):
    wall: float  # median ms
    cpu: float  # median user+sys ms of the child


def measure(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, Timing]:
    """Each command's median wall and CPU time, the commands alternating round after round."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm caches once
        subprocess.run(argv, env=env, capture_output=True, check=True)
    for _ in range(runs):
        for name, argv in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=True)
            walls[name].append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            cpus[name].append(used * 1000)
    return {
        name: Timing(statistics.median(walls[name]), statistics.median(cpus[name]))
        for name in commands
    }


#: The read-only commands against `jrnl -n 3` (and `--help` against `jrnl --help`): budgets.
LOOKS = {
    "log --limit 50": 0.65,
    "report --month": 0.65,
    "promises": 0.65,
    "search warm": 0.65,
    "chart": 1.0,
}


def _history(trustlog: list[str], bin_dir: Path, env: dict[str, str], peers_too: bool) -> None:
    """Some history for the views: 30 entries and a promise (the same for every tool)."""

    def quietly(argv: list[str]) -> None:
        subprocess.run(argv, env=env, check=True, capture_output=True)

    for i in range(30):
        quietly([*trustlog, "toward", "warm", "up", str(i)])
        if peers_too:
            quietly([str(bin_dir / "watson"), "add", "-f", "10:00", "-t", "11:00", "p"])
            quietly([str(bin_dir / "jrnl"), f"warm up {i}"])
    quietly([*trustlog, "promise", "call", "mum", "--every", "sunday", "--on", "2026-11-01"])


def _row(name: str, t: Timing, base: Timing | None, budget: str) -> str:
    if base is None:
        return f"| {name} | {t.wall:.1f} | {t.cpu:.1f} | | | {budget} |"
    wall, cpu = t.wall / base.wall, t.cpu / base.cpu
    verdict = ""
    if budget.startswith("≤"):
        verdict = " ✓" if max(wall, cpu) <= float(budget.split()[1]) else " ✗"
    return f"| {name} | {t.wall:.1f} | {t.cpu:.1f} | {wall:.2f} | {cpu:.2f} | {budget}{verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--before", metavar="REV", help="also time this git revision")
    parser.add_argument("--work", type=Path, default=WORK, help="where the installs go")
    parser.add_argument("--peers", type=Path, help="jrnl and watson's venv (default WORK/peers)")
    options = parser.parse_args()
    runs = max(7, options.runs)
    work: Path = options.work
    bin_dir = peers(options.peers or work / "peers")
    trustlog = trustlog_bin(HERE.parent, work / "trustlog")
    before = revision_bin(options.before, work) if options.before else None
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        jrnl_config(home)
        env = dict(
            os.environ,
            HOME=str(home),
            WATSON_DIR=str(home / "watson"),
            TRUSTLOG_DB=str(home / "trustlog.db"),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / "data"),
            NO_COLOR="1",
            COLUMNS="80",
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        _history([trustlog], bin_dir, env, peers_too=True)
        old = [before, "--db", str(home / "before.db")] if before else []
        if old:  # its own journal with the same history: an older trustlog refuses a newer schema
            _history(old, bin_dir, env, peers_too=False)
        jrnl = str(bin_dir / "jrnl")
        capture = measure(
            {
                "trustlog toward": [trustlog, "toward", "asked", "about", "her", "day"],
                **(
                    {"before: trustlog toward": [*old, "toward", "asked", "about", "her", "day"]}
                    if old
                    else {}
                ),
                "watson add": [str(bin_dir / "watson"), "add", "-f", "10:00", "-t", "11:00", "p"],
                "jrnl (add an entry)": [jrnl, "asked about her day"],
                "stdlib floor": [sys.executable, "-c", FLOOR, str(home / "floor.db")],
            },
            env,
            runs,
        )
        looks = {f"trustlog {c}": [trustlog, *c.split()] for c in ["balance", *LOOKS, "--help"]}
        if old:
            looks |= {
                f"before: trustlog {c}": [*old, *c.split()] for c in ["balance", *LOOKS, "--help"]
            }
        views = measure(
            {
                **looks,
                "watson report": [str(bin_dir / "watson"), "report"],
                "jrnl -n 3": [jrnl, "-n", "3"],
                "jrnl --help": [jrnl, "--help"],
            },
            env,
            runs,
        )
    _print(capture, views, runs, options.before)


def _print(
    capture: dict[str, Timing], views: dict[str, Timing], runs: int, rev: str | None
) -> None:
    print(f"Median of {runs} alternating runs, whole process: wall ms and CPU ms (user+sys).\n")
    print("| command | wall ms | CPU ms | ratio (wall) | ratio (CPU) | budget |")
    print("|---|---:|---:|---:|---:|---|")
    t, b = capture["trustlog toward"], views["trustlog balance"]
    rows = [
        _row("trustlog toward", t, None, ""),
        _row("  ÷ watson add", t, capture["watson add"], "≤ 0.8"),
        _row("  ÷ jrnl (add an entry)", t, capture["jrnl (add an entry)"], "≤ 0.6"),
        _row("  ÷ stdlib floor", t, capture["stdlib floor"], "(the limit)"),
        _row("trustlog balance", b, None, ""),
        _row("  ÷ watson report", b, views["watson report"], "≤ 1.2"),
        _row("  ÷ jrnl -n 3", b, views["jrnl -n 3"], "≤ 0.8"),
    ]
    for command, budget in LOOKS.items():
        rows.append(
            _row(
                f"trustlog {command} ÷ jrnl -n 3",
                views[f"trustlog {command}"],
                views["jrnl -n 3"],
                f"≤ {budget}",
            )
        )
    rows.append(
        _row(
            "trustlog --help ÷ jrnl --help", views["trustlog --help"], views["jrnl --help"], "≤ 0.8"
        )
    )
    rows += [
        _row(name, views[name], None, "") for name in ("jrnl -n 3", "jrnl --help", "watson report")
    ]
    if rev:
        everything = capture | views
        for name in ["toward", "balance", *LOOKS, "--help"]:
            then = everything.get(f"before: trustlog {name}")
            if then is not None:
                now = everything[f"trustlog {name}"]
                budget = "≤ 1.05" if name in ("toward", "balance") else "(faster)"
                rows.append(_row(f"trustlog {name} ÷ itself at {rev}", now, then, budget))
    print("\n".join(rows))
    print("\n(ratio = trustlog ÷ that command; ✓ when both ratios are within the budget)")


if __name__ == "__main__":
    main()

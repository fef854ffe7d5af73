"""Whole-process start-up of the hot commands, side by side with their peers.

    python benchmarks/startup.py [--runs 11] [--before REV]

Times `trustlog toward …` against `watson add`, `jrnl` adding an entry and a
stdlib floor (a fresh `python -c` inserting one row with sqlite3 and summing),
and the `trustlog balance` home screen against `watson report` and
`jrnl -n 3`.  Commands run alternating, round after round, so a busy moment
on the machine hits every command alike; each figure is the median.

The peers are installed on first use into benchmarks/.work/peers, and this
checkout into benchmarks/.work/trustlog with a plain `pip install .` (so its
modules are byte-compiled as a user's are; an editable install with
PYTHONDONTWRITEBYTECODE set would time the compiler instead).

With `--before REV` the same commands of that git revision (installed the
same way into benchmarks/.work/before) run in the same rounds, so a change
can be shown not to slow start-up down.

Budgets (spec → Qualities): capture ≤ 0.8× watson add and ≤ 0.6× jrnl;
balance ≤ 1.2× watson report and ≤ 0.8× jrnl -n 3.
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

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
PEERS = WORK / "peers"

FLOOR = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "c.execute('CREATE TABLE IF NOT EXISTS e (amount INTEGER, note TEXT)'); "
    "c.execute('INSERT INTO e VALUES (1, ?)', ('asked about her day',)); c.commit(); "
    "print(c.execute('SELECT sum(amount) FROM e').fetchone()[0])"
)


def peers() -> Path:
    bin_dir = PEERS / "bin"
    if not (bin_dir / "watson").exists() or not (bin_dir / "jrnl").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "-q", "td-watson", "jrnl"], check=True)
    return bin_dir


def trustlog_bin(source: Path = HERE.parent, name: str = "trustlog") -> str:
    """A checkout, installed as a user gets it (byte-compiled, not editable)."""
    venv = WORK / name
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "-q"]
    subprocess.run([*pip, str(source)], check=True)
    subprocess.run([*pip, "--no-deps", "--force-reinstall", str(source)], check=True)
    return str(venv / "bin" / "trustlog")


def revision_bin(rev: str) -> str:
    """`rev` of this repository, exported with `git archive` and installed beside it."""
    source = WORK / "before-src"
    subprocess.run(["rm", "-rf", str(source)], check=True)
    source.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", rev], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    return trustlog_bin(source, "before")


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


def measure(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm caches once
        subprocess.run(argv, env=env, capture_output=True, check=True)
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=True)
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--before", metavar="REV", help="also time this git revision")
    options = parser.parse_args()
    runs = max(7, options.runs)
    bin_dir = peers()
    trustlog = trustlog_bin()
    before = revision_bin(options.before) if options.before else None
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
        )
        for i in range(30):  # some history for the views (the same file for both)
            subprocess.run(
                [trustlog, "toward", "warm", "up", str(i)], env=env, check=True, capture_output=True
            )
            subprocess.run(
                [str(bin_dir / "watson"), "add", "-f", "10:00", "-t", "11:00", "p"],
                env=env,
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [str(bin_dir / "jrnl"), f"warm up {i}"], env=env, check=True, capture_output=True
            )
        then: dict[str, list[str]] = {}
        if before is not None:
            # Its own journal with the same history: an older trustlog refuses a newer schema.
            old = [before, "--db", str(home / "before.db")]
            for i in range(30):
                subprocess.run([*old, "toward", "warm", "up", str(i)], env=env, check=True)
            then = {
                "before: trustlog toward": [*old, "toward", "asked", "about", "her", "day"],
                "before: trustlog balance": [*old, "balance"],
            }
        capture = measure(
            {
                "trustlog toward": [trustlog, "toward", "asked", "about", "her", "day"],
                **{k: v for k, v in then.items() if "toward" in k},
                "watson add": [str(bin_dir / "watson"), "add", "-f", "10:00", "-t", "11:00", "p"],
                "jrnl (add an entry)": [str(bin_dir / "jrnl"), "asked about her day"],
                "stdlib floor": [sys.executable, "-c", FLOOR, str(home / "floor.db")],
            },
            env,
            runs,
        )
        views = measure(
            {
                "trustlog balance": [trustlog, "balance"],
                **{k: v for k, v in then.items() if "balance" in k},
                "watson report": [str(bin_dir / "watson"), "report"],
                "jrnl -n 3": [str(bin_dir / "jrnl"), "-n", "3"],
            },
            env,
            runs,
        )
    print(f"Median of {runs} alternating runs, whole process, ms.\n")
    print("| command | median ms | ratio | budget |")
    print("|---|---:|---:|---|")
    t = capture["trustlog toward"]
    rows = [
        ("trustlog toward", t, "", ""),
        ("watson add", capture["watson add"], t / capture["watson add"], "≤ 0.8"),
        (
            "jrnl (add an entry)",
            capture["jrnl (add an entry)"],
            t / capture["jrnl (add an entry)"],
            "≤ 0.6",
        ),
        ("stdlib floor", capture["stdlib floor"], t / capture["stdlib floor"], "(the limit)"),
    ]
    b = views["trustlog balance"]
    rows += [
        ("trustlog balance", b, "", ""),
        ("watson report", views["watson report"], b / views["watson report"], "≤ 1.2"),
        ("jrnl -n 3", views["jrnl -n 3"], b / views["jrnl -n 3"], "≤ 0.8"),
    ]
    for name, current in (("toward", t), ("balance", b)):
        if f"before: trustlog {name}" in {**capture, **views}:
            old = {**capture, **views}[f"before: trustlog {name}"]
            rows.append((f"trustlog {name} at {options.before}", old, current / old, "≤ 1.05"))
    for name, ms, ratio, budget in rows:
        shown = f"{ratio:.2f}" if isinstance(ratio, float) else ""
        verdict = ""
        if budget.startswith("≤") and isinstance(ratio, float):
            verdict = " ✓" if ratio <= float(budget.split()[1]) else " ✗"
        print(f"| {name} | {ms:.1f} | {shown} | {budget}{verdict} |")
    print("\n(ratio = trustlog ÷ that command)")


if __name__ == "__main__":
    main()

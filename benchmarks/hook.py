"""What the shell hook costs a prompt, and what `remind`/`checkin` cost, measured with hyperfine.

    python benchmarks/hook.py [--prompts 1000] [--runs 10]

The hook: each shell sources the snippet and calls the prompt function
`--prompts` times, against the same loop calling nothing; the difference
over the count is one prompt's cost. The marker holds today's date and the
hour is 00:00, so every prompt walks the whole path (date, hour, read,
compare) — the common case after the check-in.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from trustlog.features.checkin.hook import snippet

LOOPS = {
    "bash": ("for ((i=0;i<{n};i++)); do {call}; done", "__trustlog_prompt"),
    "zsh": ("for ((i=0;i<{n};i++)); do {call}; done", "__trustlog_prompt"),
    "fish": ("for i in (seq {n}); {call}; end", "__trustlog_prompt"),
}


def hyperfine(commands: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Mean seconds of each command, run side by side."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            ["hyperfine", "-N", "--warmup", "2", "--runs", str(runs), "--export-json", out.name,
             *commands],
            check=True, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        results = json.loads(Path(out.name).read_text())["results"]
    return [r["median"] for r in results]


def hook_cost(shell: str, prompts: int, runs: int, home: Path) -> float:
    rc = home / f"hook.{shell}"
    rc.write_text(snippet(shell, "00:00"))
    loop, call = LOOPS[shell]
    with_hook = f"source {rc}; " + loop.format(n=prompts, call=call)
    without = f"source {rc}; " + loop.format(n=prompts, call="true")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_STATE_HOME": str(home / "state")}
    program = shutil.which(shell) or shell
    timed = hyperfine([f"{program} -c '{with_hook}'", f"{program} -c '{without}'"], runs, env)
    return (timed[0] - timed[1]) / prompts * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prompts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        (home / "state" / "trustlog").mkdir(parents=True)
        (home / "state" / "trustlog" / "reviewed").write_text(f"{date.today().isoformat()}\n")
        for shell in LOOPS:
            if shutil.which(shell):
                cost = hook_cost(shell, args.prompts, args.runs, home)
                print(f"{shell}: {cost:.3f} ms a prompt")
    print(f"(python {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()

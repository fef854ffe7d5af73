"""Every `trustlog …` example in the README still parses and runs.

Run in order on one journal, the examples must never be a usage error
(exit 2) — that would mean the docs drifted from the commands.  Exit 1 is
allowed: some examples name ids (`rm 12`) that this journal may not have.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import Run

README = (Path(__file__).parent.parent / "README.md").read_text()


def examples() -> list[str]:
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command.startswith("trustlog") and not command.startswith("trustlog demo"):
                lines.append(command)
    return lines


def test_there_are_examples() -> None:
    assert len(examples()) > 40


def test_every_readme_example_runs(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    crontab = tmp_path / "bin" / "crontab"
    crontab.parent.mkdir()
    crontab.write_text(
        '#!/bin/sh\ncase "$1" in\n'
        '  -l) [ -f "$CRONTAB_FILE" ] || { echo "no crontab for you" >&2; exit 1; }; '
        'cat "$CRONTAB_FILE" ;;\n  -) cat > "$CRONTAB_FILE" ;;\nesac\n'
    )
    crontab.chmod(0o755)
    monkeypatch.setenv("PATH", f"{crontab.parent}:{__import__('os').environ['PATH']}")
    monkeypatch.setenv("CRONTAB_FILE", str(tmp_path / "crontab.txt"))
    run("--db", str(tmp_path / "partner.db"), "toward", "x")
    failures = []
    for example in examples():
        args = shlex.split(example)[1:]
        args = [
            a.replace("~/Sync/trustlog.conflict.db", str(tmp_path / "partner.db")) for a in args
        ]
        if args[:1] == ["merge"]:
            continue  # needs a copy of the same owner's journal; covered in test_merge
        if args[:1] == ["checkin"] and "--yes" not in args:
            continue  # interactive; covered in test_checkin
        result = run(*args)
        if result.code not in (0, 1) or "Traceback" in result.err:
            failures.append(f"{example!r} -> {result.code}: {result.err.strip()}")
    assert not failures, "\n".join(failures)

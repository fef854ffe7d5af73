"""`--help` stays readable without loading the Markdown renderer or the traceback printer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")

PROBE = """
import sys
from trustlog.main import main
code = main(["{word}", "--help"])
print("markdown_it" in sys.modules or "pygments" in sys.modules, code, file=sys.stderr)
"""


def test_help_does_not_import_markdown_it() -> None:
    env = dict(os.environ) | {"PYTHONPATH": SRC, "COLUMNS": "100", "NO_COLOR": "1"}
    for word in ("log", "chart"):
        done = subprocess.run(
            [sys.executable, "-c", PROBE.format(word=word)], env=env, capture_output=True, text=True
        )
        assert done.stderr.strip().splitlines()[-1] == "False 0", done.stderr
        assert f"Usage: trustlog {word}" in done.stdout


def test_a_real_markdown_is_still_there_when_asked_for() -> None:
    probe = (
        "from trustlog.app import lean_help; lean_help.install()\n"
        "import typer.rich_utils\n"
        "from rich.console import Console\n"
        "from rich.markdown import Markdown, Heading\n"
        "Console(width=40, no_color=True).print(Markdown('# Hello'))\n"
    )
    env = dict(os.environ) | {"PYTHONPATH": SRC}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Hello" in done.stdout

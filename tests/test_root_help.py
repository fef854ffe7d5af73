"""`trustlog --help` drawn without Typer must be the Typer app's help, character for character."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trustlog.app.listing import COMMAND_HELP
from trustlog.main import main

SRC = str(Path(__file__).resolve().parent.parent / "src")
TYPER = (
    "import os, sys; from trustlog.app.cli import run; from trustlog.app.clock import Clock; "
    "sys.exit(run(sys.argv[1:], dict(os.environ), Clock()))"
)
FAST = "import sys; from trustlog.main import main; sys.exit(main(sys.argv[1:]))"


def _both(args: list[str], **env: str) -> tuple[str, str]:
    environ = dict(os.environ) | {"PYTHONPATH": SRC} | env
    if "FORCE_COLOR" in env:
        environ.pop("NO_COLOR", None)
    out = []
    for probe in (FAST, TYPER):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], env=environ, capture_output=True, text=True
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr
        out.append(done.stdout)
    return out[0], out[1]


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--help"], {"COLUMNS": "100"}),
        (["-h"], {"COLUMNS": "52"}),
        (["--help"], {"COLUMNS": "180", "FORCE_COLOR": "1"}),
    ],
)
def test_root_help_is_the_typer_apps(args: list[str], env: dict[str, str]) -> None:
    fast, typer = _both(args, **env)
    assert fast == typer
    assert "Usage:" in fast and "[OPTIONS] COMMAND [ARGS]..." in fast
    assert ("\x1b[" in fast) == ("FORCE_COLOR" in env)


def test_every_command_is_listed_with_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    """The table names every command the app lists, with the first paragraph of its help."""
    import inspect

    import typer.main

    from trustlog.app import cli

    cli.load_rooms(None)
    group = typer.main.get_command(cli.app)
    listed = []
    for name in group.list_commands(None):  # type: ignore[arg-type]
        command = group.get_command(None, name)  # type: ignore[arg-type]
        if command is not None and not command.hidden:
            text = command.short_help or command.help or ""
            listed.append((name, inspect.cleandoc(text).split("\n\n")[0].strip()))
    assert tuple(listed) == COMMAND_HELP
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(f" {name} " in out for name, _ in COMMAND_HELP)


def test_help_after_other_words_still_goes_to_typer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log", "--help"]) == 0
    assert "Usage: trustlog log [OPTIONS]" in capsys.readouterr().out

"""Docs that cannot drift: every command has help text and a place in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from tests.conftest import Run
from trustlog.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text()


def command_paths() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            paths.extend((name, sub) for sub in subcommands)
        else:
            paths.append((name,))
    return sorted(paths)


def test_the_spec_s_commands_are_all_there() -> None:
    names = {path[0] for path in command_paths()}
    core = {
        "toward",
        "away",
        "against",
        "deposit",
        "withdraw",
        "balance",
        "log",
        "undo",
        "rm",
        "restore",
        "edit",
        "config",
        "checkin",
        "remind",
        "cron",
        "alias",
    }
    assert core <= names


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_has_help_and_is_in_the_readme(run: Run, path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.code == 0
    assert "Usage" in result.out
    root = typer.main.get_command(app)
    command = root.commands[path[0]]  # type: ignore[attr-defined]
    if len(path) > 1:
        command = command.commands[path[1]]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    assert f"trustlog {' '.join(path)}" in README, f"README does not mention {' '.join(path)}"

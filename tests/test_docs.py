"""Docs that cannot drift: every command has help text and a place in the README."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import typer.main

from tests.conftest import Run
from trustlog.app.cli import COMMANDS, app, load_rooms

README = (Path(__file__).parent.parent / "README.md").read_text()


@functools.cache
def _root_command() -> typer.core.TyperGroup:
    """Every room's commands as Click sees them, built once (27 ms a build, 56 tests)."""
    load_rooms(None)
    return typer.main.get_command(app)  # type: ignore[return-value]


def command_paths() -> list[tuple[str, ...]]:
    load_rooms(None)  # every room: the registry loads only one per run
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
    command = _root_command().commands[path[0]]  # type: ignore[attr-defined]
    if len(path) > 1:
        command = command.commands[path[1]]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    assert f"trustlog {' '.join(path)}" in README, f"README does not mention {' '.join(path)}"


def test_each_command_lives_in_the_room_the_registry_names() -> None:
    """`trustlog X` loads only COMMANDS[X]'s room, so that room must declare X."""
    import importlib

    import typer.main as typer_main

    from trustlog.app import cli

    load_rooms(None)
    declared = {
        name: command.callback.__module__  # type: ignore[union-attr]
        for name, command in typer_main.get_command(app).commands.items()  # type: ignore[attr-defined]
        if command.callback is not None
    }
    groups = {info.name: info for info in app.registered_groups}
    for name, room in COMMANDS.items():
        module = f"trustlog.features.{room}.commands"
        importlib.import_module(module)
        if name in groups:
            continue  # a sub-app (config, cron): registered by add_typer in its room
        assert declared.get(name) == module, f"{name} is not declared in {module}"
    assert set(typer_main.get_command(app).commands) == set(COMMANDS)  # type: ignore[attr-defined]
    assert cli.command_word(["--db", "x.db", "log", "--limit", "3"]) == "log"
    assert cli.command_word(["--db=x.db"]) is None

"""Completion's reading of the command tree: commands, their options and their arguments.

Rooms load lazily (`app/cli.py: COMMANDS`), so this loads only what a TAB needs: every
room to list the commands, else only the room of the command being typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trustlog.app.cli import COMMANDS, app, load_rooms
from trustlog.app.state import State
from trustlog.features.completion.completion import Choice, ids_for

#: Argument names whose values come from the journal.
ID_ARGUMENTS = ("PROMISE", "INJURY", "ID")
ROOT_OPTIONS: list[Choice] = [
    ("--db", "Use this journal file"),
    ("--version", "Print the version and exit"),
    ("--help", "Show help and exit"),
]
_HELP = 60


def _root(word: str | None) -> Any:
    import typer.main

    load_rooms(word)
    return typer.main.get_command(app)


def _commands(prefix: str) -> list[Choice]:
    group = _root(None)
    return [
        (name, command.get_short_help_str(_HELP))
        for name, command in sorted(group.commands.items())
        if name.startswith(prefix) and not command.hidden
    ]


def _options(command: Any, prefix: str) -> list[Choice]:
    found = []
    for param in command.params:
        if param.param_type_name != "option" or getattr(param, "hidden", False):
            continue
        for name in (*param.opts, *param.secondary_opts):
            if name.startswith(prefix) and name.startswith("--"):
                found.append((name, " ".join((param.help or "").split())[:_HELP]))
    if "--help".startswith(prefix):
        found.append(("--help", "Show help and exit"))
    return found


def _takes_value(command: Any, word: str) -> bool:
    return any(
        param.param_type_name == "option" and word in param.opts and not param.is_flag
        for param in command.params
    )


def _argument(command: Any, typed: Sequence[str]) -> Any:
    """The argument the next word fills, counting the positional words already typed."""
    position, skip = 0, False
    for word in typed:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = _takes_value(command, word)
        else:
            position += 1
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    for argument in arguments:
        if argument.nargs == -1 or position == 0:
            return argument
        position -= 1
    return None


def _split_root(words: Sequence[str]) -> tuple[str | None, list[str]]:
    """`--db FILE` and other root options before the command, and the words from it on."""
    rest, db = list(words), None
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option == "--db" and rest:
            db = rest.pop(0)
    return db, rest


def _id_argument(command: Any, rest: list[str]) -> str | None:
    """PROMISE, INJURY or ID when the next word is such an id; None for anything else."""
    if len(rest) > 1 and _takes_value(command, rest[-1]):
        return None  # an option's value: the shell offers file names
    argument = _argument(command, rest[1:])
    name = (argument.human_readable_name if argument is not None else "").strip("[].")
    return name if name in ID_ARGUMENTS else None


def _for_command(state: State, db: str | None, rest: list[str], current: str) -> list[Choice]:
    """Options of the command being typed, or the journal's ids its next argument takes."""
    command = _root(rest[0]).commands.get(rest[0])
    if command is None:
        return []
    if current.startswith("-"):
        return _options(command, current)
    name = _id_argument(command, rest)
    if name is None:
        return []
    chosen = State(env=state.env, clock=state.clock, db_option=db or state.db_option)
    found = ids_for(chosen, "DELETED" if rest[0] == "restore" else name)
    return [choice for choice in found if choice[0].startswith(current)]


def candidates(state: State, words: Sequence[str]) -> list[Choice]:
    """What may follow `trustlog WORDS…` (the last word is the one being typed)."""
    *before, current = list(words) or [""]
    db, rest = _split_root(before)
    if before and before[-1] == "--db":
        return []
    if rest:
        return _for_command(state, db, rest, current) if rest[0] in COMMANDS else []
    if current.startswith("-"):
        return [choice for choice in ROOT_OPTIONS if choice[0].startswith(current)]
    return _commands(current)

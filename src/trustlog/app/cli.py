"""The root Typer app, which builds only the room of the command asked for.

Typer builds every registered command before it parses, so each feature's
`commands.py` is imported only when its command is the one typed (or for a
listing, such as `trustlog --help`); `COMMANDS` says where each one lives.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, NamedTuple

from trustlog.app import lean_help
from trustlog.app.clock import Clock
from trustlog.app.state import State

lean_help.install()  # before Typer imports rich.markdown

import typer  # noqa: E402

app = typer.Typer(
    name="trustlog",
    help=(
        "A daily trust journal: record the small moments — bids met by turning toward, away "
        "or against, promises kept and broken, injuries and their repair — and watch the "
        "emotional bank account they add up to. Run without a command for the home screen."
    ),
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Each command's room (`trustlog.features.<room>.commands`), in `--help` order.
COMMANDS: Mapping[str, str] = {
    "toward": "entries",
    "away": "entries",
    "against": "entries",
    "deposit": "entries",
    "withdraw": "entries",
    "balance": "home",
    "log": "entries",
    "undo": "entries",
    "rm": "entries",
    "restore": "entries",
    "edit": "entries",
    "config": "settings",
    "promise": "promises",
    "kept": "promises",
    "broken": "promises",
    "promises": "promises",
    "drop": "promises",
    "excuse": "promises",
    "injury": "repair",
    "repair": "repair",
    "checkin": "checkin",
    "remind": "checkin",
    "cron": "checkin",
    "schedule": "checkin",
    "hook": "checkin",
    "prompt": "checkin",
    "alias": "checkin",
    "report": "reports",
    "chart": "reports",
    "calendar": "reports",
    "search": "reports",
    "export": "exchange",
    "import": "exchange",
    "merge": "exchange",
    "compare": "exchange",
    "backup": "exchange",
    "doctor": "doctor",
    "sync": "sync",
    "share": "share",
    "demo": "demo",
    "encrypt": "privacy",
    "decrypt": "privacy",
    "passphrase": "privacy",
    "unlock": "privacy",
    "lock": "privacy",
    "key": "privacy",
    "purge": "privacy",
    "help": "help",
    "completion": "completion",
    "__complete": "completion",
}

#: Root options that take a value, so the command word can be found after them.
_ROOT_VALUE_OPTIONS = ("--db", "--passphrase-file")


class Invocation(NamedTuple):
    """What `main` hands the app: the environment and the clock (injected in tests)."""

    env: Mapping[str, str]
    clock: Clock


def _show_version(value: bool) -> None:
    if value:
        from trustlog import __version__

        print(f"trustlog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Use this journal file (else TRUSTLOG_DB, the config, the default)."
        ),
    ] = None,
    passphrase_file: Annotated[
        str | None,
        typer.Option(
            "--passphrase-file",
            help="Read a locked journal's passphrase from this file (for scripts).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    invocation = ctx.obj if isinstance(ctx.obj, Invocation) else Invocation({}, Clock())
    ctx.obj = State(
        env=invocation.env, clock=invocation.clock, db_option=db, passphrase_file=passphrase_file
    )


def command_word(args: Sequence[str]) -> str | None:
    """The command typed, skipping the root options before it; None when there is none."""
    rest = list(args)
    while rest:
        token = rest.pop(0)
        if token in _ROOT_VALUE_OPTIONS:
            if rest:
                rest.pop(0)
        elif not token.startswith("-"):
            return token
        elif token == "--":
            return rest[0] if rest else None
    return None


def load_rooms(word: str | None) -> None:
    """Import the room that declares `word`, or every room for a listing or a typo."""
    room = COMMANDS.get(word or "")
    rooms = [room] if room else list(dict.fromkeys(COMMANDS.values()))
    for room in rooms:
        importlib.import_module(f"trustlog.features.{room}.commands")


_BUILT: dict[tuple[int, int], Any] = {}


def _built() -> Any:
    """The Click command Typer makes from the app, made once per set of loaded rooms.

    Typer rebuilds it on every call (~25 ms with every room loaded); a process
    that runs several commands (the demo, a test) builds it once.
    """
    import typer.main

    rooms = (len(app.registered_commands), len(app.registered_groups))
    if rooms not in _BUILT:
        _BUILT.clear()
        _BUILT[rooms] = typer.main.get_command(app)
    return _BUILT[rooms]


def run(args: list[str], env: Mapping[str, str], clock: Clock) -> int:
    """Run the app without Click's own exit handling, so `main` owns every exit."""
    word = command_word(args)
    if word is None and not {"-h", "--help", "--version"} & set(args):
        word = "balance"  # no command: the home screen
        args = [*args, word]
    load_rooms(word)
    from trustlog.app import grammar

    if word in grammar.CAPTURES:
        args = grammar.mark_number_words(args)
    try:
        result = _built()(
            args=args, prog_name="trustlog", standalone_mode=False, obj=Invocation(env, clock)
        )
    except typer.TyperException as error:
        where = getattr(getattr(error, "ctx", None), "command_path", None)
        if where is None:
            where = f"trustlog {word}" if word in COMMANDS else "trustlog"
        hint = _dash_hint(error, word)
        print(f"trustlog: {error.format_message()} (see `{where} --help`){hint}", file=sys.stderr)
        return error.exit_code
    except typer.Abort:
        print("trustlog: interrupted; nothing more was saved.", file=sys.stderr)
        return 130
    return result if isinstance(result, int) else 0


def _dash_hint(error: Exception, word: str | None) -> str:
    """A capture's note may begin with a dash (`-ish`): Click reads it as an option."""
    from trustlog.app import grammar

    if word in grammar.CAPTURES and type(error).__name__ == "NoSuchOption":
        return f"; a note that begins with - goes after --: `trustlog {word} -- NOTE`"
    return ""

"""The Typer app: one thin function per command.

Each command parses, calls the layer below and chooses JSON or a Rich view;
errors are raised as `TrustlogError` and turned into one line by `main`.
Anything heavier than Typer is imported inside the command that needs it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from trustlog.errors import BadInput
from trustlog.state import Clock, State

app = typer.Typer(
    name="trustlog",
    help=(
        "A daily trust journal: record the small moments — bids met by turning toward, away "
        "or against, promises kept and broken, injuries and their repair — and watch the "
        "emotional bank account they add up to. Run without a command for the home screen."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass(frozen=True)
class Invocation:
    """What `main` hands the app: the environment and the clock (injected in tests)."""

    env: Mapping[str, str]
    clock: Clock


def _state(ctx: typer.Context) -> State:
    state = ctx.find_root().obj
    assert isinstance(state, State)
    return state


def _emit(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=None))


# -- shared option types ------------------------------------------------------

Note = Annotated[
    list[str] | None,
    typer.Argument(help="What happened, in your own words; no quotes needed. @word is a tag."),
]
Partner = Annotated[
    bool, typer.Option("--partner", "-p", help="Your partner did this (default: you did).")
]
On = Annotated[
    str | None,
    typer.Option(
        "--on", help="The day it happened: today, yesterday, '3 days ago', friday, 2026-11-20."
    ),
]
Tags = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="A tag; repeat for more. @word in the note works too."),
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of the view.")]


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
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    invocation = ctx.obj if isinstance(ctx.obj, Invocation) else None
    ctx.obj = State(
        env=invocation.env if invocation else State().env,
        clock=invocation.clock if invocation else Clock(),
        db_option=db,
    )
    if ctx.invoked_subcommand is None:
        from trustlog.home import show_home

        show_home(ctx.obj, None, False)


# -- capture -------------------------------------------------------------------


def _capture(
    ctx: typer.Context,
    kind: str,
    note: list[str] | None,
    partner: bool,
    on: str | None,
    tags: list[str] | None,
    as_json: bool,
    amount: str | None = None,
) -> None:
    from trustlog.capture import capture, capture_output, parse_amount

    state = _state(ctx)
    value = parse_amount(kind, amount) if kind in ("deposit", "withdraw") else None
    entry, balance = capture(
        state, kind, note or [], amount=value, partner=partner, on=on, tags=tags or []
    )
    print(capture_output(entry, balance, state.today().isoformat(), as_json))


@app.command()
def toward(
    ctx: typer.Context,
    note: Note = None,
    partner: Partner = False,
    on: On = None,
    tag: Tags = None,
    as_json: Json = False,
) -> None:
    """A bid met by turning toward it (+1): you noticed, answered, engaged."""
    _capture(ctx, "toward", note, partner, on, tag, as_json)


@app.command()
def away(
    ctx: typer.Context,
    note: Note = None,
    partner: Partner = False,
    on: On = None,
    tag: Tags = None,
    as_json: Json = False,
) -> None:
    """A bid missed or ignored (−5). Noticing it is already a step."""
    _capture(ctx, "away", note, partner, on, tag, as_json)


@app.command()
def against(
    ctx: typer.Context,
    note: Note = None,
    partner: Partner = False,
    on: On = None,
    tag: Tags = None,
    as_json: Json = False,
) -> None:
    """A bid met with irritation or contempt (−10). Writing it down is honest, not a verdict."""
    _capture(ctx, "against", note, partner, on, tag, as_json)


Amount = Annotated[
    str | None,
    typer.Argument(metavar="AMOUNT", help="A positive whole number.", show_default=False),
]


@app.command()
def deposit(
    ctx: typer.Context,
    amount: Amount = None,
    note: Note = None,
    partner: Partner = False,
    on: On = None,
    tag: Tags = None,
    as_json: Json = False,
) -> None:
    """Any other micro-deposit (+AMOUNT): a truth spoken, an appreciation, a kindness."""
    _capture(ctx, "deposit", note, partner, on, tag, as_json, amount=amount)


@app.command()
def withdraw(
    ctx: typer.Context,
    amount: Amount = None,
    note: Note = None,
    partner: Partner = False,
    on: On = None,
    tag: Tags = None,
    as_json: Json = False,
) -> None:
    """Any other withdrawal (−AMOUNT)."""
    _capture(ctx, "withdraw", note, partner, on, tag, as_json, amount=amount)


# -- views ---------------------------------------------------------------------


@app.command()
def balance(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--on", help="Show the account as it stood on this day.")
    ] = None,
    as_json: Json = False,
) -> None:
    """The home screen: balance, this week, 30 days, turn-toward rate, ratio, promises, streak."""
    from trustlog.home import show_home

    show_home(_state(ctx), on, as_json)


@app.command()
def log(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="From this day on.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind (toward, away, kept, …).")
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only entries with this tag.")
    ] = None,
    partner: Annotated[
        bool, typer.Option("--partner", "-p", help="Only what your partner did.")
    ] = False,
    me: Annotated[bool, typer.Option("--me", help="Only what you did.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many, newest first.")] = None,
    as_json: Json = False,
) -> None:
    """The entries, newest first."""
    from trustlog.dates import parse_range
    from trustlog.ledger import clean_tag
    from trustlog.models import Kind
    from trustlog.store import LogFilter

    state = _state(ctx)
    today = state.today()
    if partner and me:
        raise BadInput("Choose --partner or --me, not both.")
    if kind is not None and kind not in {k.value for k in Kind}:
        raise BadInput(
            f"--kind: {kind!r} is not a kind; use one of {', '.join(k.value for k in Kind)}."
        )
    if limit is not None and limit < 1:
        raise BadInput(f"--limit must be 1 or more, not {limit}.")
    first, last = parse_range(since, until, today)
    where = LogFilter(
        since=first,
        until=last,
        kind=kind,
        tag=clean_tag(tag) if tag else None,
        by="partner" if partner else "me" if me else None,
        limit=limit,
    )
    journal = state.readable_journal()
    entries = [] if journal is None else journal.log(where)
    if journal is not None:
        journal.close()
    if as_json:
        _emit([entry.to_json() for entry in entries])
        return
    from trustlog import render

    out = render.console(state)
    if journal is None:
        render.empty_state(out, state.journal_path)
    else:
        render.entries_table(out, entries)


def _register_command_groups() -> None:
    """Each area of the app adds its commands from its own module."""
    import importlib

    for name in (
        "cli_entries",
        "cli_config",
        "cli_promises",
        "cli_checkin",
        "cli_reports",
        "cli_data",
    ):
        try:
            importlib.import_module(f"trustlog.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"trustlog.{name}":
                raise


_register_command_groups()


def _command_path(args: list[str]) -> str:
    """`trustlog deposit` for an error Click could not place in a command."""
    import typer.main

    names = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    command = next((arg for arg in args if arg in names), None)
    return f"trustlog {command}" if command else "trustlog"


def run(args: list[str], env: Mapping[str, str], clock: object) -> int:
    """Run the app without Click's own exit handling, so `main` owns every exit."""
    invocation = Invocation(env=env, clock=clock if isinstance(clock, Clock) else Clock())
    try:
        result = app(args=args, prog_name="trustlog", standalone_mode=False, obj=invocation)
    except typer.TyperException as error:
        where = getattr(getattr(error, "ctx", None), "command_path", None) or _command_path(args)
        print(f"trustlog: {error.format_message()} (see `{where} --help`)", file=sys.stderr)
        return error.exit_code
    except typer.Abort:
        print("trustlog: interrupted; nothing more was saved.", file=sys.stderr)
        return 130
    return result if isinstance(result, int) else 0

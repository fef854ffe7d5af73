"""What every command module shares: its state, JSON output and common options."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from trustlog.app import grammar
from trustlog.app.emit import emit_json as emit_json
from trustlog.app.state import State


def state_of(ctx: typer.Context) -> State:
    """The run's `State`, made once by the root callback."""
    state = ctx.find_root().obj
    assert isinstance(state, State)
    return state


def _option(option: grammar.CaptureOption) -> Any:
    return typer.Option(*option.names, help=option.help, metavar=option.metavar or None)


Note = Annotated[list[str] | None, typer.Argument(help=grammar.NOTE_HELP)]
Partner = Annotated[bool, _option(grammar.PARTNER)]
On = Annotated[str | None, _option(grammar.ON)]
Tags = Annotated[list[str] | None, _option(grammar.TAG)]
Json = Annotated[bool, _option(grammar.JSON)]
Words = Annotated[
    list[str] | None,
    typer.Argument(metavar="TEXT...", help="In your own words; no quotes needed."),
]
Due = Annotated[
    str | None,
    typer.Option("--due", help="Once, by this day: tomorrow, 'next friday', 2026-12-24."),
]
Every = Annotated[
    str | None,
    typer.Option(
        "--every",
        help="Again and again: daily, weekdays, weekly, monthly, friday, 'mon,thu', '2 weeks', "
        "or an RRULE such as FREQ=WEEKLY;BYDAY=FR.",
    ),
]
HappenedOn = Annotated[
    str | None,
    typer.Option(
        "--on", help="The day it happened (default today): yesterday, friday, 2026-11-20."
    ),
]
Amount = Annotated[
    str | None,
    typer.Argument(metavar="AMOUNT", help=grammar.AMOUNT_HELP, show_default=False),
]

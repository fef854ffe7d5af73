"""`trustlog balance`: the home screen (also what `trustlog` alone shows)."""

from __future__ import annotations

from typing import Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.options import Json, state_of


@app.command()
def balance(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--on", help="Show the account as it stood on this day.")
    ] = None,
    as_json: Json = False,
) -> None:
    """The home screen: balance, this week, 30 days, your turning toward, promises, days kept."""
    from trustlog.features.home.screen import show_home

    show_home(state_of(ctx), on, as_json)

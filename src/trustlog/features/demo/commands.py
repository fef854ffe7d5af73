"""`trustlog demo`: trustlog at work on an example journal, never the user's own."""

from __future__ import annotations

import typer

from trustlog.app.cli import app
from trustlog.app.options import state_of


@app.command()
def demo(ctx: typer.Context) -> None:
    """See trustlog at work: six weeks of example entries, in a temporary file.

    Your own journal is not opened.
    """
    from trustlog.features.demo.demo import show_demo

    show_demo(state_of(ctx))

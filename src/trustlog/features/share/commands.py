"""`trustlog share -o PACKET [--since DATE] [--notes] [--to KEY]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.errors import BadInput
from trustlog.app.options import state_of


@app.command()
def share(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Write the packet here (0600); - for standard output."),
    ],
    since: Annotated[
        str | None, typer.Option("--since", help="From this day on (default: everything).")
    ] = None,
    notes: Annotated[bool, typer.Option("--notes", help="Include the entries' notes.")] = False,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Your partner's public key (`trustlog key`): only they open it."),
    ] = None,
) -> None:
    """Make a packet for your partner's `trustlog compare`: kinds, days, amounts, titles."""
    from trustlog.core.dates import parse_range
    from trustlog.features.share.share import described
    from trustlog.features.share.share import share as make
    from trustlog.journal.outputs import open_output

    if not output.name or output.is_dir():  # Typer reads `-o ''` as the folder `.`
        raise BadInput("Name the packet's file: `trustlog share -o FILE`.")
    state = state_of(ctx)
    # Judged before anything is read: never the journal, its key or a backup.
    target = open_output(str(output), journal=state.journal_path)
    first, _last = parse_range(since, None, state.today())
    with state.journal(if_missing="There is no journal yet, so nothing to share.") as journal:
        count = make(journal, target, first, notes, to)
    where = "on standard output" if str(output) == "-" else f"in {output}"
    typer.echo(f"Shared {described(count, notes, to)} {where}.", err=True)

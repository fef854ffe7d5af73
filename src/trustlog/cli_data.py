"""Commands for data that travels: export, import, merge, compare, backup, demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trustlog.cli import Json, _emit, _state, app
from trustlog.state import State

if TYPE_CHECKING:
    from trustlog.store.unite import United

Since = Annotated[
    str | None, typer.Option("--since", help="From this day on (e.g. 'last month', 2026-10-01).")
]
Until = Annotated[str | None, typer.Option("--until", help="Up to and including this day.")]


def _period(state: State, since: str | None, until: str | None) -> tuple[date | None, date | None]:
    from trustlog.dates import parse_day
    from trustlog.errors import BadInput

    today = state.today()
    first = parse_day(since, today, option="--since") if since else None
    last = parse_day(until, today, future_ok=True, option="--until") if until else None
    if first is not None and last is not None and first > last:
        raise BadInput(
            f"--since {first.isoformat()} is after --until {last.isoformat()}; "
            "no day falls between them."
        )
    return first, last


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="json (everything), csv (entries) or markdown (a report)."
        ),
    ] = "json",
    since: Since = None,
    until: Until = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (private, 0600) instead of the screen."
        ),
    ] = None,
) -> None:
    """Export the journal: JSON to move or keep it, CSV for a spreadsheet, Markdown to read."""
    from trustlog.exchange import export as run_export

    state = _state(ctx)
    first, last = _period(state, since, until)
    written = run_export(state, fmt.lower(), first, last, output)
    if written is not None:
        typer.echo(f"Exported to {written}.", err=True)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A trustlog JSON export, a JSON list of entries, or a CSV file."
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json or csv (default: from the file name)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Bring entries in from a file; importing the same file twice adds nothing twice."""
    from trustlog.exchange import import_file, summary

    united = import_file(_state(ctx), file, fmt.lower() if fmt else None)
    if as_json:
        _emit(_counts(united))
        return
    print(summary(united, file))


@app.command()
def merge(
    ctx: typer.Context,
    other: Annotated[
        Path,
        typer.Argument(
            metavar="OTHER.db", help="Your journal's copy from another machine (only read)."
        ),
    ],
    as_json: Json = False,
) -> None:
    """Bring together two copies of your own journal (e.g. laptop and desktop)."""
    from trustlog.merge import merge as run_merge
    from trustlog.merge import summary

    united = run_merge(_state(ctx), other)
    if as_json:
        _emit(_counts(united))
    else:
        print(summary(united, other))


@app.command()
def compare(
    ctx: typer.Context,
    partner: Annotated[
        Path, typer.Argument(metavar="PARTNER.db", help="Your partner's journal file (only read).")
    ],
    since: Since = None,
    until: Until = None,
    as_json: Json = False,
) -> None:
    """Your journal and your partner's side by side: a starting point for talking, not a verdict."""
    from trustlog.compare import compare as build

    state = _state(ctx)
    first, last = _period(state, since, until)
    data = build(state, partner, first, last)
    if as_json:
        _emit(data)
        return
    from trustlog import render
    from trustlog.render_data import compare_view

    compare_view(render.console(state), data)


@app.command()
def backup(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="Where to write the copy (default: beside the journal, timestamped).",
        ),
    ] = None,
) -> None:
    """Make a consistent copy of the journal, safe even while trustlog is writing."""
    from trustlog.merge import backup as run_backup

    print(run_backup(_state(ctx), path))


@app.command()
def demo(ctx: typer.Context) -> None:
    """See trustlog at work: six weeks of example entries, in a temporary file.

    Your own journal is not opened.
    """
    from trustlog.demo import show_demo

    show_demo(_state(ctx))


def _counts(united: United) -> dict[str, int]:
    from dataclasses import asdict

    return asdict(united)

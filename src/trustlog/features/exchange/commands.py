"""Commands for data that travels: export, import, merge, compare, backup, demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.options import Json, emit_json, state_of
from trustlog.app.state import State

if TYPE_CHECKING:
    from trustlog.features.exchange.queries.unite import United

Since = Annotated[
    str | None, typer.Option("--since", help="From this day on (e.g. 'last month', 2026-10-01).")
]
Until = Annotated[str | None, typer.Option("--until", help="Up to and including this day.")]


def _period(state: State, since: str | None, until: str | None) -> tuple[date | None, date | None]:
    from trustlog.core.dates import parse_range

    return parse_range(since, until, state.today())


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (everything), csv (entries), markdown (a report) or html (one printable "
            "page to bring to a counselling session).",
        ),
    ] = "json",
    since: Since = None,
    until: Until = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (private, 0600) instead of the screen; - is the screen.",
        ),
    ] = None,
    deleted: Annotated[
        bool, typer.Option("--deleted", help="CSV: include deleted entries (with deleted_at).")
    ] = False,
    notes: Annotated[
        bool,
        typer.Option("--notes", help="With --format html or markdown: put your notes in too."),
    ] = False,
) -> None:
    """Export the journal: JSON to keep it, CSV for a spreadsheet, Markdown or HTML to read.

    HTML and Markdown are to print or bring to a counselling session; they hold
    your notes only with --notes.
    """
    from trustlog.features.exchange.exchange import export as run_export
    from trustlog.journal.outputs import open_output

    state = state_of(ctx)
    target = None if output is None else open_output(output, journal=state.journal_path)
    first, last = _period(state, since, until)
    with state.journal() as journal:
        if journal.key is not None:
            typer.echo(
                "Note: the journal is encrypted, but this export is plain text wherever "
                "it goes; keep it somewhere private.",
                err=True,
            )
        written = run_export(
            journal, fmt.lower(), first, last, target, deleted=deleted, notes=notes
        )
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
    mine: Annotated[
        bool,
        typer.Option("--mine", help="The file is your own export from another journal: take it."),
    ] = False,
    as_json: Json = False,
) -> None:
    """Bring entries in from a file; importing the same file twice adds nothing twice."""
    from trustlog.features.exchange.exchange import import_file, plan_import, summary

    state = state_of(ctx)
    with state.journal() as journal:
        plan = plan_import(
            journal, file, fmt.lower() if fmt else None, state.today(), state.config.weights, mine
        )
    with state.journal(write=True) as journal:
        united = import_file(journal, plan)
    if as_json:
        emit_json(_counts(united) | {"links_dropped": len(plan.checked.dropped)})
        return
    print(summary(united, file, len(plan.checked.dropped)))


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
    """Bring together two copies of your own journal, say a laptop's and a desktop's."""
    from trustlog.features.exchange import merge as copies

    state = state_of(ctx)
    copies.check_other(state.journal_path, other)
    missing = copies.nothing_to_merge_into(state.journal_path, other)
    with state.journal(write=True, if_missing=missing) as journal:
        united = copies.merge(journal, other)
    if as_json:
        emit_json(_counts(united))
    else:
        print(copies.summary(united, other))


@app.command()
def compare(
    ctx: typer.Context,
    partner: Annotated[
        Path,
        typer.Argument(
            metavar="PACKET_OR_DB",
            help="A packet from your partner (`trustlog share`), or their journal file.",
        ),
    ],
    since: Since = None,
    until: Until = None,
    as_json: Json = False,
) -> None:
    """Your journal and your partner's side by side: a starting point for talking, not a verdict."""
    from trustlog.features.exchange.compare import compare as build
    from trustlog.features.exchange.compare import nothing_to_compare

    state = state_of(ctx)
    first, last = _period(state, since, until)
    with state.journal(if_missing=nothing_to_compare(state.journal_path)) as journal:
        data = build(journal, partner, first, last)
    if as_json:
        emit_json(data)
        return
    from trustlog.features.exchange.view import compare_view
    from trustlog.views import console as render

    compare_view(render.console(state), data)


@app.command()
def backup(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help=(
                "Where to write the copy: a new file, or a folder to put a new dated copy in "
                "(default: beside the journal)."
            ),
        ),
    ] = None,
) -> None:
    """Make a consistent copy of the journal, safe even while trustlog is writing."""
    from trustlog.features.exchange.merge import backup as run_backup

    state = state_of(ctx)
    missing = f"There is no journal at {state.journal_path} yet, so there is nothing to back up."
    with state.journal(if_missing=missing) as journal:
        print(run_backup(journal, path, state.clock.now().astimezone()))


def _counts(united: United) -> dict[str, int]:
    from dataclasses import asdict

    return asdict(united)

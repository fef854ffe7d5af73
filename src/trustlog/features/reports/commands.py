"""Commands that look back: report, chart, calendar and search.

Thin on purpose: parse, ask the use cases in `reports.py` (sums made in SQL,
shaped by `core.periods`), and let `view.py` draw them (or print the same
data as JSON).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trustlog.app.cli import app
from trustlog.app.errors import BadInput
from trustlog.app.options import Json, emit_json, state_of
from trustlog.app.state import State

if TYPE_CHECKING:
    from trustlog.journal.outputs import OutputTarget

Since = Annotated[
    str | None,
    typer.Option("--since", help="From this day on: 2026-01-01, 'last month', '3 weeks ago'."),
]
Until = Annotated[str | None, typer.Option("--until", help="Up to this day (default today).")]
Svg = Annotated[
    str | None,
    typer.Option(
        "--svg",
        metavar="FILE",
        help="Save the picture as a vector drawing (SVG, readable only by you; - for the "
        "screen) instead of printing it.",
    ),
]
Dark = Annotated[bool, typer.Option("--dark", help="With --svg: light lines on a dark background.")]


def _range(state: State, since: str | None, until: str | None) -> tuple[date | None, date | None]:
    from trustlog.core.dates import parse_range

    return parse_range(since, until, state.today())


def _console(state: State) -> Any:
    from trustlog.views import console as render

    return render.console(state)


def _colour(out: Any, state: State) -> bool:
    return bool(out.is_terminal) and not state.no_color


def _empty(state: State) -> None:
    from trustlog.views import console as render

    render.empty_state(_console(state), state.journal_path)


def _svg_target(state: State, svg: str | None) -> OutputTarget | None:
    """Judge `--svg PATH` before any work (exit 2 for a folder, a device, an empty name)."""
    if svg is None:
        return None
    from trustlog.journal.outputs import open_output

    return open_output(svg, journal=state.journal_path)


def _save_svg(target: OutputTarget, drawing: str, what: str) -> None:
    """Write the drawing whole or not at all (0600); `-` prints it."""
    with target as handle:
        handle.write(drawing)
    if not target.is_stdout:
        typer.echo(f"Saved the {what} as {target.path}.")


@app.command()
def report(
    ctx: typer.Context,
    week: Annotated[
        bool, typer.Option("--week", help="One row per ISO week (Monday first).")
    ] = False,
    month: Annotated[
        bool, typer.Option("--month", help="One row per calendar month (the default).")
    ] = False,
    year: Annotated[bool, typer.Option("--year", help="One row per calendar year.")] = False,
    since: Since = None,
    until: Until = None,
    as_json: Json = False,
) -> None:
    """One row per period: deposits, withdrawals, net, running balance, bids, promises.

    Months are the default: a month of daily entries is enough for the
    turn-toward rate to mean something, and twelve of them fit a screen.
    Without --since it shows the last 12 periods (or from your first entry).
    Quiet periods appear as zero rows; the first and last rows are clipped
    to --since / --until.

    --json prints one object: "unit", "since", "until", "rows" (a list of
    rows) and "totals" (a row); each row has "period", "start", "end",
    "deposits", "withdrawals", "net", "balance" (at the period's end),
    "toward", "away", "against", "kept", "broken" and "turn_toward_rate".
    """
    from trustlog.features.reports.reports import report_for

    chosen = [name for name, on in (("week", week), ("month", month), ("year", year)) if on]
    if len(chosen) > 1:
        raise BadInput("Choose one of --week, --month or --year.")
    unit = chosen[0] if chosen else "month"
    state = state_of(ctx)
    first, last = _range(state, since, until)
    with state.journal() as journal:
        data = report_for(journal, unit, state.today(), first, last)
        exists = journal.exists
    if as_json:
        emit_json(data.to_json())
        return
    if not exists:
        _empty(state)
        return
    from trustlog.features.reports.view import report_table

    report_table(_console(state), data)


@app.command()
def chart(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    svg: Svg = None,
    dark: Dark = False,
) -> None:
    """The running balance over time as a line, with the zero line and injuries marked.

    Without --since it starts at your first entry. --svg FILE saves a vector drawing
    (light, or --dark) to print or bring to a counselling session.
    """
    from trustlog.features.reports.reports import chart_for

    state = state_of(ctx)
    target = _svg_target(state, svg)
    first, last = _range(state, since, until)
    with state.journal() as journal:
        drawn = chart_for(journal, state.today(), first, last)
        exists = journal.exists
    if not exists:
        _empty(state)
        return
    from trustlog.features.reports import view

    if drawn is None:
        view.nothing_yet(_console(state))
        return
    if target is not None:
        _save_svg(target, view.chart_svg(drawn, dark=dark), "chart")
        return
    out = _console(state)
    view.chart(out, drawn.days, drawn.balances, drawn.injuries, colour=_colour(out, state))


@app.command()
def calendar(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="Which year (default this one).")
    ] = None,
    svg: Svg = None,
    dark: Dark = False,
) -> None:
    """A year at a glance: one square per day, green for a net deposit, red for a
    net withdrawal, deeper for bigger days; weekdays down the side, months across.

    --svg FILE saves it as a vector drawing in blue and orange, which colour-blind
    readers can tell apart (light, or --dark)."""
    from trustlog.core.periods import check_year
    from trustlog.features.reports.reports import calendar_for

    state = state_of(ctx)
    target = _svg_target(state, svg)
    today = state.today()
    chosen = check_year(today.year if year is None else year, today)
    with state.journal() as journal:
        nets = calendar_for(journal, chosen)
        exists = journal.exists
    if not exists:
        _empty(state)
        return
    from trustlog.features.reports import view

    if target is not None:
        _save_svg(target, view.calendar_svg(chosen, nets, dark=dark, until=today), "calendar")
        return
    out = _console(state)
    view.calendar(out, chosen, nets, colour=_colour(out, state), today=today)


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="Words to find in notes and tags; all must match.")
    ],
    limit: Annotated[int, typer.Option(help="At most this many, best match first.")] = 50,
    as_json: Json = False,
) -> None:
    """Find entries by the words in their notes (full text, best match first).

    Words match by their stem (walk finds walked), all words must appear, and
    a word ending in * matches its start (appreci*). Deleted entries are left
    out. --json prints a list of entry objects.
    """
    from trustlog.features.reports.queries import fts_query
    from trustlog.features.reports.queries import search as find

    state = state_of(ctx)
    from trustlog.features.entries.entries import MAX_LIMIT

    if not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"--limit must be a whole number from 1 to {MAX_LIMIT:,}.")
    query = fts_query(words)
    if not query:
        raise BadInput("search needs at least one word with a letter or digit in it.")
    with state.journal() as journal:
        found = find(journal, query, limit)
        exists = journal.exists
    if as_json:
        emit_json([hit.entry.to_json() for hit in found])
        return
    if not exists:
        _empty(state)
        return
    from trustlog.features.reports.view import search_results

    search_results(_console(state), words, found, limit)

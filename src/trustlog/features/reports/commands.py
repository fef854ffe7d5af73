"""Commands that look back: report, chart, calendar and search.

Thin on purpose: parse, and hand the values to `screens.py` (which `main`'s
fast path calls too), which asks the use cases in `reports.py` and lets
`view.py` draw them (or prints the same data as JSON).
"""

from __future__ import annotations

from typing import Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.options import Json, state_of

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
    from trustlog.features.reports.screens import show_report

    show_report(state_of(ctx), week, month, year, since, until, as_json)


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
    from trustlog.features.reports.screens import show_chart

    show_chart(state_of(ctx), since, until, svg, dark)


@app.command()
def calendar(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="Which year (default this one).")
    ] = None,
    svg: Svg = None,
    dark: Dark = False,
) -> None:
    """A year at a glance: one square per day, green for deposits, red for withdrawals.

    Deeper colours for bigger days; weekdays down the side, months across.

    --svg FILE saves it as a vector drawing in blue and orange, which colour-blind
    readers can tell apart (light, or --dark)."""
    from trustlog.features.reports.screens import show_calendar

    show_calendar(state_of(ctx), year, svg, dark)


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
    from trustlog.features.reports.screens import show_search

    show_search(state_of(ctx), words, limit, as_json)

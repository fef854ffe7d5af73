"""Commands that look back: report, chart, calendar and search.

Thin on purpose: parse, ask `store.reports` for sums, let `reports` shape
them, and let `render_reports` draw them (or print the same data as JSON).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from trustlog.cli import Json, _emit, _state, app
from trustlog.errors import BadInput
from trustlog.state import State

Since = Annotated[
    str | None,
    typer.Option("--since", help="From this day on: 2026-01-01, 'last month', '3 weeks ago'."),
]
Until = Annotated[str | None, typer.Option("--until", help="Up to this day (default today).")]
Svg = Annotated[
    Path | None,
    typer.Option(
        "--svg",
        help="Save the picture as an SVG file (readable only by you) instead of printing it.",
    ),
]


def _range(state: State, since: str | None, until: str | None) -> tuple[date | None, date | None]:
    from trustlog.dates import parse_range

    return parse_range(since, until, state.today())


def _console(state: State) -> Any:
    from trustlog import render

    return render.console(state)


def _colour(out: Any, state: State) -> bool:
    return bool(out.is_terminal) and not state.no_color


def _saved(what: str, path: Path) -> None:
    print(f"Saved the {what} as {path}.")


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
    from trustlog.reports import build_report, default_range
    from trustlog.store.reports import first_day, opening_balance, period_sums

    chosen = [name for name, on in (("week", week), ("month", month), ("year", year)) if on]
    if len(chosen) > 1:
        raise BadInput("Choose one of --week, --month or --year.")
    unit = chosen[0] if chosen else "month"
    state = _state(ctx)
    first, last = _range(state, since, until)
    journal = state.readable_journal()
    if journal is None:
        if as_json:
            begin, end = default_range(unit, state.today(), None, first, last)
            _emit(build_report(unit, begin, end, 0, []).to_json())
            return
        from trustlog import render

        render.empty_state(_console(state), state.journal_path)
        return
    try:
        begin, end = default_range(unit, state.today(), first_day(journal), first, last)
        data = build_report(
            unit,
            begin,
            end,
            opening_balance(journal, begin),
            period_sums(journal, unit, begin, end),
        )
    finally:
        journal.close()
    if as_json:
        _emit(data.to_json())
        return
    from trustlog.render_reports import report_table

    report_table(_console(state), data)


@app.command()
def chart(ctx: typer.Context, since: Since = None, until: Until = None, svg: Svg = None) -> None:
    """The running balance over time as a line, with the zero line and injuries marked.

    Without --since it starts at your first entry.
    """
    from trustlog.store.reports import daily_nets, first_day, injuries, opening_balance

    state = _state(ctx)
    first, last = _range(state, since, until)
    journal = state.readable_journal()
    if journal is None:
        from trustlog import render

        render.empty_state(_console(state), state.journal_path)
        return
    try:
        oldest = first_day(journal)
        if oldest is None and first is None:
            from trustlog.render_reports import nothing_yet

            nothing_yet(_console(state))
            return
        begin = first or oldest or state.today()
        end = last or state.today()
        if begin > end:
            begin = end
        opening = opening_balance(journal, begin)
        nets = {day: net for day, net, _ in daily_nets(journal, begin, end)}
        marks = injuries(journal, begin, end)
    finally:
        journal.close()
    days, balances, running = [], [], opening
    day = begin
    while day <= end:
        running += nets.get(day, 0)
        days.append(day)
        balances.append(running)
        day += timedelta(days=1)
    from trustlog.render_reports import chart as draw_chart
    from trustlog.render_reports import save_svg, svg_console
    from trustlog.store import check_output

    if svg is not None:
        out = svg_console()
        draw_chart(out, days, balances, marks, colour=True)
        check_output(svg, state.journal_path)
        save_svg(out, svg, "trustlog chart")
        _saved("chart", svg)
        return
    out = _console(state)
    draw_chart(out, days, balances, marks, colour=_colour(out, state))


@app.command()
def calendar(
    ctx: typer.Context,
    year: Annotated[
        int | None, typer.Option("--year", help="Which year (default this one).")
    ] = None,
    svg: Svg = None,
) -> None:
    """A year at a glance: one square per day, green for a net deposit, red for a
    net withdrawal, deeper for bigger days; weekdays down the side, months across."""
    from trustlog.reports import check_year
    from trustlog.store.reports import daily_nets

    state = _state(ctx)
    today = state.today()
    chosen = check_year(today.year if year is None else year, today)
    journal = state.readable_journal()
    if journal is None:
        from trustlog import render

        render.empty_state(_console(state), state.journal_path)
        return
    try:
        rows = daily_nets(journal, date(chosen, 1, 1), date(chosen, 12, 31))
    finally:
        journal.close()
    nets = {day: (net, count) for day, net, count in rows}
    from trustlog.render_reports import calendar as draw_calendar
    from trustlog.render_reports import save_svg, svg_console
    from trustlog.store import check_output

    if svg is not None:
        out = svg_console()
        draw_calendar(out, chosen, nets, colour=True, today=today)
        check_output(svg, state.journal_path)
        save_svg(out, svg, f"trustlog calendar {chosen}")
        _saved("calendar", svg)
        return
    out = _console(state)
    draw_calendar(out, chosen, nets, colour=_colour(out, state), today=today)


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
    from trustlog.store.reports import fts_query
    from trustlog.store.reports import search as find

    state = _state(ctx)
    if limit < 1:
        raise BadInput(f"--limit must be 1 or more, not {limit}.")
    query = fts_query(words)
    if not query:
        raise BadInput("search needs at least one word with a letter or digit in it.")
    journal = state.readable_journal()
    if journal is None:
        if as_json:
            _emit([])
            return
        from trustlog import render

        render.empty_state(_console(state), state.journal_path)
        return
    try:
        found = find(journal, query, limit)
    finally:
        journal.close()
    if as_json:
        _emit([hit.entry.to_json() for hit in found])
        return
    from trustlog.render_reports import search_results

    search_results(_console(state), words, found, limit)

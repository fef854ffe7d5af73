"""report, chart, calendar and search after their options are read.

The same for the Typer commands and `main`'s fast path for read-only
commands, which shows them without building the Typer app (~25 ms of
every run); so no Typer here.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from trustlog.app.emit import emit_json
from trustlog.app.errors import BadInput
from trustlog.app.state import State

if TYPE_CHECKING:
    from trustlog.journal.outputs import OutputTarget


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
        print(f"Saved the {what} as {target.path}.")


def show_report(
    state: State,
    week: bool = False,
    month: bool = False,
    year: bool = False,
    since: str | None = None,
    until: str | None = None,
    as_json: bool = False,
) -> None:
    """One row per period, as a table or as JSON."""
    from trustlog.features.reports.reports import report_for

    chosen = [name for name, on in (("week", week), ("month", month), ("year", year)) if on]
    if len(chosen) > 1:
        raise BadInput("Choose one of --week, --month or --year.")
    unit = chosen[0] if chosen else "month"
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


def show_chart(
    state: State,
    since: str | None = None,
    until: str | None = None,
    svg: str | None = None,
    dark: bool = False,
) -> None:
    """The running balance as a line on the screen, or as a drawing with `svg`."""
    from trustlog.features.reports.reports import chart_for

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
        view.nothing_yet(_console(state), by=last if until else None)
        return
    if target is not None:
        _save_svg(target, view.chart_svg(drawn, dark=dark), "chart")
        return
    out = _console(state)
    view.chart(out, drawn.days, drawn.balances, drawn.injuries, colour=_colour(out, state))


def show_calendar(
    state: State, year: int | None = None, svg: str | None = None, dark: bool = False
) -> None:
    """A year at a glance on the screen, or as a drawing with `svg`."""
    from trustlog.core.periods import check_year
    from trustlog.features.reports.reports import calendar_for

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


def show_search(state: State, words: list[str], limit: int = 50, as_json: bool = False) -> None:
    """Entries whose notes hold every word, best match first, as a list or as JSON."""
    from trustlog.features.entries.entries import MAX_LIMIT
    from trustlog.features.reports.queries import fts_query
    from trustlog.features.reports.queries import search as find

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

"""Drawing the report table, the balance chart, the year calendar and search hits.

Rich is imported here and only here (the chart's line is drawn by `views.line_chart`).  `--svg`
is not a screenshot: it hands the same data to the SVG kit in `views/`, which
draws a real vector picture to print or share.  Dips are shown in plain
words and colours: a mirror, not a verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from rich.console import Console
from rich.text import Text

from trustlog.core.ledger import percent, signed
from trustlog.core.periods import (
    NEGATIVE_STEPS,
    POSITIVE_STEPS,
    Report,
    ReportRow,
    calendar_weeks,
    level,
    split_marked,
)
from trustlog.core.research import REPORT_TOWARD
from trustlog.features.reports.reports import MATCH_CLOSE, MATCH_OPEN, Chart, Found
from trustlog.views.console import EntryColumns, aligned, money

GREENS = ("#9be9a8", "#40c463", "#30a14e", "#216e39")
REDS = ("#ffc1c0", "#ff8a80", "#e5534b", "#a40e26")
EMPTY_CELL = "#3a3f47"
#: Without colour the shade is carried by the glyph itself.
PLAIN_POSITIVE = ("░", "▒", "▓", "█")
PLAIN_NEGATIVE = ("-", "=", "≡", "#")
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def chart_svg(drawn: Chart, *, dark: bool) -> str:
    """`chart --svg`: the kit's drawing of the same line; each injury labelled with its size."""
    from trustlog.views.svg import signed as in_print
    from trustlog.views.svg_chart import balance_chart

    points = list(zip(drawn.days, drawn.balances, strict=True))
    injuries = [(day, f"injury {in_print(amount)}") for day, amount in drawn.injuries]
    return balance_chart(points, injuries, dark=dark)


def calendar_svg(year: int, nets: dict[date, tuple[int, int]], *, dark: bool, until: date) -> str:
    """`calendar --svg`: the kit's year grid of the same daily nets; days after `until` blank."""
    from trustlog.views.svg_calendar import calendar as year_grid

    return year_grid(year, {day: net for day, (net, _) in nets.items()}, dark=dark, until=until)


# -- report --------------------------------------------------------------------


def report_table(out: Console, report: Report) -> None:
    title = Text(f"Report by {report.unit}", style="bold")
    title.append(f" · {report.since.isoformat()} to {report.until.isoformat()}", style="dim")
    out.print(title)
    total = report.totals
    columns = (
        ("Period", "period", "left"), ("In", "deposits", "right"), ("Out", "withdrawals", "right"),
        ("Net", "net", "right"), ("Balance", "balance", "right"), ("Toward", "toward", "right"),
        ("Away", "away", "right"), ("Against", "against", "right"), ("Kept", "kept", "right"),
        ("Broken", "broken", "right"), ("Toward %", "rate", "right"),
    )  # fmt: skip
    rows = [[_cell(row, key) for _, key, _ in columns] for row in [*report.rows, total]]
    aligned(out, [header for header, _, _ in columns], rows)
    out.print(
        Text(
            REPORT_TOWARD,
            style="dim italic",
        )
    )


def _cell(row: ReportRow, key: str) -> Text:
    """One report cell: the period and rate read the row, the rest style its value."""
    if key == "period":
        return Text(row.period, style="bold" if row.period == "total" else "")
    if key == "rate":
        return Text(percent(row.turn_toward_rate))
    return _VALUE_CELLS.get(key, _count_cell)(getattr(row, key))


def _flow_cell(sign: str, style: str) -> Callable[[int], Text]:
    """Deposits and withdrawals show their sign and colour; none is a dim 0."""

    def cell(value: int) -> Text:
        return Text(f"{sign}{value}" if value else "0", style=style if value else "dim")

    return cell


def _count_cell(value: int) -> Text:
    return Text(str(value), style="" if value else "dim")


_VALUE_CELLS: dict[str, Callable[[int], Text]] = {
    "net": money,
    "balance": money,
    "deposits": _flow_cell("+", "green"),
    "withdrawals": _flow_cell("−", "red"),
}


# -- chart ---------------------------------------------------------------------


def nothing_yet(out: Console, by: date | None = None) -> None:
    if by is not None:
        out.print(Text(f"Nothing was recorded by {by:%Y-%m-%d}, so there is no line to draw."))
        return
    out.print(Text("Nothing recorded yet, so there is no line to draw.", style="bold"))
    out.print(Text("The chart starts with your first entry, e.g. trustlog toward", style="dim"))


def chart(
    out: Console,
    days: Sequence[date],
    balances: Sequence[int],
    injuries: Sequence[tuple[date, int]],
    colour: bool,
) -> None:
    """The running balance per day as a line, the zero line, injuries marked ✕."""
    from trustlog.views.line_chart import draw

    width = max(40, min(out.width, 160))
    styles = _CHART_COLOURS if colour else {}
    for row in draw(days, balances, injuries, width):
        line = Text()
        for text, part in row:
            line.append(text, style=styles.get(part, ""))
        out.print(line, no_wrap=True, crop=True)
    legend = Text("⠤⠤ running balance   ─── zero   ")
    legend.append("✕", style="red")
    legend.append(f" injury ({len(injuries)})" if injuries else " injury (none in this range)")
    out.print(legend)
    low, high = min(balances), max(balances)
    summary = Text(f"From {signed(balances[0])} to ")
    summary.append(money(balances[-1]))
    summary.append(f"; lowest {signed(low)}, highest {signed(high)}.", style="dim")
    out.print(summary)


#: On a terminal: the line in cyan, the zero line grey, injuries red.
_CHART_COLOURS = {"line": "cyan", "zero": "bright_black", "injury": "bold red", "label": "bold"}


# -- calendar ------------------------------------------------------------------


def calendar(
    out: Console, year: int, nets: dict[date, tuple[int, int]], colour: bool, today: date
) -> None:
    """A contribution-graph year: weeks across, weekdays down, shade = size of the day's net."""
    first, weeks = calendar_weeks(year)
    cell = 2 if out.width >= 5 + weeks * 2 else 1
    first, weeks = _recent_weeks(year, first, weeks, (out.width - 4) // cell, today)
    out.print(Text(f"{year} · daily net of the emotional bank account", style="bold"))
    # A narrow terminal crops the grid on the right rather than wrapping it out of shape.
    out.print(_month_header(year, first, weeks, cell), no_wrap=True, crop=True)
    for weekday in range(7):
        days = _weekday_days(year, first + timedelta(days=weekday), weeks, nets, today)
        out.print(
            _calendar_line(WEEKDAY_LABELS[weekday], days, colour, cell), no_wrap=True, crop=True
        )
    out.print(_calendar_legend(colour))
    out.print(_calendar_summary(nets))


def _recent_weeks(year: int, first: date, weeks: int, fit: int, today: date) -> tuple[date, int]:
    """On a screen too narrow for the year (a phone), the weeks that fit, ending with
    the most recent one: the months that matter, not January to September."""
    if weeks <= fit or fit < 1:
        return first, weeks
    end = min(today, date(year, 12, 31))
    last = (end - first).days // 7 if end >= first else weeks - 1
    start = max(0, min(last + 1, weeks) - fit)
    return first + timedelta(days=7 * start), min(weeks - start, fit)


def _weekday_days(
    year: int, first: date, weeks: int, nets: dict[date, tuple[int, int]], today: date
) -> list[tuple[int, int] | None]:
    """One weekday across the year's weeks: each day's (net, count), or None to leave
    blank (outside the year, or still to come)."""
    days = [first + timedelta(days=week * 7) for week in range(weeks)]
    return [None if day.year != year or day > today else nets.get(day, (0, 0)) for day in days]


def _calendar_line(
    label: str, days: Sequence[tuple[int, int] | None], colour: bool, cell: int
) -> Text:
    line = Text(f"{label:<4}")
    for shown in days:
        if shown is None:
            line.append(" " * cell)
            continue
        net, count = shown
        line.append(_glyph(net, count, colour) + " " * (cell - 1), style=_shade(net, count, colour))
    return line


def _calendar_summary(nets: dict[date, tuple[int, int]]) -> Text:
    """How many days were recorded, their net, and how many went up or down."""
    recorded = [value for value in nets.values() if value[1] > 0]
    total = sum(net for net, _ in recorded)
    summary = Text(f"{len(recorded)} day{'s' if len(recorded) != 1 else ''} recorded, net ")
    summary.append(money(total))
    summary.append(" ")
    summary.append(
        f"· {sum(1 for n, _ in recorded if n > 0)} up, {sum(1 for n, _ in recorded if n < 0)} down",
        style="dim",
    )
    return summary


def _month_header(year: int, first: date, weeks: int, cell: int) -> Text:
    header = [" "] * (4 + weeks * cell + 4)
    for month in range(1, 13):
        column = (date(year, month, 1) - first).days // 7
        if column < 0:
            continue  # a month that began before the weeks shown
        position = 4 + column * cell
        name = date(year, month, 1).strftime("%b")
        if all(ch == " " for ch in header[max(0, position - 1) : position + len(name)]):
            header[position : position + len(name)] = name
    return Text("".join(header).rstrip(), style="dim")


def _glyph(net: int, count: int, colour: bool) -> str:
    if colour:
        return "■"
    if count == 0 or net == 0:
        return "·" if count == 0 else "o"
    shade = level(net)
    return PLAIN_POSITIVE[shade - 1] if shade > 0 else PLAIN_NEGATIVE[-shade - 1]


def _shade(net: int, count: int, colour: bool) -> str:
    if not colour:
        return ""
    if count == 0 or net == 0:
        return EMPTY_CELL if count == 0 else "grey70"
    shade = level(net)
    return GREENS[shade - 1] if shade > 0 else REDS[-shade - 1]


def _calendar_legend(colour: bool) -> Text:
    legend = Text("    ")
    legend.append("deposits ", style="dim")
    _legend_steps(legend, POSITIVE_STEPS, "+", PLAIN_POSITIVE if not colour else None, GREENS)
    legend.append("\n    ")
    legend.append("withdrawals ", style="dim")
    _legend_steps(legend, NEGATIVE_STEPS, "−", PLAIN_NEGATIVE if not colour else None, REDS)
    legend.append("   ")
    legend.append("■" if colour else "·", style=EMPTY_CELL if colour else "")
    legend.append(" nothing recorded  ", style="dim")
    legend.append("■" if colour else "o", style="grey70" if colour else "")
    legend.append(" even", style="dim")
    return legend


def _legend_steps(
    legend: Text,
    steps: Sequence[int],
    sign: str,
    plain: Sequence[str] | None,
    colours: Sequence[str],
) -> None:
    """One swatch per shade step; `plain` glyphs stand in for colour when there is none."""
    for index, step in enumerate(steps):
        if plain is None:
            legend.append("■", style=colours[index])
        else:
            legend.append(plain[index], style="")
        legend.append(f" {sign}{step}{'' if index < 3 else '+'} ", style="dim")


# -- search --------------------------------------------------------------------


def search_results(
    out: Console, words: Sequence[str], found: Sequence[Found], limit: int | None
) -> None:
    if not found:
        out.print(Text(f"No entries mention {' '.join(words)!r}.", style="bold"))
        out.print(Text("Words are matched by their stem (walk finds walked); try fewer words, "
                       "or end one with * to match its start.", style="dim"))  # fmt: skip
        return
    # Plain aligned lines rather than a Table: a Table measures every cell
    # and costs more than the search itself on fifty hits.
    columns = EntryColumns.fit([hit.entry for hit in found])
    prefix_width = columns.width
    note_width = max(20, out.width - prefix_width)
    page = columns.header()
    page.append("\n")
    for hit in found:
        page.append_text(columns.prefix(hit.entry))
        for index, line in enumerate(_note_lines(out, hit, note_width)):
            if index:
                page.append(" " * prefix_width)
            page.append_text(line)
            page.append("\n")
    page.right_crop(1)  # the last newline; print adds its own
    out.print(page, crop=False, soft_wrap=True)
    if limit is not None and len(found) == limit:
        out.print(Text(f"Showing the {limit} best matches; --limit shows more.", style="dim"))


def _note_lines(out: Console, hit: Found, note_width: int) -> list[Text]:
    """The hit's note with the matched words highlighted, wrapped to the note column."""
    note = Text()
    for piece, matched in split_marked(hit.marked_note, MATCH_OPEN, MATCH_CLOSE):
        note.append(piece, style="bold reverse" if matched else "")
    return list(note.wrap(out, note_width)) if note.cell_len > note_width else [note]

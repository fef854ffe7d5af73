"""The page to bring to a counselling session (`export --format html`).

Gathers the period's balance line, the calendar's daily nets, the repairs with their
steps and amends, the promises kept and (only when asked) the notes, and hands them to
`views.html_page`, which inlines everything: the page loads nothing from anywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from trustlog.features.exchange import queries
from trustlog.features.exchange.counselling import STEP_NAMES
from trustlog.features.exchange.queries import markdown as markdown_rows
from trustlog.features.exchange.queries import session as session_rows
from trustlog.features.reports.reports import calendar_for, chart_for
from trustlog.journal import Journal
from trustlog.views.html_page import counselling_page
from trustlog.views.svg import day_label, signed
from trustlog.views.svg_calendar import calendar
from trustlog.views.svg_chart import balance_chart

#: Said on the page itself, as in the Markdown report: what these numbers are and are not.
MIRROR = (
    "One person's own notes about their relationship: a mirror for the one who keeps them, "
    "not a score to hold over anyone."
)


def _day(text: str) -> str:
    return day_label(date.fromisoformat(text), year=True)


def _repair_line(injury: dict[str, Any]) -> str:
    """One injury in a sentence: what, how heavy, whose; steps reached; amends; open or closed."""
    who = "my partner" if injury["by"] == "partner" else "me"
    reached = [
        f"{label} {_day(injury['steps'][step])}" for step, label in STEP_NAMES.items()
        if injury["steps"].get(step)
    ]  # fmt: skip
    amends = [
        f"amend “{text}” kept {kept}, broken {broken}" for text, kept, broken in injury["amends"]
    ]
    state = f"closed {_day(injury['closed_on'])}" if injury["closed_on"] else "still open"
    return (
        f"{injury['text']} ({injury['severity']}, {_day(injury['on'])}, caused by {who}). "
        + ("Steps reached: " + ", ".join(reached) if reached else "No steps reached yet")
        + "".join(f"; {amend}" for amend in amends)
        + f". {state.capitalize()}."
    )


def _kept_lines(conn: Any, since: date | None, until: date) -> list[str]:
    return [
        f"“{text}” ({'my partner' if by == 'partner' else 'me'}): kept {times} "
        f"time{'' if times == 1 else 's'}, last on {_day(last)}"
        for text, by, times, last in session_rows.promises_kept(conn, since, until)
    ]


def _notes(conn: Any, since: date, until: date) -> list[tuple[str, str]]:
    """(day, words) of each note in the period, the day given only on its first note."""
    notes = [
        (day, f"{signed(amount)} {kind}{' (my partner)' if by == 'partner' else ''}: {note}")
        for day, amount, kind, by, note, _promise, _step in markdown_rows.live_entries(
            conn, since, until
        )
        if note
    ]
    notes += [
        (day, f"check-in: {note}") for day, note in markdown_rows.checkin_notes(conn, since, until)
    ]
    notes.sort(key=lambda item: item[0])
    before = [""] + [day for day, _ in notes]
    return [
        (_day(day) if day != previous else "", words)
        for previous, (day, words) in zip(before, notes, strict=False)
    ]


def counselling_html(journal: Journal, since: date | None, until: date, notes: bool) -> str:
    """The whole page as text; notes only when `notes` is True."""
    conn = journal.conn
    start = since or markdown_rows.first_day(conn, until) or until
    drawn = chart_for(journal, journal.clock.today(), start, until)
    points = list(zip(drawn.days, drawn.balances, strict=True)) if drawn else []
    injuries = (
        [(day, f"injury {signed(amount)}") for day, amount in drawn.injuries] if drawn else []
    )
    nets = {day: net for day, (net, _) in calendar_for(journal, until.year).items()}
    name = queries.owner(conn).get("owner_name", "")
    return counselling_page(
        title="Trust journal" + (f" — {name}" if name else ""),
        period=f"{_day(start.isoformat())} to {_day(until.isoformat())} · {MIRROR}",
        chart_svg=balance_chart(points, injuries),
        calendar_svg=calendar(until.year, nets, until=until),
        sections=[
            ("Repair", [_repair_line(injury) for injury in markdown_rows.repairs(conn, until)]),
            ("Promises kept", _kept_lines(conn, start, until)),
        ],
        notes=_notes(conn, start, until) if notes else None,
    )

"""How promises look on screen (Rich).

Promise and injury texts and notes are the user's words: they always go in as
`rich.text.Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from trustlog.core.ledger import percent
from trustlog.core.models import Entry
from trustlog.core.wording import missed_days_phrase
from trustlog.features.promises.promises import Promise
from trustlog.views.columns import Columns
from trustlog.views.console import money
from trustlog.views.words import day, schedule

_HEADERS = ("ID", "Promise", "By", "When", "Next due", "Status", "Kept", "Broken", "Rate")
_NUMBERS = ("ID", "Kept", "Broken", "Rate")


def _status(data: Mapping[str, Any]) -> Text:
    status = data["status"]
    if status == "overdue":
        missed = max(1, data.get("overdue_count") or 1)
        return Text(missed_days_phrase(missed).split(" — ")[0], style="yellow")
    if status == "open" and data["next_due"] == data.get("as_of"):
        return Text("due today", style="bold")
    return Text(status, style="dim" if status in ("done", "dropped") else "")


def _table(rows: Sequence[Sequence[Text | str]]) -> RenderableType:
    """Rich's table, which wraps a long promise on a narrow screen (imported only then)."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in _HEADERS:
        # A word longer than its column is folded, never cut to `Supercali…`.
        table.add_column(name, justify="right" if name in _NUMBERS else "left", overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


#: Below this width a table's nine columns cut every word (`ca…`, `10…`), so
#: each promise gets lines of its own instead.
TABLE_WIDTH = 80


def _stacked(out: Console, rows: Sequence[Sequence[Text | str]]) -> None:
    """Each promise as its own few lines, for a narrow screen (a phone's terminal)."""
    for pid, text, by, when, due, status, kept, broken, rate in rows:
        title = Text(f"#{pid} ", style="bold")
        title.append(text if isinstance(text, Text) else Text(text))
        out.print(title)
        out.print(Text(f"   {by} · {when}"))
        facts = Text(f"   next due {due} · ")
        facts.append(status if isinstance(status, Text) else Text(status))
        out.print(facts)
        rate_said = "" if rate == "—" else f" · {rate}"
        out.print(Text(f"   kept {kept} · broken {broken}{rate_said}", style="dim"))


def promises_table(out: Console, promises: Sequence[Promise], include_all: bool) -> None:
    if not promises:
        out.print("No promises yet." if include_all else "No open promises.")
        out.print(Text("Make one: trustlog promise call mum --every sunday", style="cyan"))
        return
    rows: list[list[Text | str]] = [
        [
            str(promise.id),
            Text(promise.text),
            promise.by,
            schedule(promise),
            day(promise.next_due, year=promise.next_due.year != promise.as_of.year)
            if promise.next_due
            else "—",
            _status(promise.to_json() | {"as_of": promise.as_of.isoformat()}),
            str(promise.kept),
            str(promise.broken),
            # The partner's promises as counts only: nothing on screen scores them.
            percent(promise.kept_rate) if promise.by == "me" else "—",
        ]
        for promise in promises
    ]
    columns = Columns(_HEADERS, rows, right=_NUMBERS)
    if columns.fits(out):
        out.print(columns)
    elif out.width >= TABLE_WIDTH:
        out.print(_table(rows))
    else:
        _stacked(out, rows)
    if any(promise.overdue for promise in promises):
        out.print(
            Text("Missed days: mark them (trustlog kept ID --on DAY) or let them go.", style="dim")
        )


def resolved(out: Console, entry: Entry, occurrence: date, promise: Promise, balance: int) -> None:
    """`+1  kept #3 (Fri 27 Nov 2026) call mum · the note → balance 42`"""
    line = money(entry.amount)
    line.append(f"  {entry.kind} #{promise.id} ({day(occurrence)}) ")
    line.append(Text(promise.text))
    if entry.note:
        line.append(" · ")
        line.append(Text(entry.note))
    line.append(f" → balance {balance}")
    out.print(line)


def dropped(out: Console, promise: Promise) -> None:
    line = Text(f"Dropped promise {promise.id}: ")
    line.append(Text(promise.text))
    line.append(f" (kept {promise.kept}, broken {promise.broken}; its history stays)", style="dim")
    out.print(line)

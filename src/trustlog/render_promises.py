"""How promises, injuries and repairs look on screen (Rich).

Promise and injury texts and notes are the user's words: they always go in as
`rich.text.Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trustlog.models import Entry
from trustlog.promises import Promise
from trustlog.render import CAVEAT, money, percent
from trustlog.repair import SOURCE, STEP_MEANING, STEPS, next_step

_NUMBERS = ("ID", "Kept", "Broken", "Rate", "Recovered")


def day(value: date | str | None, year: bool = True) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value:%a %d %b %Y}" if year else f"{value:%a %d %b}"


def schedule(promise: Promise | Mapping[str, Any]) -> str:
    """`every Fri`, `due Fri 27 Nov 2026`, or `standing agreement`."""
    data = promise.to_json() if isinstance(promise, Promise) else promise
    if data["rule"]:
        from trustlog.rules import describe

        return describe(data["rule"])
    if data["due"]:
        return f"due {day(data['due'])}"
    return "standing agreement"


def _status(data: Mapping[str, Any]) -> Text:
    status = data["status"]
    if status == "overdue":
        count = data.get("overdue_count", 1)
        return Text(f"overdue ×{count}" if count > 1 else "overdue", style="yellow")
    if status == "open" and data["next_due"] == data.get("as_of"):
        return Text("due today", style="bold")
    return Text(status, style="dim" if status in ("done", "dropped") else "")


def promises_table(out: Console, promises: Sequence[Promise], include_all: bool) -> None:
    if not promises:
        out.print("No promises yet." if include_all else "No open promises.")
        out.print(Text("Make one: trustlog promise call mum --every sunday", style="cyan"))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("ID", "Promise", "By", "When", "Next due", "Status", "Kept", "Broken", "Rate"):
        table.add_column(name, justify="right" if name in _NUMBERS else "left")
    for promise in promises:
        data = promise.to_json() | {"as_of": promise.as_of.isoformat()}
        table.add_row(
            str(promise.id),
            Text(promise.text),
            promise.by,
            schedule(promise),
            day(promise.next_due, year=promise.next_due.year != promise.as_of.year)
            if promise.next_due
            else "—",
            _status(data),
            str(promise.kept),
            str(promise.broken),
            percent(promise.kept_rate),
        )
    out.print(table)


def made(out: Console, promise: Promise) -> None:
    line = Text(f"Promise {promise.id} made: ")
    line.append(Text(promise.text))
    line.append(f" · {schedule(promise)}", style="dim")
    if promise.overdue:
        line.append(f" · already overdue since {day(promise.next_due)}", style="yellow")
    elif promise.next_due:
        line.append(f" · next due {day(promise.next_due)}", style="dim")
    out.print(line)


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


def injury_recorded(out: Console, view: Mapping[str, Any]) -> None:
    line = Text(f"Injury {view['injury_id']} recorded: ")
    line.append(money(view["amount"]))
    line.append(f" ({view['severity']}). ")
    out.print(line)
    out.print(
        Text(
            "Naming it is a first step. When you are both ready, repair starts with: "
            f"trustlog repair {view['injury_id']} --step reveal",
            style="dim",
        )
    )


def step_recorded(out: Console, view: Mapping[str, Any], step: str) -> None:
    if step == "closed":
        out.print(Text(f"Closed the repair of injury {view['injury_id']}.", style="bold"))
        out.print(Text("Closing is not forgetting; the long game goes on.", style="dim"))
        return
    line = Text(f"Injury {view['injury_id']}: {step} reached on {view['steps'][step]} ")
    line.append(f"({view['steps_done']} of {len(STEPS)} steps)", style="dim")
    out.print(line)


def repair(out: Console, view: Mapping[str, Any]) -> None:
    title = Text(f"Injury {view['injury_id']} · ", style="bold")
    title.append(Text(view["text"]))
    out.print(title)
    who = "you" if view["by"] == "me" else "your partner"
    facts = Text(f"{day(view['on'])} · {view['severity']} · caused by {who} · ", style="dim")
    facts.append(money(view["amount"]))
    out.print(facts)
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_column(style="dim")
    for index, step in enumerate(STEPS, start=1):
        reached = view["steps"][step]
        table.add_row(
            f"{index} {step}",
            Text(day(reached), style="green") if reached else Text("not yet", style="dim"),
            STEP_MEANING[step],
        )
    out.print(table)
    if view["amends"]:
        out.print(Text("Amends agreed", style="bold"))
        for amend in view["amends"]:
            line = Text(f"  #{amend['id']} ")
            line.append(Text(amend["text"]))
            line.append(f" · {schedule(amend)} · kept {percent(amend['kept_rate'])}", style="dim")
            line.append(f" ({amend['kept']} kept, {amend['broken']} broken)", style="dim")
            out.print(line)
    recovered = Text("Recovery       ")
    recovered.append(f"recovered {view['recovered']} of {view['of']}", style="bold")
    recovered.append(" (the net of everything recorded since that day)", style="dim")
    out.print(recovered)
    if view["closed"]:
        out.print(Text(f"Closed on {day(view['closed_on'])}.", style="dim"))
    elif (upcoming := next_step(view)) is not None:
        out.print(
            Text(
                f"Next, when you are ready: trustlog repair {view['injury_id']} --step {upcoming}",
                style="cyan",
            )
        )
    out.print(Text(SOURCE, style="dim italic"))
    out.print(Text(CAVEAT, style="dim italic"))


def repairs_table(out: Console, views: Sequence[Mapping[str, Any]]) -> None:
    if not views:
        out.print("No open repairs.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("ID", "Date", "Severity", "Injury", "Steps", "Recovered"):
        table.add_column(name, justify="right" if name in ("ID", "Recovered") else "left")
    for view in views:
        table.add_row(
            str(view["injury_id"]),
            view["on"],
            view["severity"],
            Text(view["text"]),
            f"{view['steps_done']} of {len(STEPS)}",
            f"{view['recovered']} of {view['of']}",
        )
    out.print(table)
    out.print(Text("See one in detail: trustlog repair ID", style="dim"))

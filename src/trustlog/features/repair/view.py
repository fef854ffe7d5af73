"""The repair of an injury on screen: steps, amends, and the account since."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trustlog.core.ledger import percent
from trustlog.core.models import REPAIR_STEPS
from trustlog.core.wording import SAFETY_LINE, SAFETY_SEVERITIES
from trustlog.features.repair.repair import SOURCE, STEP_MEANING, next_step
from trustlog.views.console import money
from trustlog.views.words import day, schedule


def injury_recorded(out: Console, view: Mapping[str, Any]) -> None:
    line = Text(f"Injury {view['injury_id']} recorded: ")
    line.append(money(view["amount"]))
    who = "you" if view["by"] == "me" else "your partner"
    line.append(f" ({view['severity']}, caused by {who}). ")
    out.print(line)
    out.print(
        Text(
            "Naming it is a first step. When you are both ready and safe, repair starts with: "
            f"trustlog repair {view['injury_id']} --step reveal",
            style="dim",
        )
    )


def safety_line(out: Console, view: Mapping[str, Any]) -> None:
    """One quiet line after a major or severe injury; nothing after a minor one."""
    if view["severity"] in SAFETY_SEVERITIES:
        out.print(Text(SAFETY_LINE, style="dim"))


def step_recorded(out: Console, view: Mapping[str, Any], step: str) -> None:
    if step == "closed":
        out.print(Text(f"Closed the repair of injury {view['injury_id']}.", style="bold"))
        out.print(Text("Closing is not forgetting; the long game goes on.", style="dim"))
        return
    line = Text(f"Injury {view['injury_id']}: {step} reached on {view['steps'][step]} ")
    line.append(f"({view['steps_done']} of {len(REPAIR_STEPS)} steps)", style="dim")
    out.print(line)


def done_so_far(view: Mapping[str, Any]) -> str:
    """What was done, first: `3 of 4 steps reached · amends kept 12 of 13 times`."""
    said = f"{view['steps_done']} of {len(REPAIR_STEPS)} steps reached"
    if view["amends"]:
        kept, resolved = view["amends_kept"], view["amends_resolved"]
        said += f" · amends kept {kept} of {resolved} times" if resolved else " · amends agreed"
    return said


def account_since(view: Mapping[str, Any]) -> str:
    """`since then: +37 of 100`, and whose entries those are."""
    who = "you" if view["by"] == "me" else "your partner"
    return (
        f"since then: {view['recovered']:+d} of {view['of']} "
        f"— what {who} did, other injuries left out"
    )


def repair(out: Console, view: Mapping[str, Any]) -> None:
    title = Text(f"Injury {view['injury_id']} · ", style="bold")
    title.append(Text(view["text"]))
    out.print(title)
    who = "you" if view["by"] == "me" else "your partner"
    facts = Text(f"{day(view['on'])} · {view['severity']} · caused by {who} · ", style="dim")
    facts.append(money(view["amount"]))
    out.print(facts)
    out.print(Text(done_so_far(view), style="bold"))
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_column()
    for index, step in enumerate(REPAIR_STEPS, start=1):
        reached = view["steps"][step]
        note = view["step_notes"][step]
        table.add_row(
            f"{index} {step}",
            Text(day(reached), style="green") if reached else Text("not yet", style="dim"),
            _step_words(note, reached, step),
        )
    out.print(table)
    if view["amends"]:
        out.print(Text("Amends agreed", style="bold"))
        for amend in view["amends"]:
            line = Text(f"  #{amend['id']} ")
            line.append(Text(amend["text"]))
            line.append(f" · {schedule(amend)} · {_kept(amend)}", style="dim")
            out.print(line)
    out.print(Text("The account " + account_since(view)))
    safety_line(out, view)
    if view["closed"]:
        _closed(out, view)
    elif (upcoming := next_step(view)) is not None:
        out.print(
            Text(
                f"Next, when you are ready: trustlog repair {view['injury_id']} --step {upcoming}",
                style="cyan",
            )
        )
    out.print(Text(SOURCE, style="dim italic"))


def _closed(out: Console, view: Mapping[str, Any]) -> None:
    """The closing day, and the words written then, as the person wrote them."""
    out.print(Text(f"Closed on {day(view['closed_on'])}.", style="dim"))
    if view.get("closed_note"):
        line = Text("What you wrote when you closed it: ", style="dim")
        line.append(Text(view["closed_note"]))
        out.print(line)


def _step_words(note: str | None, reached: str | None, step: str) -> Text:
    """What was written at a step; a reached step without a note shows a dash, never the
    guidance, which could read as a record of what happened. The guidance is for steps
    not reached yet."""
    if note:
        return Text(note)
    if reached:
        return Text("—", style="dim")
    return Text(STEP_MEANING[step], style="dim")


def _kept(amend: Mapping[str, Any]) -> str:
    resolved = amend["kept"] + amend["broken"]
    if not resolved:
        return "not marked yet"
    times = "time" if resolved == 1 else "times"
    return f"kept {amend['kept']} of {resolved} {times} ({percent(amend['kept'] / resolved)})"


def repairs_table(
    out: Console, views: Sequence[Mapping[str, Any]], *, closed_too: bool = False
) -> None:
    if not views:
        out.print("No repairs yet." if closed_too else "No open repairs.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("ID", "Date", "Severity", "Injury", "Done so far", "Since then"):
        table.add_column(name, justify="right" if name in ("ID", "Since then") else "left")
    for view in views:
        done = done_so_far(view) + (" · closed" if view["closed"] else "")
        table.add_row(
            str(view["injury_id"]),
            view["on"],
            view["severity"],
            Text(view["text"]),
            done,
            f"{view['recovered']:+d} of {view['of']}",
        )
    out.print(table)
    out.print(Text("See one in detail: trustlog repair ID", style="dim"))

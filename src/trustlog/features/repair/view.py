"""The repair of an injury on screen: steps, amends, and the account since."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trustlog.core.ledger import percent
from trustlog.core.research import CAVEAT
from trustlog.features.repair.repair import SOURCE, STEP_MEANING, STEPS, next_step
from trustlog.views.console import money
from trustlog.views.words import day, schedule

_NUMBERS = ("ID", "Kept", "Broken", "Rate", "Recovered")


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

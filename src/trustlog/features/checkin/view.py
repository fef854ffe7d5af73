"""What the check-in shows (Rich); prompts and the walk-through go to stderr."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.text import Text

from trustlog.app.state import State
from trustlog.core.models import Entry
from trustlog.core.suggestions import Suggestion
from trustlog.features.promises.promises import Promise
from trustlog.views import console as render


def note_line(state: State, message: str) -> None:
    render.console(state, stderr=True).print(Text(message, style="dim"))


def intro(state: State, day: date, logged: Sequence[Entry], *, show_notes: bool) -> None:
    """What the day already holds; the notes only on a terminal (stderr may be mailed)."""
    out = render.console(state, stderr=True)
    out.print(Text(f"Check-in for {day:%A %d %B}", style="bold"))
    # Days let go of (`excuse`) are dated the day they were let go, but they are not
    # moments of this day: "0 excused" lines were noise here (found by a review).
    logged = [entry for entry in logged if entry.kind != "excused"]
    if logged:
        out.print("Already logged:")
        for entry in logged:
            line = Text("  ")
            line.append(render.money(entry.amount))
            line.append(f" {entry.kind}{' (partner)' if entry.by == 'partner' else ''}")
            if entry.note and show_notes:
                line.append(" · ")
                line.append(Text(entry.note))
            out.print(line)
    else:
        out.print(Text("Nothing logged yet for this day.", style="dim"))
    out.print(Text("Press Enter to skip a question. Ctrl-C saves nothing.", style="dim"))


def repr_text(text: str) -> str:
    return f'"{text}"'


def promise_questions(
    due: Sequence[Promise],
    unmarked: Mapping[int, Sequence[date]],
    day: date,
    today: date | None = None,
) -> list[tuple[int, str, str]]:
    """For each promise due: the question about its latest occurrence, and about the older ones.
    A check-in for an earlier day names that day, never "today"."""
    questions = []
    for promise in due:
        days = unmarked.get(promise.id) or [day]
        latest = days[-1]
        if latest != day:
            when = f"due {latest:%a %d %b}"
        else:
            when = "today" if today is None or day == today else f"{day:%a %d %b}"
        who = "Your partner's promise" if promise.by == "partner" else "Promise"
        asked = f'{who} #{promise.id} "{promise.text}" ({when}):'
        earlier = len(days) - 1
        older = ""
        if earlier:
            days_are, them = ("days are", "them") if earlier != 1 else ("day is", "it")
            older = (
                f"{earlier} earlier {days_are.replace(' ', ' of ' + repr_text(promise.text) + ' ')}"
                f" unmarked: mark {them} missed, let {them} go, or skip?"
            )
        questions.append((promise.id, asked, older))
    return questions


def summary(state: State, day: date, saved: Sequence[Entry], net: int, balance: int) -> None:
    out = render.console(state)
    counts: dict[str, int] = {}
    for entry in saved:
        label = entry.kind + (" (partner)" if entry.by == "partner" else "")
        counts[label] = counts.get(label, 0) + 1
    title = Text(f"Checked in for {day:%a %d %b}. ", style="bold")
    title.append("Thank you for taking the time.", style="")
    out.print(title)
    if counts:
        out.print("This check-in added " + ", ".join(f"{n} {label}" for label, n in counts.items()))
        line = Text("Added ")
        line.append(render.money(net))
        line.append("  ·  balance ")
    else:
        out.print("No new entries from this check-in; the day is marked as reviewed.")
        line = Text("Balance ")
    line.append(render.money(balance))
    out.print(line)


def suggestion(state: State, idea: Suggestion) -> None:
    """One thing to try tomorrow: the practice, what to do, and why it helps.

    Tomorrow from now, even after a check-in for an earlier day: the ideas are
    written for the next day to come, and "For today" above a text that says
    "tomorrow" read wrong (found by a review).
    """
    out = render.console(state)
    title = Text("For tomorrow: ", style="bold")
    title.append(Text(idea.title, style="bold"))
    out.print(title)
    out.print(Text(idea.text))
    out.print(Text(idea.why, style="dim"))

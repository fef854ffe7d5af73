"""How dates and schedules read, wherever they are shown."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def day(value: date | str | None, year: bool = True) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value:%a %d %b %Y}" if year else f"{value:%a %d %b}"


def schedule(promise: Any) -> str:
    """`every Fri`, `due Fri 27 Nov 2026`, or `standing agreement`."""
    data = promise if isinstance(promise, Mapping) else promise.to_json()
    if data["rule"]:
        from trustlog.core.recurrence import describe

        return describe(data["rule"])
    if data["due"]:
        return f"due {day(data['due'])}"
    return "standing agreement"


def promise_made(out: Console, promise: Any) -> None:
    """`Promise 3 made: …` — for a promise and for an injury's agreed amend."""
    from rich.text import Text

    line = Text(f"Promise {promise.id} made: ")
    line.append(Text(promise.text))
    line.append(f" · {schedule(promise)}", style="dim")
    if promise.overdue:
        # Made just now, starting earlier: never "already overdue", just days to look back on.
        n = max(1, promise.overdue_count)
        earlier = "1 earlier day" if n == 1 else f"{n} earlier days"
        line.append(f" · from {day(promise.next_due)}: {earlier} to mark or let go", style="dim")
    elif promise.next_due:
        line.append(f" · next due {day(promise.next_due)}", style="dim")
    out.print(line)

"""What `compare` shows (Rich): two perspectives side by side.

User text goes into Rich as `Text`, so a note with [brackets] is shown
exactly as typed.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trustlog.core.ledger import percent
from trustlog.views.console import money

# -- compare ------------------------------------------------------------------------


def compare_view(out: Console, data: dict[str, Any]) -> None:
    mine, theirs = data["journals"]["mine"], data["journals"]["partner"]
    me, partner = mine["name"], theirs["name"]
    if not me or not partner or me == partner:
        me, partner = "You", "Your partner"
    title = Text("Two journals, side by side", style="bold")
    title.append(f" · {_period(data['since'], data['until'])}", style="dim")
    out.print(title)
    out.print(
        Text(
            "Each of you logs the same days from your own side, so the numbers will differ. "
            "Where they differ is something to talk about together, not a verdict.",
            style="italic",
        )
    )
    out.print()
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("")
    table.add_column(Text(_possessive(me) + " journal"), justify="right")
    table.add_column(Text(_possessive(partner) + " journal"), justify="right")
    table.add_row("Balance", money(mine["balance"]), money(theirs["balance"]))
    table.add_row("Entries", str(mine["entries"]), str(theirs["entries"]))
    for person, name in (("me", me), ("partner", partner)):
        facts = data["people"][person]
        table.add_row(
            Text(f"{name}: turning toward"),
            _rate(
                facts["turn_toward_rate"]["in_my_journal"], facts["bids"]["in_my_journal"], "bids"
            ),
            _rate(
                facts["turn_toward_rate"]["in_partner_journal"],
                facts["bids"]["in_partner_journal"],
                "bids",
            ),
        )
        table.add_row(
            Text(f"{name}: promises kept"),
            _rate(
                facts["kept_rate"]["in_my_journal"],
                facts["promises_resolved"]["in_my_journal"],
                "resolved",
            ),
            _rate(
                facts["kept_rate"]["in_partner_journal"],
                facts["promises_resolved"]["in_partner_journal"],
                "resolved",
            ),
        )
    out.print(table)
    out.print()
    if data["differences"]:
        out.print(
            Text("Days you saw most differently — worth asking each other about", style="bold")
        )
        for row in data["differences"]:
            line = Text(f"  {row['day']}   ")
            line.append(Text(f"{me}: "))
            line.append(money(row["mine"]))
            line.append("   ")
            line.append(Text(f"{partner}: "))
            line.append(money(row["partner"]))
            out.print(line)
        out.print(Text("  What stood out about that day, for each of you?", style="dim"))
    else:
        out.print("Your two journals tell every day the same way in this period.")
    out.print()
    out.print(Text(data["caveat"], style="dim italic"))


def _possessive(name: str) -> str:
    return {"You": "Your", "Your partner": "Your partner's"}.get(name, f"{name}'s")


def _bids(count: int) -> str:
    return f"{count} bid" if count == 1 else f"{count} bids"


def _rate(value: float | None, count: int, what: str) -> Text:
    noun = _bids(count) if what == "bids" else f"{count} {what}"
    return Text(f"{percent(value)} of {noun}" if count else "—")


def _period(since: str | None, until: str | None) -> str:
    if since and until:
        return f"{since} to {until}"
    if since:
        return f"since {since}"
    if until:
        return f"up to {until}"
    return "all time"

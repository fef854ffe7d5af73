"""What `compare` shows (Rich): two perspectives side by side.

User text goes into Rich as `Text`, so a note with [brackets] is shown
exactly as typed.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

# -- compare ------------------------------------------------------------------------


#: How each kind of moment reads in a count: `2 toward`, `1 promise kept`.
MOMENT_WORDS = {
    "toward": ("toward", "toward"),
    "away": ("away", "away"),
    "against": ("against", "against"),
    "kept": ("promise kept", "promises kept"),
    "broken": ("promise broken", "promises broken"),
    "deposit": ("other deposit", "other deposits"),
    "withdraw": ("other withdrawal", "other withdrawals"),
    "injury": ("injury", "injuries"),
    "other_good": ("other good moment", "other good moments"),
    "other_hard": ("other hard moment", "other hard moments"),
}


def compare_view(out: Console, data: dict[str, Any]) -> None:
    """Counts of moments, by whom, and the days seen most differently: never a score."""
    mine, theirs = data["journals"]["mine"], data["journals"]["partner"]
    me, partner = mine["name"], theirs["name"]
    if not me or not partner or me == partner:
        me, partner = "You", "Your partner"
    title = Text("Two journals, side by side", style="bold")
    title.append(f" · {_period(data['since'], data['until'])}", style="dim")
    out.print(title)
    out.print(
        Text(
            "Each of you logs the same days from your own side, so the counts will differ. "
            "Where they differ is something to talk about together, not a verdict.",
            style="italic",
        )
    )
    out.print()
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("")
    table.add_column(Text(_possessive(me) + " journal"), justify="left")
    table.add_column(Text(_possessive(partner) + " journal"), justify="left")
    table.add_row("Entries", str(mine["entries"]), str(theirs["entries"]))
    for person, name in (("me", me), ("partner", partner)):
        seen = data["people"][person]
        table.add_row(
            Text(f"{name}, moments"),
            Text(moments_text(seen["in_my_journal"])),
            Text(moments_text(seen["in_partner_journal"])),
        )
    out.print(table)
    out.print()
    _differences(out, data, me, partner)
    out.print()
    out.print(Text(data["caveat"], style="dim italic"))


def _differences(out: Console, data: dict[str, Any], me: str, partner: str) -> None:
    if not data["differences"]:
        out.print("Your two journals tell every day the same way in this period.")
        return
    out.print(Text("Days you saw most differently — worth asking each other about", style="bold"))
    for row in data["differences"]:
        out.print(Text(f"  {row['day']}"))
        out.print(Text(f"    {_possessive(me)} journal: {moments_text(row['moments']['mine'])}"))
        out.print(
            Text(f"    {_possessive(partner)} journal: {moments_text(row['moments']['partner'])}")
        )
    out.print(Text(f"  {data['question']}", style="dim"))


def moments_text(counts: dict[str, int]) -> str:
    """`2 toward, 1 promise kept`; `nothing logged` when there is none."""
    parts = []
    for kind, (one, many) in MOMENT_WORDS.items():
        count = counts.get(kind, 0)
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts) if parts else "nothing logged"


def _possessive(name: str) -> str:
    return {"You": "Your", "Your partner": "Your partner's"}.get(name, f"{name}'s")


def _period(since: str | None, until: str | None) -> str:
    if since and until:
        return f"{since} to {until}"
    if since:
        return f"since {since}"
    if until:
        return f"up to {until}"
    return "all time"

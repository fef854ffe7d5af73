"""What the data commands show: the compare view (Rich) and the Markdown report.

User text goes into Rich as `Text` and into Markdown escaped, so a note with
[brackets] or a | pipe is shown exactly as typed.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trustlog.ledger import rate, ratio, signed, week_start
from trustlog.render import CAVEAT, money, percent
from trustlog.store import exchange as sql
from trustlog.store import markdown as report

STEP_NAMES = {
    "reveal": "reveal",
    "acknowledge": "acknowledge",
    "amends": "make it right",
    "long-game": "the long game",
}


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


# -- the Markdown report ------------------------------------------------------------


def markdown_report(
    out: IO[str], conn: sqlite3.Connection | None, name: str, since: date | None, until: date
) -> None:
    """A report to print or bring to a counselling session: kind, plain, complete.

    Written as it is read: the sums come from SQL and the entries straight
    from a cursor, so a ten-year journal never sits in memory.
    """
    who = f" — {_md(name)}" if name else ""
    start = since or (report.first_day(conn, until) if conn else None) or until
    lines = [
        f"# Trust journal{who}",
        "",
        f"*{start.isoformat()} to {until.isoformat()}*",
        "",
        "These are one person's own notes about their relationship: a mirror for the one who "
        "keeps them, not a score to hold over anyone. Numbers cannot say what a moment meant; "
        "the people in it can.",
        "",
    ]
    lines += _summary(conn, start, until)
    lines += _weeks(conn, start, until)
    lines += _repairs(conn, until)
    out.write("\n".join(lines) + "\n")
    any_note = False
    for day, note in report.checkin_notes(conn, start, until) if conn else ():
        if not any_note:
            out.write("## From the evening check-ins\n\n")
            any_note = True
        out.write(f"- {day}: {_md(note)}\n")
    out.write(("\n" if any_note else "") + "## Entries\n\n")
    any_entry = False
    rows = report.live_entries(conn, start, until) if conn else iter(())
    for day, amount, kind, by, note, promise, step in rows:
        if not any_entry:
            out.write("| Date | Amount | Kind | By | Note |\n|---|---:|---|---|---|\n")
            any_entry = True
        about = f"{kind} · {step}" if step else kind
        said = " — ".join(part for part in (promise and f"“{promise}”", note) if part)
        out.write(f"| {day} | {signed(amount)} | {_md(about)} | {by} | {_md(said)} |\n")
    if not any_entry:
        out.write("Nothing was recorded in this period.\n")
    out.write("\n".join(["", "---", "", f"*{CAVEAT}*", ""]))


def _summary(conn: sqlite3.Connection | None, first: date, until: date) -> list[str]:
    opening = sql.balance(conn, None, first - timedelta(days=1)) if conn else 0
    sums = report.totals(conn, first, until) if conn else dict.fromkeys(report.SUMS, 0)
    deposits, withdrawals = sums["deposits"], sums["withdrawals"]
    positives, negatives = sums["positives"], sums["negatives"]
    bids = sums["toward"] + sums["away"] + sums["against"]
    kept, broken = sums["kept"], sums["broken"]
    net = deposits - withdrawals
    ratio_value = ratio(positives, negatives)
    return [
        "## Summary",
        "",
        "| | |",
        "|---|---:|",
        f"| Balance at the start | {signed(opening)} |",
        f"| Deposits | +{deposits} |",
        f"| Withdrawals | −{withdrawals} |",
        f"| Net over the period | {signed(net)} |",
        f"| Balance at the end | {signed(opening + net)} |",
        f"| Turning toward | {percent(rate(sums['toward'], bids))} of {_bids(bids)} |",
        "| Positive : negative | "
        + ("—" if ratio_value is None else f"{ratio_value:g} : 1")
        + f" ({positives} positive, {negatives} negative) |",
        f"| Promises kept | {percent(rate(kept, kept + broken))} ({kept} kept, {broken} broken) |",
        "",
        "For reference: couples still together six years later turned toward 86% of bids, "
        "those who divorced 33%; stable couples keep at least 5 positive moments for each "
        "negative one.",
        "",
    ]


def _weeks(conn: sqlite3.Connection | None, first: date, until: date) -> list[str]:
    """The running balance week by week (month by month over half a year)."""
    if conn is None:
        return []
    nets = sql.daily_nets(conn, first, until)
    monthly = (until - first).days > 183
    periods: dict[date, int] = {}
    for day_text, (net, _count) in nets.items():
        day = date.fromisoformat(day_text)
        start = day.replace(day=1) if monthly else week_start(day)
        periods[start] = periods.get(start, 0) + net
    if not periods:
        return []
    running = sql.balance(conn, None, first - timedelta(days=1))
    lines = [
        "## Balance over the period",
        "",
        f"| {'Month' if monthly else 'Week of'} | Net | Balance |",
    ]
    lines.append("|---|---:|---:|")
    for start in sorted(periods):
        running += periods[start]
        label = f"{start:%B %Y}" if monthly else start.isoformat()
        lines.append(f"| {label} | {signed(periods[start])} | {signed(running)} |")
    return [*lines, ""]


def _repairs(conn: sqlite3.Connection | None, until: date) -> list[str]:
    found = report.repairs(conn, until) if conn else []
    if not found:
        return []
    lines = ["## Repair", ""]
    for injury in found:
        who = "my partner" if injury["by"] == "partner" else "me"
        lines.append(
            f"**{_md(injury['text'])}** — {injury['severity']}, {injury['on']}, caused by {who}"
        )
        lines.append("")
        for step, label in STEP_NAMES.items():
            reached = injury["steps"].get(step)
            lines.append(f"- {label}: {'reached ' + reached if reached else 'not yet'}")
        for text, kept, broken in injury["amends"]:
            lines.append(f"- agreed amend: {_md(text)} — kept {kept}, broken {broken}")
        size = -injury["amount"]
        lines.append(f"- recovered {max(injury['recovered'], 0)} of {size} since then")
        closed = injury["closed_on"]
        lines.append(f"- closed on {closed}" if closed else "- still open")
        lines.append("")
    lines += ["Repair takes its own time; each step reached is worth noticing.", ""]
    return lines


def _md(text: str) -> str:
    """Markdown-safe text: a note's own | or * must not break the table."""
    cleaned = " ".join(text.split())
    for mark in ("\\", "|", "*", "_", "`", "<", "[", "]"):
        cleaned = cleaned.replace(mark, "\\" + mark)
    return cleaned


# -- the demo -------------------------------------------------------------------------


def demo_intro(out: Console) -> None:
    out.print(
        Text(
            "trustlog is a private journal of the small moments between you and your partner, "
            "added up into an emotional bank account.",
            style="bold",
        )
    )
    out.print(
        Text(
            "Here are six weeks of a made-up journal: bids met by turning toward (+1) or away "
            "(−5), a weekly promise broken once, and an injury with its repair. First the home "
            "screen, then the repair view."
        )
    )


def demo_outro(out: Console) -> None:
    out.print(
        Text("This was a demo in a temporary file, now deleted; your own journal was not touched.")
    )
    out.print(
        Text("Start your own with:  ", style="bold").append(
            "trustlog toward asked about her day", style="cyan"
        )
    )
    out.print(
        Text(
            "More: trustlog --help · trustlog checkin (each evening) · trustlog promise …",
            style="dim",
        )
    )

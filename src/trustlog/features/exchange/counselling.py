"""The Markdown report to print or bring to a counselling session.

Written as it is read: the sums come from SQL and the entries straight from
a cursor, so a ten-year journal never sits in memory.  User text is escaped,
so a note with a | pipe is shown exactly as typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import IO, Any

from trustlog.core.ledger import percent, rate, ratio, signed, week_start
from trustlog.core.research import CAVEAT, MARKDOWN_REFERENCE
from trustlog.features.exchange import queries
from trustlog.features.exchange.queries import markdown as markdown_rows
from trustlog.journal import Journal

STEP_NAMES = {
    "reveal": "reveal",
    "acknowledge": "acknowledge",
    "amends": "make it right",
    "long-game": "the long game",
}


def write_markdown(
    journal: Journal, out: IO[str], since: date | None, until: date, notes: bool = False
) -> None:
    """A report to print or bring to a counselling session: kind, plain, complete.

    Like the HTML page, it holds the notes only when asked (`--notes`): it is
    made to be handed over, and a note is the most private thing in a journal.
    Written as it is read: the sums come from SQL and the entries straight
    from a cursor, so a ten-year journal never sits in memory.
    """
    conn = journal.conn
    name = queries.owner(conn).get("owner_name", "")
    start = since or markdown_rows.first_day(conn, until) or until
    lines = _heading(name, start, until, notes)
    lines += _summary(conn, start, until)
    lines += _weeks(conn, start, until)
    lines += _repairs(conn, until)
    out.write("\n".join(lines) + "\n")
    any_note = notes and _write_checkin_notes(out, markdown_rows.checkin_notes(conn, start, until))
    out.write(("\n" if any_note else "") + "## Entries\n\n")
    _write_entries(out, markdown_rows.live_entries(conn, start, until), notes)
    out.write("\n".join(["", "---", "", f"*{CAVEAT}*", ""]))


def _heading(name: str, start: date, until: date, notes: bool) -> list[str]:
    who = f" — {_md(name)}" if name else ""
    left_out = [] if notes else ["Notes are left out of this copy; `--notes` puts them in.", ""]
    return [
        f"# Trust journal{who}",
        "",
        f"*{start.isoformat()} to {until.isoformat()}*",
        "",
        "These are one person's own notes about their relationship: a mirror for the one who "
        "keeps them, not a score to hold over anyone. Numbers cannot say what a moment meant; "
        "the people in it can.",
        "",
        *left_out,
    ]


def _write_checkin_notes(out: IO[str], notes: Iterable[tuple[str, str]]) -> bool:
    """The evening check-ins' notes, under a heading only when there is one; True if any."""
    any_note = False
    for day, note in notes:
        if not any_note:
            out.write("## From the evening check-ins\n\n")
            any_note = True
        out.write(f"- {day}: {_md(note)}\n")
    return any_note


def _write_entries(
    out: IO[str],
    rows: Iterable[tuple[str, int, str, str, str, str | None, str | None]],
    notes: bool,
) -> None:
    """The live entries as a table, or a line saying there were none."""
    any_entry = False
    said = "Note" if notes else "Promise"
    for day, amount, kind, by, note, promise, step in rows:
        if not any_entry:
            out.write(f"| Date | Amount | Kind | By | {said} |\n|---|---:|---|---|---|\n")
            any_entry = True
        out.write(_entry_line(day, amount, kind, by, note if notes else "", promise, step))
    if not any_entry:
        out.write("Nothing was recorded in this period.\n")


def _entry_line(
    day: str, amount: int, kind: str, by: str, note: str, promise: str | None, step: str | None
) -> str:
    """One table row: the repair step after the kind, the promise's text before the note."""
    about = f"{kind} · {step}" if step else kind
    said = " — ".join(part for part in (promise and f"“{promise}”", note) if part)
    return f"| {day} | {signed(amount)} | {_md(about)} | {by} | {_md(said)} |\n"


def _summary(conn: Any, first: date, until: date) -> list[str]:
    opening = queries.balance(conn, None, first - timedelta(days=1))
    sums = markdown_rows.totals(conn, first, until)
    deposits, withdrawals = sums["deposits"], sums["withdrawals"]
    positives, negatives = sums["positives"], sums["negatives"]
    bids = sums["toward"] + sums["away"] + sums["against"]
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
        *_promise_rows(markdown_rows.promises_resolved(conn, first, until)),
        "",
        MARKDOWN_REFERENCE,
        "",
    ]


def _promise_rows(resolved: dict[str, tuple[int, int]]) -> list[str]:
    """Your own promises with their rate; your partner's as counts only, never a
    rate: nothing in a page to hand over scores the other person."""
    rows = []
    if "me" in resolved:
        kept, broken = resolved["me"]
        rows.append(
            f"| Your promises kept | {percent(rate(kept, kept + broken))} "
            f"({kept} kept, {broken} broken) |"
        )
    if "partner" in resolved:
        kept, broken = resolved["partner"]
        rows.append(f"| Your partner's promises | {kept} kept, {broken} broken |")
    return rows


def _weeks(conn: Any, first: date, until: date) -> list[str]:
    """The running balance week by week (month by month over half a year)."""
    nets = queries.daily_nets(conn, first, until)
    monthly = (until - first).days > 183
    periods: dict[date, int] = {}
    for day_text, (net, _count) in nets.items():
        day = date.fromisoformat(day_text)
        start = day.replace(day=1) if monthly else week_start(day)
        periods[start] = periods.get(start, 0) + net
    if not periods:
        return []
    running = queries.balance(conn, None, first - timedelta(days=1))
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


def _repairs(conn: Any, until: date) -> list[str]:
    found = markdown_rows.repairs(conn, until)
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
        # In the report's own voice (first person), as "caused by me / my partner":
        # "your partner" read, to a partner holding the page, as if it meant them.
        who = "I" if injury["by"] == "me" else "my partner"
        lines.append(
            f"- the account since: {injury['recovered']:+d} of {size} "
            f"(what {who} did after that day, other injuries left out)"
        )
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


def _bids(count: int) -> str:
    return f"{count} bid" if count == 1 else f"{count} bids"

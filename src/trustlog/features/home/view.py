"""The home screen, drawn from the same `Home` value `--json` prints.

A mirror for the journal keeper, not a scorecard: your own turning toward
first, as a rate with its count and 95% interval; one reference line with
its source; your partner's responses as counts, as you logged them; days
kept out of the last 28 instead of a streak that breaks.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from trustlog.core.ledger import signed
from trustlog.core.models import Home
from trustlog.core.research import HOME_REFERENCE
from trustlog.core.statistics import format_rate
from trustlog.core.wording import days_kept_phrase, missed_days_phrase
from trustlog.views.console import money, sparkline

LABEL = 20


def _row(label: str) -> Text:
    return Text(label.ljust(LABEL))


def draw(out: Console, home: Home, data: dict[str, Any]) -> None:
    t = home.totals
    title = Text("Emotional bank account", style="bold")
    title.append(f" · as of {home.as_of:%a %d %b %Y}", style="dim")
    out.print(title)
    balance = _row("Balance")
    balance.append(money(t.balance).copy())
    balance.stylize("bold", LABEL)
    noun = "entry" if t.entries == 1 else "entries"
    balance.append(
        f"   ({t.entries} {noun}: {signed(t.deposits)} in, {signed(-t.withdrawals)} out)",
        style="dim",
    )
    out.print(balance)
    week = _row("This week")
    week.append(money(home.week_deposits))
    week.append(" deposits   ")
    week.append(money(-home.week_withdrawals))
    week.append(" withdrawals")
    out.print(week)
    spark = _row("Last 30 days")
    spark.append(sparkline(home.sparkline), style="cyan")
    spark.append(f"  {home.sparkline[0]} → {home.sparkline[-1]}", style="dim")
    out.print(spark)
    _bids(out, home, data)
    _promises(out, home)
    kept = _row("Days")
    kept.append(days_kept_phrase(home.days_kept_28), style="bold")
    out.print(kept)
    _partner(out, home, data)
    _due(out, home)


def _bids(out: Console, home: Home, data: dict[str, Any]) -> None:
    """Your own turning toward as a rate, and the research reference beside it."""
    mine = home.people.get("me")
    toward = _row("You turned toward")
    if mine is None or not data["my_bids"]:
        toward.append("no bids logged yet", style="dim")
    else:
        toward.append(format_rate(mine.toward, data["my_bids"], "bid"), style="bold")
    out.print(toward)
    out.print(Text("  " + HOME_REFERENCE, style="dim"))


def _partner(out: Console, home: Home, data: dict[str, Any]) -> None:
    """Your partner's responses and promises as counts, as you logged them: after your
    own lines, never under the research reference (a review found them read together)."""
    theirs = data["partner_bids"]
    partner = _row("Your partner")
    partner.append(
        f"{theirs['toward']} toward, {theirs['away']} away, {theirs['against']} against",
    )
    partner.append("   (as you logged them)", style="dim")
    out.print(partner)
    promised = home.people.get("partner")
    if promised is not None and promised.kept + promised.broken:
        line = _row("Partner's promises")
        line.append(f"{promised.kept} kept, {promised.broken} broken")
        line.append("   (as you logged them)", style="dim")
        out.print(line)


def _promises(out: Console, home: Home) -> None:
    """Your own promises as a rate (your partner's are counts, in `_partner`)."""
    mine = home.people.get("me")
    line = _row("Your promises kept")
    resolved = 0 if mine is None else mine.kept + mine.broken
    if mine is None or not resolved:
        line.append("none marked yet", style="dim")
    else:
        line.append(format_rate(mine.kept, resolved, "time"), style="bold")
        line.append(f"   ({mine.kept} kept, {mine.broken} broken)", style="dim")
    out.print(line)


def _due(out: Console, home: Home) -> None:
    if not home.due:
        return
    out.print(Text("Due today", style="bold"))
    for promise in home.due:
        line = Text(f"  #{promise['id']} ")
        line.append(Text(promise["text"]))
        missed = promise.get("overdue_count") or 0
        if promise["status"] == "overdue" and missed:
            line.append(f"  ({missed_days_phrase(missed)})", style="yellow")
        out.print(line)

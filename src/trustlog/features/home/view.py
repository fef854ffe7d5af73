"""The home screen, drawn from the same `Home` value `--json` prints."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from trustlog.core.ledger import percent, signed
from trustlog.core.models import Home
from trustlog.core.research import CAVEAT, HOME_RATIO, HOME_TOWARD
from trustlog.views.console import money, sparkline


def draw(out: Console, home: Home, data: dict[str, Any]) -> None:
    t = home.totals
    title = Text("Emotional bank account", style="bold")
    title.append(f" · as of {home.as_of:%a %d %b %Y}", style="dim")
    out.print(title)
    balance = Text("Balance        ")
    balance.append(money(t.balance).copy())
    balance.stylize("bold", len("Balance        "))
    noun = "entry" if t.entries == 1 else "entries"
    balance.append(
        f"   ({t.entries} {noun}: {signed(t.deposits)} in, {signed(-t.withdrawals)} out)",
        style="dim",
    )
    out.print(balance)
    week = Text("This week      ")
    week.append(money(home.week_deposits))
    week.append(" deposits   ")
    week.append(money(-home.week_withdrawals))
    week.append(" withdrawals")
    out.print(week)
    spark = Text("Last 30 days   ")
    spark.append(sparkline(home.sparkline), style="cyan")
    spark.append(f"  {home.sparkline[0]} → {home.sparkline[-1]}", style="dim")
    out.print(spark)
    bids = t.toward + t.away + t.against
    toward = Text("Turning toward ")
    toward.append(percent(data["turn_toward_rate"]), style="bold")
    toward.append(f" of {bids} bids", style="dim")
    toward.append(HOME_TOWARD, style="dim")
    out.print(toward)
    ratio = data["ratio"]
    ratio_line = Text("Positive : neg  ")
    ratio_line.append("—" if ratio is None else f"{ratio:g} : 1", style="bold")
    ratio_line.append(
        f"   ({t.positives} positive, {t.negatives} negative{HOME_RATIO})",
        style="dim",
    )
    out.print(ratio_line)
    kept = Text("Promises kept  ")
    kept.append(percent(data["kept_rate"]), style="bold")
    kept.append(f" ({t.kept} kept, {t.broken} broken)", style="dim")
    out.print(kept)
    streak = Text("Streak         ")
    streak.append(f"{home.streak} day{'s' if home.streak != 1 else ''}", style="bold")
    out.print(streak)
    if home.due:
        out.print(Text("Due today", style="bold"))
        for promise in home.due:
            line = Text(f"  #{promise['id']} ")
            line.append(Text(promise["text"]))
            if promise["status"] == "overdue":
                line.append(f"  (overdue since {promise['next_due']})", style="yellow")
            out.print(line)
    out.print(Text(CAVEAT, style="dim italic"))

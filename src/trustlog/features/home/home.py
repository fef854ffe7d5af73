"""The home screen (`trustlog` / `trustlog balance`): data first, then the picture.

The JSON and the Rich view are made from the same `Home` value.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from trustlog.core.ledger import rate, ratio, streak, week_start
from trustlog.core.models import Home
from trustlog.features.home import queries
from trustlog.features.promises.promises import due_promises
from trustlog.journal import Journal

SPARKLINE_DAYS = 30


def build_home(journal: Journal, as_of: date) -> Home:
    week = queries.totals(journal, as_of, since=week_start(as_of))
    first = as_of - timedelta(days=SPARKLINE_DAYS - 1)
    return Home(
        as_of=as_of,
        totals=queries.totals(journal, as_of),
        week_deposits=week.deposits,
        week_withdrawals=week.withdrawals,
        sparkline=queries.daily_balances(journal, first, as_of),
        streak=streak(queries.active_days(journal, as_of), as_of),
        due=[promise.to_json() for promise in due_promises(journal, as_of)],
    )


def home_json(home: Home) -> dict[str, Any]:
    t = home.totals
    return {
        "as_of": home.as_of.isoformat(),
        "balance": t.balance,
        "deposits": t.deposits,
        "withdrawals": t.withdrawals,
        "entries": t.entries,
        "turn_toward_rate": rate(t.toward, t.toward + t.away + t.against),
        "ratio": ratio(t.positives, t.negatives),
        "kept_rate": rate(t.kept, t.kept + t.broken),
        "streak": home.streak,
        "due": home.due,
        "week": {"deposits": home.week_deposits, "withdrawals": home.week_withdrawals},
        "sparkline": home.sparkline,
    }

"""The home screen (`trustlog` / `trustlog balance`): data first, then the picture.

The JSON and the Rich view are made from the same `Home` value.  Rates are
kept unrounded in JSON (rounding is for the screen) and come with their 95%
Wilson interval; the user's own turning toward is a rate, the partner's
responses are counts: nothing on the home screen scores the partner.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from trustlog.core.ledger import week_start
from trustlog.core.models import Home, Totals
from trustlog.core.statistics import days_kept, rate, ratio, wilson_interval
from trustlog.features.home import queries
from trustlog.features.promises.promises import due_promises
from trustlog.journal import Journal

SPARKLINE_DAYS = 30
#: Days kept are counted over this window instead of a streak that breaks.
KEPT_WINDOW = 28


def build_home(journal: Journal, as_of: date) -> Home:
    week = queries.totals(journal, as_of, since=week_start(as_of))
    first = as_of - timedelta(days=SPARKLINE_DAYS - 1)
    window = queries.active_days_between(journal, as_of - timedelta(days=KEPT_WINDOW - 1), as_of)
    return Home(
        as_of=as_of,
        totals=queries.totals(journal, as_of),
        week_deposits=week.deposits,
        week_withdrawals=week.withdrawals,
        sparkline=queries.daily_balances(journal, first, as_of),
        streak=queries.streak(journal, as_of),
        due=[promise.to_json() for promise in due_promises(journal, as_of)],
        people=queries.totals_by_person(journal, as_of),
        days_kept_28=days_kept(window, as_of, KEPT_WINDOW),
    )


def bids(t: Totals) -> int:
    return t.toward + t.away + t.against


def _interval(successes: int, trials: int) -> list[float] | None:
    found = wilson_interval(successes, trials)
    return None if found is None else list(found)


def home_json(home: Home) -> dict[str, Any]:
    t = home.totals
    mine = home.people.get("me", Totals())
    partner = home.people.get("partner", Totals())
    return {
        "as_of": home.as_of.isoformat(),
        "balance": t.balance,
        "deposits": t.deposits,
        "withdrawals": t.withdrawals,
        "entries": t.entries,
        "turn_toward_rate": rate(t.toward, bids(t)),
        "turn_toward_interval": _interval(t.toward, bids(t)),
        "my_turn_toward_rate": rate(mine.toward, bids(mine)),
        "my_turn_toward_interval": _interval(mine.toward, bids(mine)),
        "my_bids": bids(mine),
        "partner_bids": {
            "toward": partner.toward,
            "away": partner.away,
            "against": partner.against,
        },
        "ratio": ratio(t.positives, t.negatives),
        "kept_rate": rate(t.kept, t.kept + t.broken),
        "my_kept_rate": rate(mine.kept, mine.kept + mine.broken),
        "my_kept_interval": _interval(mine.kept, mine.kept + mine.broken),
        "partner_promises": {"kept": partner.kept, "broken": partner.broken},
        "streak": home.streak,
        "days_kept_28": home.days_kept_28,
        "due": home.due,
        "week": {"deposits": home.week_deposits, "withdrawals": home.week_withdrawals},
        "sparkline": home.sparkline,
    }

"""Two partners' journals side by side, for a couple to look at together.

Each partner logs the same days from their own side: in my journal `by='me'`
is what I did, in my partner's journal `by='me'` is what *they* did.  So
"how often I turned toward" has two readings: as I logged it (my journal,
`me`) and as my partner logged me (their journal, `partner`).  Both files
are only read.  Where the two differ is a conversation starter, not a verdict.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from trustlog.app.errors import TrustlogError
from trustlog.core.ledger import rate
from trustlog.core.research import COMPARE_CAVEAT
from trustlog.features.exchange import queries as sql
from trustlog.features.exchange.queries.compare import bids_by_person, promises_by_maker
from trustlog.journal import Journal, open_other

#: How many days "seen most differently" to bring to the conversation.
TALKING_POINTS = 5
INVERSE = {"me": "partner", "partner": "me"}


def nothing_to_compare(journal_path: Path) -> str:
    return f"There is no journal at {journal_path} yet; record a few days, then compare."


def compare(
    journal: Journal, partner_path: Path, since: date | None, until: date | None
) -> dict[str, Any]:
    """The plain data the view and `--json` are both made from."""
    theirs = _their_side(journal, partner_path)
    try:
        mine_owner, their_owner = journal.owner(), sql.owner(theirs)
        if mine_owner.get("owner_uuid") == their_owner.get("owner_uuid"):
            raise TrustlogError(
                f"{partner_path} is a copy of your own journal, not your partner's; "
                f"to bring the two copies together, run `trustlog merge {partner_path}`."
            )
        sides = {"mine": journal.conn, "partner": theirs}
        return _build(sides, mine_owner, their_owner, since, until)
    finally:
        theirs.close()


def _their_side(journal: Journal, partner_path: Path) -> Any:
    """The partner's journal file, read-only, or a share packet they made (as a journal)."""
    from trustlog.features.share.share import is_packet, open_packet

    if is_packet(partner_path):
        return open_packet(journal, partner_path).conn
    return open_other(partner_path, journal.clock)


def _build(
    sides: dict[str, Any],
    mine_owner: dict[str, str],
    their_owner: dict[str, str],
    since: date | None,
    until: date | None,
) -> dict[str, Any]:
    bids = {side: bids_by_person(conn, since, until) for side, conn in sides.items()}
    kept = {side: promises_by_maker(conn, since, until) for side, conn in sides.items()}
    days = {side: sql.daily_nets(conn, since, until) for side, conn in sides.items()}
    people = {person: _person(person, bids, kept) for person in ("me", "partner")}
    owners = {"mine": mine_owner, "partner": their_owner}
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "journals": {
            side: _journal(sides[side], owner, days[side], since, until)
            for side, owner in owners.items()
        },
        "people": people,
        "differences": _differences(days["mine"], days["partner"]),
        "caveat": COMPARE_CAVEAT,
    }


def _person(person: str, bids: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    """One person's rates, read from both journals.

    In my journal this person is `person`; in my partner's, the other word.
    """
    views = {
        "in_my_journal": ("mine", person),
        "in_partner_journal": ("partner", INVERSE[person]),
    }
    return {
        "turn_toward_rate": {
            view: _toward_rate(bids[side][by]) for view, (side, by) in views.items()
        },
        "bids": {view: _bid_count(bids[side][by]) for view, (side, by) in views.items()},
        "kept_rate": {
            view: rate(kept[side][by]["kept"], _resolved(kept[side][by]))
            for view, (side, by) in views.items()
        },
        "promises_resolved": {
            view: _resolved(kept[side][by]) for view, (side, by) in views.items()
        },
    }


def _journal(
    conn: Any,
    owner: dict[str, str],
    days: dict[str, tuple[int, int]],
    since: date | None,
    until: date | None,
) -> dict[str, Any]:
    """One journal's name, balance and entry count over the period."""
    return {
        "name": owner.get("owner_name", ""),
        "balance": sql.balance(conn, since, until),
        "entries": sum(count for _, count in days.values()),
    }


def _resolved(counts: dict[str, int]) -> int:
    return counts["kept"] + counts["broken"]


def _toward_rate(counts: dict[str, int]) -> float | None:
    return rate(counts["toward"], _bid_count(counts))


def _bid_count(counts: dict[str, int]) -> int:
    return counts["toward"] + counts["away"] + counts["against"]


def _differences(
    mine: dict[str, tuple[int, int]], theirs: dict[str, tuple[int, int]]
) -> list[dict[str, Any]]:
    """The days the two journals tell most differently: biggest gap, then latest, first."""
    rows = []
    for day in mine.keys() | theirs.keys():
        my_net, my_count = mine.get(day, (0, 0))
        their_net, their_count = theirs.get(day, (0, 0))
        gap = abs(my_net - their_net)
        if gap:
            rows.append(
                {
                    "day": day,
                    "mine": my_net,
                    "partner": their_net,
                    "gap": gap,
                    "entries": {"mine": my_count, "partner": their_count},
                }
            )
    rows.sort(key=lambda row: (row["gap"], row["day"]), reverse=True)
    return rows[:TALKING_POINTS]

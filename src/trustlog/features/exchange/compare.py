"""Two partners' journals side by side, for a couple to look at together.

Each partner logs the same days from their own side: in my journal `by='me'`
is what I did, in my partner's journal `by='me'` is what *they* did.  So
"how often I turned toward" has two readings: as I logged it (my journal,
`me`) and as my partner logged me (their journal, `partner`).  Both files
are only read.

Two perspectives, never two scores (spec, Data → compare): the result holds
counts of moments, by whom, and the days seen most differently; no rate,
ratio, percentage or balance of either person or journal, and no research
figure.  Scorekeeping between partners came before falling satisfaction in
a 13-year study (Park et al.), and a divorce figure handed to the injured
partner is the opposite of care.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from trustlog.app.errors import TrustlogError
from trustlog.features.exchange import queries
from trustlog.features.exchange.queries.compare import (
    entries_in_period,
    moments_by_day,
    moments_by_person,
)
from trustlog.journal import Journal
from trustlog.journal.other import open_other

#: How many days "seen most differently" to bring to the conversation.
TALKING_POINTS = 5
INVERSE = {"me": "partner", "partner": "me"}
#: Said under the days seen most differently: a question, not a verdict.
QUESTION = "What stood out about that day, for each of you?"
CAVEAT = (
    "Both journals are self-reported, each from one side: they count moments, "
    "they do not score either of you."
)


def nothing_to_compare(journal_path: Path) -> str:
    return f"There is no journal at {journal_path} yet; record a few days, then compare."


def compare(
    journal: Journal, partner_path: Path, since: date | None, until: date | None
) -> dict[str, Any]:
    """The plain data the view and `--json` are both made from."""
    theirs = _their_side(journal, partner_path)
    try:
        mine_owner, their_owner = journal.owner(), queries.owner(theirs)
        if mine_owner.get("owner_uuid") == their_owner.get("owner_uuid"):
            raise TrustlogError(
                f"{partner_path} is a copy of your own journal, not your partner's; "
                f"to bring the two copies together, run `trustlog merge {partner_path}`."
            )
        sides = {"mine": journal.conn, "partner": theirs}
        return _build(sides, {"mine": mine_owner, "partner": their_owner}, since, until)
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
    owners: dict[str, dict[str, str]],
    since: date | None,
    until: date | None,
) -> dict[str, Any]:
    moments = {side: moments_by_person(conn, since, until) for side, conn in sides.items()}
    days = {side: moments_by_day(conn, since, until) for side, conn in sides.items()}
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "journals": {
            side: {
                "name": owner.get("owner_name", ""),
                "entries": entries_in_period(sides[side], since, until),
            }
            for side, owner in owners.items()
        },
        "people": {person: _person(person, moments) for person in ("me", "partner")},
        "differences": _differences(days["mine"], days["partner"]),
        "question": QUESTION,
        "caveat": CAVEAT,
    }


def _person(person: str, moments: dict[str, Any]) -> dict[str, Any]:
    """One person's moments, counted in each journal.

    In my journal this person is `person`; in my partner's, the other word.
    """
    return {
        "in_my_journal": moments["mine"][person],
        "in_partner_journal": moments["partner"][INVERSE[person]],
    }


def _differences(
    mine: dict[str, tuple[int, dict[str, int]]], theirs: dict[str, tuple[int, dict[str, int]]]
) -> list[dict[str, Any]]:
    """The days the two journals tell most differently, widest first, then latest.

    How differently is the gap between the two days' weighed moments; only
    the moments themselves are handed on.
    """
    ranked = []
    for day in mine.keys() | theirs.keys():
        my_net, my_moments = mine.get(day, (0, {}))
        their_net, their_moments = theirs.get(day, (0, {}))
        if my_net != their_net or my_moments != their_moments:
            row = {"day": day, "moments": {"mine": my_moments, "partner": their_moments}}
            ranked.append((abs(my_net - their_net), day, row))
    ranked.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [row for _, _, row in ranked[:TALKING_POINTS]]

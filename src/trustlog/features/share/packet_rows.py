"""A partner's packet checked before `compare` reads it, with the rules `import` uses.

A packet comes from someone else, by hand: damaged in transit or edited, it
could name a day that is no day, an amount of "x" or a kind trustlog does not
know, and `compare` would show a day called "garbage" or fail with a
traceback.  Every row is checked as an import checks it; a bad one makes the
whole packet "damaged", in one line that names the row and field, never a note.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.features.exchange import checks

#: In the order their links need: promises and injuries, then the entries.
_PARTS = ("promises", "injuries", "entries")


def check_packet(packet: dict[str, Any], path: object, today: date) -> None:
    """Raise one plain line when the packet's shape or any row is not what `share` writes."""
    owner = packet.get("owner")
    if not isinstance(owner, dict) or not isinstance(owner.get("name", ""), str):
        raise _damaged(path, "its owner")
    if any(not isinstance(packet.get(part, []), list) for part in _PARTS):
        raise _damaged(path, "its lists")
    ids = checks.RowIds("")
    try:
        for part in _PARTS:
            for n, raw in enumerate(packet.get(part, []), 1):
                checks.ROW_CHECKS[part](raw, n, ids, today)
    except BadInput as error:
        raise _damaged(path, checks.problem_of(error)) from None


def _damaged(path: object, what: str) -> TrustlogError:
    return TrustlogError(f"{path} is not a trustlog share packet (it is damaged: {what}).")

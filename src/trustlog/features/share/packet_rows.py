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
from trustlog.core.models import DEFAULT_WEIGHTS
from trustlog.features.exchange import checks

_PREFIX = "Nothing was imported: "
_PARTS = ("entries", "promises", "injuries")


def check_packet(packet: dict[str, Any], path: object, today: date) -> None:
    """Raise one plain line when the packet's shape or any row is not what `share` writes."""
    owner = packet.get("owner")
    if not isinstance(owner, dict) or not isinstance(owner.get("name", ""), str):
        raise _damaged(path, "its owner")
    if any(not isinstance(packet.get(part, []), list) for part in _PARTS):
        raise _damaged(path, "its lists")
    ids = checks.RowIds("")
    try:
        for n, raw in enumerate(packet.get("promises", []), 1):
            checks.check_promise(raw, n, ids)
        for n, raw in enumerate(packet.get("injuries", []), 1):
            checks.check_injury(raw, n, ids, today)
        for n, raw in enumerate(packet.get("entries", []), 1):
            checks.check_entry(raw, n, DEFAULT_WEIGHTS, "entry", today, ids)
    except BadInput as error:
        raise _damaged(path, str(error).removeprefix(_PREFIX).rstrip(".")) from None


def _damaged(path: object, what: str) -> TrustlogError:
    return TrustlogError(f"{path} is not a trustlog share packet (it is damaged: {what}).")

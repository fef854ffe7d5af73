"""Corrections beyond the note: who did it (`--me/--partner`) and what kind of bid it was.

A withdrawal entry of an injury carries the injury's `by` too, so the repair
view keeps saying who caused it once the entry is corrected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trustlog.app.errors import BadInput
from trustlog.core.ledger import MAX_AMOUNT
from trustlog.core.models import Entry

BIDS = ("toward", "away", "against")


def plan_correction(
    current: Entry,
    by: str | None,
    kind: str | None,
    amount: int | None,
    weights: Mapping[str, int],
) -> dict[str, Any]:
    """The `by`/`kind`/`amount` columns `edit --me|--partner|--kind` changes."""
    changes: dict[str, Any] = {}
    if by is not None and by != current.by:
        changes["by"] = by
    if kind is not None:
        changes |= _new_kind(current, kind, amount, weights)
    return changes


def _new_kind(
    current: Entry, kind: str, amount: int | None, weights: Mapping[str, int]
) -> dict[str, Any]:
    if kind not in BIDS:
        raise BadInput(f"--kind: {kind!r} is not a bid; use toward, away or against.")
    if current.kind not in BIDS:
        raise BadInput(
            f"Entry {current.id} is a {current.kind} entry; only a bid's kind "
            "(toward, away, against) can be changed."
        )
    changes: dict[str, Any] = {"kind": kind}
    if amount is None:
        changes["amount"] = weights[kind]
    elif 0 < amount <= MAX_AMOUNT:
        changes["amount"] = amount if weights[kind] > 0 else -amount
    else:
        raise BadInput(f"--amount is the size, a whole number from 1 to {MAX_AMOUNT:,}.")
    return changes


def who(me: bool, partner: bool) -> str | None:
    if me and partner:
        raise BadInput("Choose --me or --partner, not both.")
    return "me" if me else "partner" if partner else None

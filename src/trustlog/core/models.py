"""The journal's nouns: plain frozen values, free of storage and display.

They are NamedTuples rather than frozen dataclasses on purpose: this module is
on every capture's start-up path, and `import dataclasses` (which pulls in
`inspect`) costs about a quarter of a capture's whole run.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple


class Kind(StrEnum):
    TOWARD = "toward"
    AWAY = "away"
    AGAINST = "against"
    KEPT = "kept"
    BROKEN = "broken"
    DEPOSIT = "deposit"
    WITHDRAW = "withdraw"
    INJURY = "injury"
    REPAIR = "repair"
    #: The day's check-in note: words, no amount.
    NOTE = "note"
    #: A promise's occurrence let go: neither kept nor broken, no amount.
    EXCUSED = "excused"


#: Capture commands that take an AMOUNT instead of a weight.
AMOUNT_KINDS = (Kind.DEPOSIT, Kind.WITHDRAW)
#: Kinds that always weigh nothing: milestones and words, not money.
ZERO_KINDS = (Kind.REPAIR, Kind.NOTE, Kind.EXCUSED)


#: The four steps of repair, in order (see `trustlog repair --help`), and the
#: step that closes a repair; each is stored on a `repair` entry.
REPAIR_STEPS = ("reveal", "acknowledge", "amends", "long-game")
CLOSED_STEP = "closed"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    SEVERE = "severe"


class By(StrEnum):
    ME = "me"
    PARTNER = "partner"


#: One withdrawal weighs five deposits (Gottman's 5:1), so a positive balance
#: means positives outnumbered negatives by more than the magic ratio.
DEFAULT_WEIGHTS: dict[str, int] = {
    "toward": 1,
    "away": -5,
    "against": -10,
    "kept": 1,
    "broken": -5,
    "minor": -25,
    "major": -100,
    "severe": -250,
}


class Entry(NamedTuple):
    """One recorded moment; it keeps its own amount so history never shifts."""

    id: int
    uuid: str
    kind: str
    amount: int
    by: str
    on: date
    note: str
    tags: tuple[str, ...]
    promise_id: int | None
    injury_id: int | None
    recorded_at: str
    deleted_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "kind": self.kind,
            "amount": self.amount,
            "by": self.by,
            "on": self.on.isoformat(),
            "note": self.note,
            "tags": list(self.tags),
            "promise_id": self.promise_id,
            "injury_id": self.injury_id,
            "recorded_at": self.recorded_at,
        }


class NewEntry(NamedTuple):
    """An entry not yet stored: what a capture, check-in or import wants saved."""

    kind: str
    amount: int
    on: date
    by: str = By.ME.value
    note: str = ""
    tags: tuple[str, ...] = ()
    promise_id: int | None = None
    injury_id: int | None = None
    occurrence: date | None = None
    step: str | None = None
    uuid: str | None = None
    recorded_at: str | None = None
    deleted_at: str | None = None


class Totals(NamedTuple):
    """All-time aggregates as of a day, computed in SQL."""

    balance: int = 0
    deposits: int = 0
    withdrawals: int = 0
    entries: int = 0
    positives: int = 0
    negatives: int = 0
    toward: int = 0
    away: int = 0
    against: int = 0
    kept: int = 0
    broken: int = 0


class Home(NamedTuple):
    """Everything the home screen shows, as plain data (the JSON is built from it)."""

    as_of: date
    totals: Totals
    week_deposits: int
    week_withdrawals: int
    sparkline: list[int]
    streak: int
    due: list[dict[str, Any]]
    #: Per person (`me`, `partner`): the bids and promise outcomes logged for them.
    people: dict[str, Totals]
    #: How many of the 28 days ending on `as_of` have an entry or a check-in.
    days_kept_28: int

"""A quick check for rows already in the shape `trustlog export` writes.

`checks.check_entry` reads each field through `ImportRow`, ready to name the
row and field that is wrong: about 10 µs a row, a third of a 1,100,000-row
import.  Most rows are an export's, plain and right, so `QuickCheck.entry`
takes them with a few type checks, set lookups and one dictionary of the day
strings already seen (a hundred years hold only 36,500 days).  It never
raises: on anything it is not sure of (a missing amount, an id link, a number
written as 1.0, a wrong field) it answers None and the full check reads the
row, so what is accepted, what comes out and every error message stay the same
(a test holds the two side by side).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from trustlog.core.dates import EARLIEST
from trustlog.core.ledger import MAX_AMOUNT, amount_for
from trustlog.core.models import ZERO_KINDS, Kind
from trustlog.features.exchange.checks import BY, KINDS, NEGATIVE, STEP_NAMES

_KINDS, _BY, _STEPS = frozenset(KINDS), frozenset(BY), frozenset(STEP_NAMES)
_ZERO, _NEGATIVE = frozenset(ZERO_KINDS), frozenset(NEGATIVE)
_NEED_AMOUNT = frozenset((Kind.DEPOSIT, Kind.WITHDRAW, Kind.INJURY))


class Unsure(Exception):
    """This row is for the full check."""


class QuickCheck:
    """Checks plain rows fast; `entry` gives the same dict `check_entry` would, or None."""

    def __init__(self, weights: Mapping[str, int], today: date, now: str) -> None:
        self.weights, self.now = weights, now
        self.latest = today + timedelta(days=1)  # one day of grace, as `ImportRow.day`
        self.days: dict[Any, str] = {}
        self.occurrences: dict[Any, str] = {}

    def entry(self, raw: Any) -> dict[str, Any] | None:
        if type(raw) is not dict:
            return None
        try:
            return self._entry(raw)
        except Unsure:
            return None

    def _entry(self, raw: dict[str, Any]) -> dict[str, Any]:
        get = raw.get
        kind = _choice(get("kind"), _KINDS)
        if get("promise_id") is not None or get("injury_id") is not None:
            raise Unsure
        return {
            "uuid": _uuid(get("uuid")),
            "kind": kind,
            "amount": self._amount(kind, get("amount")),
            "by": "me" if get("by") is None else _choice(get("by"), _BY),
            "on": self._day(get("on"), self.days, self.latest),
            "note": _text(get("note")),
            "tags": _tags(get("tags")),
            "promise_uuid": _link(get("promise_uuid")),
            "injury_uuid": _link(get("injury_uuid")),
            "promise_id": None,
            "injury_id": None,
            "occurrence": self._occurrence(get("occurrence")),
            "recorded_at": _moment(get("recorded_at")) or self.now,
            "deleted_at": _moment(get("deleted_at")),
            "changed_at": _moment(get("changed_at")),
            "step": _choice(get("step"), _STEPS) if get("step") else None,
        }

    def _amount(self, kind: str, value: Any) -> int:
        if value is None:
            if kind in _ZERO:
                return 0
            if kind in _NEED_AMOUNT:
                raise Unsure
            return amount_for(kind, self.weights)
        return _signed(kind, value)

    def _occurrence(self, value: Any) -> str | None:
        return None if value is None else self._day(value, self.occurrences, None)

    @staticmethod
    def _day(value: Any, seen: dict[Any, str], latest: date | None) -> str:
        """A date, checked once per distinct text (a hundred years: 36,500 of them)."""
        if type(value) is not str:
            raise Unsure
        known = seen.get(value)
        if known is not None:
            return known
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise Unsure from None
        if day < EARLIEST or (latest is not None and day > latest):
            raise Unsure
        seen[value] = day.isoformat()
        return seen[value]


def _choice(value: Any, choices: frozenset[str]) -> str:
    if not isinstance(value, str):
        raise Unsure
    text: str = value if value in choices else value.strip()
    if text not in choices:
        raise Unsure
    return text


def _uuid(value: Any) -> str:
    if not isinstance(value, str):
        raise Unsure  # a row without one gets it made by the full check
    text: str = value.strip()
    if not text:
        raise Unsure
    return text


def _signed(kind: str, value: Any) -> int:
    """As `checks._signed_amount`: the kind decides the sign; a CSV cell is text."""
    if type(value) is str and value.isascii() and value.removeprefix("-").isdigit():
        value = int(value)
    if type(value) is not int or abs(value) > MAX_AMOUNT:
        raise Unsure
    if kind in _ZERO:
        if value:
            raise Unsure
        return 0
    if kind in _NEGATIVE:
        return -abs(value)
    if value < 0:
        raise Unsure
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is not str:
        raise Unsure
    return value


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if type(value) is str:
        return value.split()
    if type(value) is not list:
        raise Unsure
    try:
        tags = [tag.strip() for tag in value]
    except AttributeError:
        raise Unsure from None
    if not all(tags) or not all(type(tag) is str for tag in value):
        raise Unsure
    return tags


def _link(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is not str:
        raise Unsure
    return value.strip() or None


def _moment(value: Any) -> str | None:
    """As `ImportRow.moment`: a timestamp with a time zone is stored in UTC."""
    if value is None:
        return None
    if type(value) is not str:
        raise Unsure
    text = value.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Unsure from None
    if moment.tzinfo is None or (len(text) == 32 and text.endswith("+00:00")):
        return text
    return moment.astimezone(UTC).isoformat(timespec="microseconds")

"""Checking one imported row: its fields, its amount's sign, its rule, its uuid.

Every check names the row and the field and never the row's text (a note is
private).  A row without a `uuid` gets one made from its own content and its
place among identical rows in the file, so importing the same hand-made file
twice adds nothing the second time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from trustlog.app.errors import BadInput
from trustlog.core.dates import EARLIEST
from trustlog.core.ledger import MAX_AMOUNT, amount_for
from trustlog.core.models import (
    CLOSED_STEP,
    DEFAULT_WEIGHTS,
    REPAIR_STEPS,
    ZERO_KINDS,
    By,
    Kind,
    Severity,
)

#: How every refusal of a row begins, in import's words (sync and a share packet
#: say the problem their own way: `problem_of`).
NOTHING_IMPORTED = "Nothing was imported: "

#: A repair entry names one of the four steps, or the closing of the repair.
STEP_NAMES = (*REPAIR_STEPS, CLOSED_STEP)
KINDS = {kind.value for kind in Kind}
BY = {by.value for by in By}
SEVERITIES = {severity.value for severity in Severity}
#: The sign each kind's amount always has (repair steps are milestones, worth 0).
NEGATIVE = {
    Kind.AWAY.value,
    Kind.AGAINST.value,
    Kind.BROKEN.value,
    Kind.WITHDRAW.value,
    Kind.INJURY.value,
}
#: Where the uuids of rows that have none come from (a uuid5 namespace).
_NAMESPACE = "6f1c3f1e-5b0a-4e8e-9a51-7d0c2f7e4a10"


class RowIds:
    """Stable uuids for rows without one: the same file always gives the same ones.

    Made from the row's content and how many identical rows came before it in
    the file, so two identical hand-made rows stay two entries.  Each reading
    pass of the file uses its own `RowIds`.
    """

    def __init__(self, now: str) -> None:
        self.seen: Counter[int] = Counter()
        #: The moment of this import: `recorded_at` for rows that lack one.
        self.now = now

    def make(self, *parts: Any) -> str:
        import uuid

        text = "|".join("" if part is None else str(part) for part in parts)
        key = hash(text)
        nth = self.seen[key]
        self.seen[key] += 1
        return str(uuid.uuid5(uuid.UUID(_NAMESPACE), f"{text}|{nth}"))


_STEP_CHOICES = set(STEP_NAMES)


class ImportRow:
    """Reads one row's fields, naming the row and field when one is wrong."""

    def __init__(self, row: Any, n: int, label: str) -> None:
        # The row's name is only spelled out when something is wrong: an import
        # checks every row twice, and 220,000 f-strings are not free.
        self.row, self.n, self.label = row, n, label
        if not isinstance(row, dict):
            raise BadInput(f"{NOTHING_IMPORTED}{self.where} is not an object with fields.")

    @property
    def where(self) -> str:
        return where(self.row, self.n, self.label)

    def bad(self, name: str, problem: str) -> BadInput:
        return BadInput(f"{NOTHING_IMPORTED}{self.where}, field {name!r}: {problem}.")

    def text(self, name: str, default: str | None = None, choices: set[str] | None = None) -> Any:
        value = self.row.get(name)
        if value is None:
            if default is None and choices is not None:
                raise self.bad(name, "is missing")
            return default
        if not isinstance(value, str):
            raise self.bad(name, "should be text")
        value = value.strip() if choices is not None else value
        if choices is not None and value not in choices:
            raise self.bad(name, f"should be one of {', '.join(sorted(choices))}")
        return value

    def day(self, name: str, required: bool = False, latest: date | None = None) -> str | None:
        value = self.row.get(name)
        if value is None:
            if required:
                raise self.bad(name, "is missing (a date like 2026-11-20)")
            return None
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise self.bad(name, "is not a date like 2026-11-20") from None
        if day < EARLIEST:
            raise self.bad(name, f"is before {EARLIEST.isoformat()}")
        # One day of grace: a traveller's export from across the date line.
        if latest is not None and day > latest + timedelta(days=1):
            raise self.bad(name, f"is after tomorrow ({latest.isoformat()} is today here)")
        return day.isoformat()

    def moment(self, name: str, default: str | None = None) -> str | None:
        """A timestamp; one with a time zone is stored in UTC, as trustlog writes them."""
        value = self.row.get(name)
        text = value.strip() if isinstance(value, str) else value
        if text is None or text == "":
            return default
        try:
            moment = datetime.fromisoformat(str(text))
        except ValueError:
            raise self.bad(name, "is not a timestamp like 2026-11-20T21:30:00+00:00") from None
        text = str(text)
        if moment.tzinfo is None or (len(text) == 32 and text.endswith("+00:00")):
            return text  # naive, or already as trustlog writes it
        return moment.astimezone(UTC).isoformat(timespec="microseconds")

    def uuid(self, ids: RowIds, *content: Any) -> str:
        value = self.row.get("uuid")
        if value is None or (isinstance(value, str) and not value.strip()):
            return ids.make(*content)
        if not isinstance(value, str):
            raise self.bad("uuid", "should be text")
        return value.strip()

    def link(self, name: str) -> Any:
        value = self.row.get(name)
        if value is None:
            return None
        if name.endswith("_id"):
            try:
                if isinstance(value, bool):
                    raise ValueError
                return int(value)
            except (TypeError, ValueError):
                raise self.bad(name, "should be a whole number") from None
        if not isinstance(value, str):
            raise self.bad(name, "should be text")
        return value.strip() or None


def where(row: Any, n: int, label: str) -> str:
    if label == "line" and isinstance(row, dict):
        return f"row {n} (line {row.get('_line')})"
    return f"{label} {n}"


def check_entry(
    raw: Any, n: int, weights: Mapping[str, int], label: str, today: date, ids: RowIds
) -> dict[str, Any]:
    row = ImportRow(raw, n, label)
    kind = row.text("kind", choices=KINDS)
    note = row.text("note", "")
    tags = raw.get("tags")
    if tags is None:
        tags = []
    elif isinstance(tags, str):
        tags = tags.split()
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag.strip() for tag in tags):
        raise row.bad("tags", "should be a list of words")
    tags = [tag.strip() for tag in tags]
    by = row.text("by", "me", choices=BY)
    on = row.day("on", required=True, latest=today)
    amount = _amount(row, kind, weights)
    return {
        "uuid": row.uuid(ids, kind, on, by, raw.get("amount"), note, " ".join(tags)),
        "kind": kind,
        "amount": amount,
        "by": by,
        "on": on,
        "note": note,
        "tags": tags,
        "promise_uuid": row.link("promise_uuid"),
        "injury_uuid": row.link("injury_uuid"),
        "promise_id": row.link("promise_id"),
        "injury_id": row.link("injury_id"),
        "occurrence": row.day("occurrence"),
        "recorded_at": row.moment("recorded_at", default=ids.now),
        "deleted_at": row.moment("deleted_at"),
        "changed_at": row.moment("changed_at"),
        "step": row.text("step", None, choices=_STEP_CHOICES) if raw.get("step") else None,
    }


def _amount(row: ImportRow, kind: str, weights: Mapping[str, int]) -> int:
    """The signed amount: a size without a sign takes the kind's sign."""
    value = row.row.get("amount")
    if value is None:
        return _default_amount(row, kind, weights)
    return _signed_amount(row, kind, _whole_amount(row, value))


def _default_amount(row: ImportRow, kind: str, weights: Mapping[str, int]) -> int:
    """No amount given: a repair step, note or excused day is 0; a bid or promise its weight."""
    if kind in ZERO_KINDS:
        return 0
    if kind in (Kind.DEPOSIT, Kind.WITHDRAW, Kind.INJURY):
        raise row.bad("amount", f"is needed for a {kind}")
    return amount_for(kind, weights)


def _whole_amount(row: ImportRow, value: Any) -> int:
    """The given amount as a whole number within bounds (true/false and 1.5 are not)."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise row.bad("amount", "should be a whole number")
    try:
        amount = int(value)
    except (TypeError, ValueError, OverflowError):
        raise row.bad("amount", "should be a whole number") from None
    if abs(amount) > MAX_AMOUNT:
        raise row.bad("amount", f"should be at most {MAX_AMOUNT:,} either way")
    return amount


def _signed_amount(row: ImportRow, kind: str, amount: int) -> int:
    """The kind decides the sign: a withdrawal is negative however it was written."""
    if kind in ZERO_KINDS:
        if amount != 0:
            raise row.bad("amount", f"should be 0 for {kind} (a milestone or words, not money)")
        return 0
    if kind in NEGATIVE:
        return -abs(amount)
    if amount < 0:
        raise row.bad("amount", f"should not be below 0 for {kind}")
    return amount


def check_promise(raw: Any, n: int, ids: RowIds) -> dict[str, Any]:
    row = ImportRow(raw, n, "promise")
    text = row.text("text", "")
    by = row.text("by", "me", choices=BY)
    made_on = row.day("made_on", required=True)
    due = row.day("due")
    rule = _rule(row, made_on)
    if due is not None and rule is not None:
        raise row.bad("rule", "and 'due' are both set; a promise is once (due) or repeats (rule)")
    return {
        "uuid": row.uuid(ids, "promise", text, by, made_on, due, rule),
        "text": text,
        "by": by,
        "made_on": made_on,
        "due": due,
        "rule": rule,
        "injury_uuid": row.link("injury_uuid"),
        "dropped_on": row.day("dropped_on"),
        "recorded_at": row.moment("recorded_at", default=ids.now),
    }


def _rule(row: ImportRow, made_on: str | None) -> str | None:
    """The rule in the normal form `promise --every` stores, or a bad-field error."""
    text = row.text("rule")
    if text is None or not text.strip():
        return None
    from trustlog.core import recurrence as rules

    try:
        rule = rules.parse_rule(text, option="rule")
    except BadInput:
        raise row.bad("rule", f"is not a rule trustlog understands ({rules.HINT})") from None
    if made_on is not None and not rules.has_occurrence(rule, date.fromisoformat(made_on)):
        raise row.bad("rule", "never falls on a day from 'made_on' on")
    return rule


def check_injury(raw: Any, n: int, ids: RowIds, today: date) -> dict[str, Any]:
    row = ImportRow(raw, n, "injury")
    text = row.text("text", "")
    severity = row.text("severity", choices=SEVERITIES)
    by = row.text("by", "me", choices=BY)
    on = row.day("on", required=True, latest=today)
    return {
        "uuid": row.uuid(ids, "injury", text, severity, by, on),
        "text": text,
        "severity": severity,
        "by": by,
        "on": on,
        "recorded_at": row.moment("recorded_at", default=ids.now),
    }


def check_checkin(raw: Any, n: int, ids: RowIds, today: date) -> dict[str, Any]:
    row = ImportRow(raw, n, "check-in")
    on = row.day("on", required=True, latest=today)
    note = row.text("note", "")
    return {
        "uuid": row.uuid(ids, "checkin", on, note),
        "on": on,
        "note": note,
        "recorded_at": row.moment("recorded_at", default=ids.now),
    }


def problem_of(error: BadInput) -> str:
    """A row's refusal without import's words around it: `entry 3, field 'on': …`."""
    return str(error).removeprefix(NOTHING_IMPORTED).rstrip(".")


RowCheck = Callable[[Any, int, RowIds, date], dict[str, Any]]

#: Each table's row check as sync and a share packet run it (a row from another
#: copy: the default weights; `latest`, the last day a row may hold).
ROW_CHECKS: dict[str, RowCheck] = {
    "entries": lambda raw, n, ids, latest: check_entry(
        raw, n, DEFAULT_WEIGHTS, "entry", latest, ids
    ),
    "promises": lambda raw, n, ids, _latest: check_promise(raw, n, ids),
    "injuries": lambda raw, n, ids, latest: check_injury(raw, n, ids, latest),
    "checkins": lambda raw, n, ids, latest: check_checkin(raw, n, ids, latest),
}

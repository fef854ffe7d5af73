"""Recurrence rules for promises: what people type for `--every`, as RFC 5545 RRULEs.

Everything calendrical is left to `dateutil.rrule` (month ends, leap years,
"every other Friday"); this module only translates the friendly words into an
RRULE and back.  A rule is stored in one normal form — the RRULE line as
dateutil prints it, e.g. ``FREQ=WEEKLY;BYDAY=FR`` — so `--every friday` and
`--every "FREQ=WEEKLY;BYDAY=FR"` are the same promise.  dateutil is imported
only when a rule is actually parsed or expanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING

from trustlog.app.errors import BadInput
from trustlog.core.dates import WEEKDAYS

if TYPE_CHECKING:
    from dateutil.rrule import rrule

#: RFC 5545 weekday codes, Monday first (as `date.weekday()` counts).
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_FREQS = {
    "day": "DAILY",
    "week": "WEEKLY",
    "month": "MONTHLY",
    "year": "YEARLY",
}
_WORDS = {
    "daily": "FREQ=DAILY",
    "day": "FREQ=DAILY",
    "weekly": "FREQ=WEEKLY",
    "week": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
    "month": "FREQ=MONTHLY",
    "yearly": "FREQ=YEARLY",
    "annually": "FREQ=YEARLY",
    "year": "FREQ=YEARLY",
    "weekday": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "weekend": "FREQ=WEEKLY;BYDAY=SA,SU",
    "weekends": "FREQ=WEEKLY;BYDAY=SA,SU",
}
_NUMBERS = {"other": 2, "second": 2, "two": 2, "three": 3, "four": 4}

HINT = (
    "try daily, weekdays, weekly, monthly, friday, 'mon,thu', '2 weeks' "
    "or an RRULE such as FREQ=WEEKLY;BYDAY=FR"
)


def parse_rule(text: str, option: str = "--every") -> str:
    """The normal RRULE form of what was typed; BadInput naming it if unknown."""
    words = " ".join(text.strip().split())
    if not words:
        raise BadInput(f"{option} needs a rule ({HINT}).")
    lowered = words.lower()
    if lowered.startswith("every "):
        lowered = lowered[len("every ") :].strip()
        words = words[len("every ") :].strip()
    candidate = _friendly(lowered)
    if candidate is None:
        if "=" not in words:
            raise BadInput(f"{option}: {text!r} is not a rule I understand ({HINT}).")
        candidate = words
    try:
        return normalise(candidate)
    except ValueError:
        raise BadInput(f"{option}: {text!r} is not a rule I understand ({HINT}).") from None


def normalise(rule_text: str) -> str:
    """Parse an RRULE with dateutil and print it back, so equal rules look equal."""
    body = rule_text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    _check_parts(body.upper())
    parsed = build(body.upper(), date(2000, 1, 3))
    lines = [line for line in str(parsed).splitlines() if line.startswith("RRULE:")]
    if len(lines) != 1:
        raise ValueError("not a single rule")
    return lines[0][len("RRULE:") :]


#: A journal counts days, so a rule repeats by day, week, month or year, and each
#: BY part stays inside the calendar (dateutil silently accepts BYMONTH=13).
_FREQ_NAMES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RANGES = {
    "INTERVAL": (1, 1000),
    "COUNT": (1, 100_000),
    "BYMONTH": (1, 12),
    "BYMONTHDAY": (-31, 31),
    "BYYEARDAY": (-366, 366),
    "BYWEEKNO": (-53, 53),
    "BYSETPOS": (-366, 366),
}
_OTHER_PARTS = ("FREQ", "BYDAY", "WKST", "UNTIL")


def _check_parts(body: str) -> None:
    parts = body.split(";")
    names = [part.split("=", 1)[0] for part in parts]
    if len(set(names)) != len(names) or any("=" not in part for part in parts):
        raise ValueError("each part once, as NAME=VALUE")
    for part in parts:
        _check_part(*part.split("=", 1))
    if "FREQ" not in names:
        raise ValueError("a rule needs FREQ")


def _check_part(name: str, value: str) -> None:
    """One NAME=VALUE of an RRULE, within what a day-level journal can use."""
    if name == "FREQ" and value not in _FREQ_NAMES:
        raise ValueError("a rule repeats daily, weekly, monthly or yearly")
    if name == "UNTIL" and not re.fullmatch(r"\d{8}(T\d{6}Z?)?", value):
        raise ValueError("UNTIL is a date like 20261231")
    if name in _RANGES:
        _check_numbers(name, value, *_RANGES[name])
    elif name not in _OTHER_PARTS:
        raise ValueError(f"{name} is not used by a day-level journal")


def _check_numbers(name: str, value: str, low: int, high: int) -> None:
    for number in value.split(","):
        if not re.fullmatch(r"[+-]?\d+", number) or not low <= int(number) <= high:
            raise ValueError(f"{name} out of range")
        if int(number) == 0:
            raise ValueError(f"{name} may not be 0")


def has_occurrence(rule: str, start: date, years: int = 8) -> bool:
    """Whether a rule ever happens (within `years`), so an impossible one is refused
    before anything searches it."""
    last = date(min(start.year + years, 9999), start.month, 1)
    return bool(occurrences(rule, start, last))


def _friendly(words: str) -> str | None:
    """`friday`, `mon,thu`, `mon and thu`, `2 weeks`, `other friday`, `weekdays`…"""
    if words in _WORDS:
        return _WORDS[words]
    days = _days(words)
    if days is not None:
        return f"FREQ=WEEKLY;BYDAY={','.join(days)}"
    return _every_n(words)


def _every_n(words: str) -> str | None:
    """`2 weeks`, `other friday`, `3 weeks on mon and thu`."""
    match = re.fullmatch(r"(\d+|other|second|two|three|four) (\w+?)s?(?: on (.+))?", words)
    if match is None:
        return None
    count_word, unit, on_days = match.groups()
    interval = int(count_word) if count_word.isdigit() else _NUMBERS[count_word]
    if interval < 1:
        return None
    freq = _FREQS.get(unit)
    if freq is not None and on_days is None:
        return f"FREQ={freq};INTERVAL={interval}"
    days = _days(on_days if on_days is not None else unit)
    if days is None or (freq is not None and freq != "WEEKLY"):
        return None
    return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(days)}"


def _days(words: str) -> list[str] | None:
    """Weekday names separated by commas, spaces or `and`; None if any is not one."""
    names = [name for name in re.split(r"[,\s]+|\band\b", words) if name]
    codes: list[str] = []
    for name in names:
        plain = name[:-1] if name.endswith("s") and name[:-1] in WEEKDAYS else name
        if plain.upper() in DAY_CODES:  # the RFC 5545 codes: mo, th…
            code = plain.upper()
        elif plain in WEEKDAYS:
            code = DAY_CODES[WEEKDAYS[plain]]
        else:
            return None
        if code not in codes:
            codes.append(code)
    if not codes:
        return None
    return sorted(codes, key=DAY_CODES.index)


def build(rule: str, start: date) -> rrule:
    """The dateutil rule for a stored RRULE, starting on the day the promise was made."""
    from dateutil.rrule import rrule as rrule_type
    from dateutil.rrule import rrulestr

    parsed = rrulestr(
        _month_end_safe(rule, start), dtstart=datetime(start.year, start.month, start.day)
    )
    if not isinstance(parsed, rrule_type):
        raise ValueError("not a single rule")
    return parsed


def _month_end_safe(rule: str, start: date) -> str:
    """A plain monthly rule made on the 29th–31st falls on the month's last day when
    the month is shorter (RFC 5545 alone would skip February, April, …)."""
    parts = rule.upper().split(";")
    if start.day <= 28 or "FREQ=MONTHLY" not in parts:
        return rule
    if any(part.startswith(("BYMONTHDAY=", "BYDAY=", "BYSETPOS=", "BYYEARDAY=")) for part in parts):
        return rule
    return f"{rule};BYMONTHDAY={start.day},-1;BYSETPOS=1"


def occurrences(rule: str, start: date, until: date, since: date | None = None) -> list[date]:
    """Every occurrence from `start` up to and including `until`, oldest first.

    With `since` (one of the rule's own occurrences), only those after it, found
    without walking the years before it (see `_resumed`).
    """
    if until < start:
        return []
    last = datetime(until.year, until.month, until.day)
    found = []
    for moment in _resumed(rule, start, since):
        if moment > last:
            break
        found.append(moment.date())
    return found


def after(rule: str, start: date, day: date, since: date | None = None) -> Iterator[date]:
    """Occurrences strictly after `day`, oldest first (endless for endless rules)."""
    moment = datetime(day.year, day.month, day.day)
    for occurrence in _resumed(rule, start, since):
        if occurrence > moment:
            yield occurrence.date()


def _resumed(rule: str, start: date, since: date | None) -> Iterator[datetime]:
    """The rule's occurrences after `since`, or all of them without it.

    dateutil walks from its start, so a daily promise made 100 years ago costs
    36,500 steps.  Restarting the same rule on one of its own occurrences gives
    the same days from there on: the parts dateutil takes from the start
    (weekday, day of month, month) match, and so does the phase of an
    INTERVAL, since that occurrence lies in a period the rule uses.  A COUNT
    would count again from the new start, so such rules walk from the first day.
    """
    if since is None or "COUNT=" in rule.upper():
        moments: Iterator[datetime] = iter(build(rule, start))
    else:
        from dateutil.rrule import rrulestr

        moments = iter(
            rrulestr(
                _month_end_safe(rule, start), dtstart=datetime(since.year, since.month, since.day)
            )
        )
    if since is None:
        return moments
    floor = datetime(since.year, since.month, since.day)
    return (moment for moment in moments if moment > floor)


def describe(rule: str) -> str:
    """A short human reading of a stored rule: `every Fri`, `weekdays`, `every 2 weeks`."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1"))
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}.get(freq)
    byday = parts.get("BYDAY")
    if unit is None or not _describable(parts, freq, byday):
        return rule
    every = "every" if interval == 1 else ("every other" if interval == 2 else f"every {interval}")
    if byday:
        return _on_days(byday, interval, every)
    if interval == 1:
        return {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}[unit]
    return f"{every} {unit}s" if interval > 2 else f"{every} {unit}"


def _describable(parts: dict[str, str], freq: str, byday: str | None) -> bool:
    """Only plain rules get words; anything richer is shown as its RRULE."""
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "WKST"}:
        return False
    return not byday or (freq == "WEEKLY" and all(code in DAY_CODES for code in byday.split(",")))


def _on_days(byday: str, interval: int, every: str) -> str:
    """`weekdays`, `every Fri`, `every other Mon, Thu`, `every 3 weeks on Sat`."""
    if interval == 1 and byday in _NAMED_DAY_SETS:
        return _NAMED_DAY_SETS[byday]
    names = ", ".join(DAY_NAMES[DAY_CODES.index(code)] for code in byday.split(","))
    return f"{every} {names}" if interval <= 2 else f"{every} weeks on {names}"


_NAMED_DAY_SETS = {"MO,TU,WE,TH,FR": "weekdays", "SA,SU": "weekends"}

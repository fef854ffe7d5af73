"""Turn what people type for a day into a `date`.

Relative words are handled here by hand: `dateutil.parser` raises on
"yesterday" and reads "tue" as *next* Tuesday, while a journal means the most
recent one.  dateutil is imported only for the formats we do not handle
ourselves, and never with ``fuzzy=True`` (it would find dates in notes).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from trustlog.app.errors import BadInput

WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}

_UNITS = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}

#: The earliest day a journal keeps: older dates are typos (0001-01-01, "10000 months ago").
EARLIEST = date(1900, 1, 1)

HINT = "try today, yesterday, '3 days ago', friday, 'last week' or 2026-11-20"


def parse_day(text: str, today: date, *, future_ok: bool = False, option: str = "--on") -> date:
    """Read one day; a date in the future is refused unless `future_ok`."""
    words = " ".join(text.strip().lower().split())
    if not words:
        raise BadInput(f"{option} needs a date ({HINT}).")
    day = _relative(words, today)
    if day is None:
        day = _absolute(text.strip(), words, today, future_ok)
    if day is None:
        raise BadInput(f"{option}: {text!r} is not a date I understand ({HINT}).")
    if day < EARLIEST:
        raise BadInput(
            f"{option} {text!r} is {day.isoformat()}, before {EARLIEST.isoformat()}; "
            "the journal keeps days from 1900 on."
        )
    if day > today and not future_ok:
        raise BadInput(
            f"{option} {text!r} is {day.isoformat()}, in the future; "
            "the journal records what has already happened."
        )
    return day


def parse_range(
    since: str | None, until: str | None, today: date
) -> tuple[date | None, date | None]:
    """`--since` / `--until` for views: the end may be ahead, the start may not pass it.

    A start before 1900 (`0001-01-01`, "10000 months ago") means "from the
    beginning": it starts at 1900-01-01, and views start at the journal's first day.
    """
    first = _since(since, today) if since else None
    last = parse_day(until, today, future_ok=True, option="--until") if until else None
    if last and last < EARLIEST:
        raise BadInput(f"--until {until!r} is before {EARLIEST.isoformat()}; nothing is kept then.")
    if first and last and first > last:
        raise BadInput(
            f"--since {first.isoformat()} is after --until {last.isoformat()}; "
            "swap them or pick another range."
        )
    return first, last


def _since(text: str, today: date) -> date:
    try:
        return parse_day(text, today, option="--since")
    except BadInput:
        words = " ".join(text.strip().lower().split())
        if not words:
            raise
        day = _relative(words, today) or _absolute(text.strip(), words, today, False)
        if day is None and words:
            day = _relative_overflowing(words)
        if day is not None and day < EARLIEST:
            return EARLIEST
        raise


def _relative_overflowing(words: str) -> date | None:
    """ "10000 months ago" falls before the calendar begins: that is "from the beginning"."""
    parts = words.split()
    if len(parts) == 3 and parts[2] == "ago" and parts[0].isdigit() and parts[1] in _UNITS:
        return date.min
    return None


def _monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


def _first_of_month(today: date) -> date:
    return today.replace(day=1)


#: Words that name one day counted from today.
_FIXED_DAYS: dict[str, Callable[[date], date]] = {
    "today": lambda today: today,
    "yesterday": lambda today: today - timedelta(days=1),
    "tomorrow": lambda today: today + timedelta(days=1),
    "this week": _monday,
    "last week": lambda today: _monday(today) - timedelta(weeks=1),
    "this month": _first_of_month,
    "last month": lambda today: (_first_of_month(today) - timedelta(days=1)).replace(day=1),
    "this year": lambda today: date(today.year, 1, 1),
    "last year": lambda today: date(today.year - 1, 1, 1),
}

#: `last friday` is the one before today, `next friday` the one after, `this friday`
#: today or the one ahead.
_WEEKDAY_STEPS: dict[str, Callable[[date, int], date]] = {
    "last": lambda today, target: today - timedelta(days=(today.weekday() - target - 1) % 7 + 1),
    "next": lambda today, target: today + timedelta(days=(target - today.weekday() - 1) % 7 + 1),
    "this": lambda today, target: today + timedelta(days=(target - today.weekday()) % 7),
}


def _relative(words: str, today: date) -> date | None:
    """A day named in words: today, `last month`, `3 days ago`, `friday`, `next tue`."""
    fixed = _FIXED_DAYS.get(words)
    if fixed is not None:
        return fixed(today)
    parts = words.split()
    if parts[-1] == "ago" and len(parts) == 3:
        try:
            return _ago(parts[0], parts[1], today)
        except (OverflowError, ValueError):
            return None  # "99999999 days ago" is before the calendar begins
    return _weekday(parts, today)


def _weekday(parts: list[str], today: date) -> date | None:
    """`friday` alone is the most recent one (today included); `last`/`next`/`this` move it."""
    if len(parts) == 1 and parts[0] in WEEKDAYS:
        return today - timedelta(days=(today.weekday() - WEEKDAYS[parts[0]]) % 7)
    if len(parts) == 2 and parts[0] in _WEEKDAY_STEPS and parts[1] in WEEKDAYS:
        return _WEEKDAY_STEPS[parts[0]](today, WEEKDAYS[parts[1]])
    return None


def _ago(count_word: str, unit_word: str, today: date) -> date | None:
    count = 1 if count_word in ("a", "an", "one") else None
    if count is None:
        if not count_word.isdigit():
            return None
        count = int(count_word)
    unit = _UNITS.get(unit_word)
    if unit is None:
        return None
    if unit == "days":
        return today - timedelta(days=count)
    if unit == "weeks":
        return today - timedelta(weeks=count)
    from dateutil.relativedelta import relativedelta

    step = relativedelta(months=count) if unit == "months" else relativedelta(years=count)
    shifted: date = today - step
    return shifted


def _absolute(text: str, words: str, today: date, future_ok: bool) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return _written_out(text, words, today, future_ok)


def _written_out(text: str, words: str, today: date, future_ok: bool) -> date | None:
    """`28`, `Nov 20`, `20 November 2026`: what is not ISO, through dateutil."""
    if not any(ch.isalnum() for ch in words):
        return None
    if words.isascii() and words.isdigit() and len(words) <= 2:  # not `²` (isdigit, no int)
        return _day_of_month(int(words), today, future_ok)
    return _from_dateutil(text, today, future_ok)


def _from_dateutil(text: str, today: date, future_ok: bool) -> date | None:
    parsed = _parsed_twice(text, today)
    if parsed is None:
        return None
    first, probe = parsed
    if first.month != probe.month or first.day != probe.day:
        return None  # "5pm" or "2026" alone name no day at all
    day = first.date()
    if first.year != probe.year and day > today and not future_ok:
        return _year_before(day)
    return day


def _year_before(day: date) -> date | None:
    """ "Dec 30" typed on Jan 3 means the one just past, not the one ahead."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return None


def _parsed_twice(text: str, today: date) -> tuple[datetime, datetime] | None:
    """`text` read against two defaults that differ in year, month and day.

    Whatever differs between the two readings was not typed by the user.
    """
    from dateutil import parser

    other = date(2000, 2 if today.month != 2 else 3, 1 if today.day != 1 else 2)
    try:
        first = parser.parse(text, default=datetime(today.year, today.month, today.day))
        probe = parser.parse(text, default=datetime(other.year, other.month, other.day))
    except (ValueError, OverflowError, parser.ParserError):
        return None
    return first, probe


def _day_of_month(number: int, today: date, future_ok: bool) -> date | None:
    """A bare "28" is the most recent 28th (or the next one, where the future is wanted)."""
    if not 1 <= number <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, number)
        except ValueError:
            candidate = None
        if candidate is not None and (candidate == today or (candidate > today) == future_ok):
            return candidate
        month += 1 if future_ok else -1
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
    return None

"""How long `unlock --for` keeps the key: a number and a unit, as people say it."""

from __future__ import annotations

import re
from datetime import timedelta

from trustlog.app.errors import BadInput

_DURATION = re.compile(r"(\d{1,6})([mhd])")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
#: Far beyond any login session, and well inside what a datetime can add.
LONGEST = timedelta(days=366)


def parse_duration(text: str) -> timedelta:
    """`30m`, `8h` or `2d` as a timedelta; anything else is bad input (exit 2)."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise BadInput(f"{text!r} is not a length of time; say 30m, 8h or 2d.")
    length = int(match.group(1)) * _UNITS[match.group(2)]
    if not timedelta(0) < length <= LONGEST:
        raise BadInput(f"{text!r} is out of range; give between 1m and {LONGEST.days}d.")
    return length

"""Pure rules of the emotional bank account: amounts, tags, rates, streaks.

Nothing here touches storage or the screen, so every rule can be tested with
plain values and a fixed date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from trustlog.app.errors import BadInput
from trustlog.core.models import AMOUNT_KINDS, DEFAULT_WEIGHTS, Kind

TAG_MARKS = "@#"
#: No single moment is worth more than this; it also keeps sums far from overflow.
MAX_AMOUNT = 1_000_000
_TAG_TRIM = ".,;:!?)('\"]["


def amount_for(kind: str, weights: Mapping[str, int], given: int | None = None) -> int:
    """The signed amount an entry stores: its own number for deposits and
    withdrawals, the configured weight for everything else."""
    if kind in AMOUNT_KINDS:
        if given is None or not 0 < given <= MAX_AMOUNT:
            raise BadInput(f"The amount must be a whole number from 1 to {MAX_AMOUNT:,}.")
        return given if kind == Kind.DEPOSIT else -given
    if given is not None:
        return given
    weight = weights.get(kind, DEFAULT_WEIGHTS.get(kind))
    if weight is None:
        raise BadInput(f"There is no weight for {kind!r}.")
    return weight


def clean_tag(tag: str) -> str:
    """Tags are matched case-blind and without their @/# mark."""
    return tag.strip().lstrip(TAG_MARKS + "=").strip(_TAG_TRIM).lower()


def tags_in(note: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """`@word` or `#word` anywhere in a note is a tag, as are `-t` tags.

    A mark inside a word (an e-mail address) is not a tag.
    """
    found: list[str] = []
    for word in [*note.split(), *(f"@{t}" for t in extra)]:
        if len(word) > 1 and word[0] in TAG_MARKS:
            tag = clean_tag(word)
            if tag and tag not in found:
                found.append(tag)
    return tuple(found)


def rate(part: int, whole: int) -> float | None:
    """A share that is honest about having nothing to divide."""
    return None if whole == 0 else round(part / whole, 4)


def ratio(positives: int, negatives: int) -> float | None:
    return None if negatives == 0 else round(positives / negatives, 2)


def streak(days_newest_first: Iterable[date], today: date) -> int:
    """Consecutive days with an entry or a check-in, ending today, or ending
    yesterday while today is still empty (the evening has not come yet)."""
    count = 0
    expected: date | None = None
    for day in days_newest_first:
        if day > today:
            continue
        if expected is None:
            if day < today - timedelta(days=1):
                return 0
            expected = day
        if day == expected:
            count += 1
            expected = day - timedelta(days=1)
        elif day < expected:
            break
    return count


def week_start(day: date) -> date:
    """ISO weeks start on Monday."""
    return day - timedelta(days=day.weekday())


def signed(amount: int) -> str:
    return f"+{amount}" if amount > 0 else str(amount)


def running_balances(opening: int, nets: Mapping[date, int], days: Sequence[date]) -> list[int]:
    """The balance at the end of each of `days` (in order), starting from `opening`."""
    balances, running = [], opening
    for day in days:
        running += nets.get(day, 0)
        balances.append(running)
    return balances


def percent(value: float | None) -> str:
    """A rate for the screen: `80%`, or `—` when there is nothing to rate."""
    return "—" if value is None else f"{value * 100:.0f}%"

"""One small suggestion for tomorrow, chosen from what the day held.

The words live in `suggestions.toml` beside this module (easy to read and to
extend); this module decides which practice fits which kind of day, and
picks one variant deterministically, so a seed (the lead seeds by date)
gives the same suggestion every time that day is looked at.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DATA_FILE = "suggestions.toml"

NAME_A_FEELING = "name-a-feeling"
OPEN_QUESTION = "open-question"
REFLECT_BACK = "reflect-back"
COMPASSION = "compassion"
TURN_TOWARD = "turn-toward"
REPAIR_ATTEMPT = "repair-attempt"

PRACTICES: tuple[str, ...] = (
    NAME_A_FEELING,
    OPEN_QUESTION,
    REFLECT_BACK,
    COMPASSION,
    TURN_TOWARD,
    REPAIR_ATTEMPT,
)


@dataclass(frozen=True)
class Suggestion:
    """One thing to try tomorrow, the practice it comes from, and why it helps."""

    practice: str
    title: str
    text: str
    why: str


@dataclass(frozen=True)
class DaySummary:
    """What a day held, as counts: enough to choose a fitting suggestion.

    `given` is the user's own response to a bid (`by me`), `received` the
    partner's, as the user logged it. `net` is the day's summed amount;
    `entries` how many entries the day has (a `deposit` counts too).
    `hurt_given` and `hurt_received` weigh each side's part in what went
    wrong (the size of every negative amount, by who acted): a withdrawal or
    a broken promise is someone's part as much as turning away is.
    """

    toward_given: int = 0
    away_given: int = 0
    against_given: int = 0
    toward_received: int = 0
    away_received: int = 0
    against_received: int = 0
    broken_promise: bool = False
    injury: bool = False
    net: int = 0
    entries: int = 0
    hurt_given: int = 0
    hurt_received: int = 0

    @property
    def hard_day(self) -> bool:
        """A day whose moments added up below zero, or that held a broken promise."""
        return self.net < 0 or self.broken_promise

    @property
    def turned_away_given(self) -> int:
        """The user's own bids met by turning away or against."""
        return self.away_given + self.against_given

    @property
    def turned_away_received(self) -> int:
        """The partner's responses, as logged, that turned away or against."""
        return self.away_received + self.against_received

    @property
    def empty(self) -> bool:
        """Nothing was logged: no entries and no counts."""
        counts = (
            self.toward_given,
            self.turned_away_given,
            self.toward_received,
            self.turned_away_received,
        )
        return self.entries == 0 and not any(counts) and not self.hard_day and not self.injury


def _practices_for_hard_day(day: DaySummary) -> tuple[str, ...]:
    """A hard day: repair where the user's part was at least the partner's, words for
    a feeling where not (a shared hard moment asks both to reach out).

    The hurt owe no repair: when the hard part came from the other side (a
    partner's withdrawal or broken promise as much as their turning away), or
    from no one's logged act, nothing asks the user to own a part.
    """
    mine = max(day.hurt_given, day.turned_away_given)
    theirs = max(day.hurt_received, day.turned_away_received)
    if mine == 0 or theirs > mine:
        return (NAME_A_FEELING,)
    return (REPAIR_ATTEMPT, COMPASSION)


def practices_for(day: DaySummary) -> tuple[str, ...]:
    """The practices that fit the day, most fitting first."""
    if day.injury:
        # Whoever caused it, the first step of repair is words for what is felt.
        return (NAME_A_FEELING,)
    if day.hard_day:
        return _practices_for_hard_day(day)
    if day.empty:
        return (TURN_TOWARD, OPEN_QUESTION)
    if day.turned_away_given > 0:
        return (TURN_TOWARD, COMPASSION)
    if day.toward_given == 0:
        return (TURN_TOWARD, OPEN_QUESTION)
    return (OPEN_QUESTION, REFLECT_BACK)


def suggest(day_summary: DaySummary, seed: int) -> Suggestion:
    """One suggestion that fits the day; the same seed gives the same one."""
    chooser = random.Random(seed)
    practice = chooser.choice(practices_for(day_summary))
    variants = [s for s in all_suggestions() if s.practice == practice]
    return chooser.choice(variants)


def all_suggestions() -> list[Suggestion]:
    """Every suggestion in the data file, in its order (for `trustlog prompt`)."""
    return list(_load())


def _text_field(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{DATA_FILE}: {where} needs a non-empty {key!r}")
    return value.strip()


def _parse(document: dict[str, Any]) -> tuple[Suggestion, ...]:
    """Check the data file's shape and turn it into suggestions."""
    titles = {
        name: _text_field(table, "title", f"practice {name!r}")
        for name, table in document.get("practice", {}).items()
    }
    suggestions = []
    for number, item in enumerate(document.get("suggestion", []), start=1):
        where = f"suggestion {number}"
        practice = _text_field(item, "practice", where)
        if practice not in titles:
            raise ValueError(f"{DATA_FILE}: {where} names an unknown practice {practice!r}")
        text, why = _text_field(item, "text", where), _text_field(item, "why", where)
        suggestions.append(Suggestion(practice, titles[practice], text, why))
    missing = [p for p in PRACTICES if not any(s.practice == p for s in suggestions)]
    if missing:
        raise ValueError(f"{DATA_FILE}: no suggestion for {', '.join(missing)}")
    return tuple(suggestions)


@cache
def _load() -> tuple[Suggestion, ...]:
    """Read the data file shipped inside the package, once per process."""
    data = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return _parse(tomllib.loads(data))

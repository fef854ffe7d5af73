"""One small suggestion for tomorrow, chosen from what the day held (`core/suggestions`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from trustlog.core.models import Entry
from trustlog.core.suggestions import DaySummary, Suggestion, suggest
from trustlog.journal import Journal


def day_summary(entries: Sequence[Entry]) -> DaySummary:
    """What the day held, as the counts the suggestion for tomorrow is chosen by."""

    def count(kind: str, by: str) -> int:
        return sum(1 for e in entries if e.kind == kind and e.by == by)

    def hurt(by: str) -> int:
        return sum(-e.amount for e in entries if e.by == by and e.amount < 0)

    return DaySummary(
        toward_given=count("toward", "me"),
        away_given=count("away", "me"),
        against_given=count("against", "me"),
        toward_received=count("toward", "partner"),
        away_received=count("away", "partner"),
        against_received=count("against", "partner"),
        broken_promise=any(e.kind == "broken" for e in entries),
        injury=any(e.kind == "injury" for e in entries),
        net=sum(e.amount for e in entries),
        entries=len(entries),
        hurt_given=hurt("me"),
        hurt_received=hurt("partner"),
    )


def suggestion_for(journal: Journal, day: date) -> Suggestion:
    """One suggestion for the day after `day`; the same day always gives the same one."""
    from trustlog.features.entries.entries import entries_on

    return suggest(day_summary(entries_on(journal, day)), seed=day.toordinal())

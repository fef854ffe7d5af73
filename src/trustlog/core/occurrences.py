"""When a promise falls due, and which occurrence a `kept` or `broken` resolves.

Pure rules: plain dates in, plain dates out (no storage, no screen), so they
are tested with tables and hypothesis.  dateutil's rrule does the calendar.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from trustlog.app.errors import TrustlogError

RESOLUTION_KINDS = ("kept", "broken")
ONE_OFF, RECURRING, STANDING = "one-off", "recurring", "standing"


@dataclass(frozen=True)
class Resolution:
    """One occurrence marked kept or broken, by the entry `entry_id` dated `day`."""

    occurrence: date
    outcome: str
    day: date
    entry_id: int = 0


@dataclass(frozen=True)
class Schedule:
    """When a promise falls due; occurrences never come before `made_on`."""

    made_on: date
    due: date | None = None
    rule: str | None = None
    #: Every occurrence up to this one is resolved, so a recurring schedule
    #: lists only those after it (see `Settled`); None lists them all.
    settled: date | None = None

    @property
    def kind(self) -> str:
        return ONE_OFF if self.due else RECURRING if self.rule else STANDING

    def until(self, last: date) -> list[date]:
        """Occurrences up to and including `last`, oldest first (none for standing)."""
        if self.due is not None:
            return [self.due] if self.due <= last else []
        if self.rule is not None:
            from trustlog.core import recurrence as rules

            return rules.occurrences(self.rule, self.made_on, last, self.settled)
        return []

    def after(self, day: date) -> Iterator[date]:
        """Occurrences strictly after `day`, oldest first."""
        if self.due is not None:
            if self.due > day:
                yield self.due
        elif self.rule is not None:
            from trustlog.core import recurrence as rules

            yield from rules.after(self.rule, self.made_on, day, self.settled)


def pick_occurrence(
    schedule: Schedule,
    on: date,
    resolved: Mapping[date, Resolution],
    promise_id: int = 0,
    outcome: str = "kept",
) -> date:
    """The occurrence a `kept`/`broken` recorded on `on` resolves.

    The most recent unresolved occurrence on or before `on`; if there is none,
    the next unresolved one ahead, but only to keep it early: nothing can be
    broken before its day.  (Keeping falls forward past resolved occurrences
    so that resolving a set of days counts the same in any order; the output
    names the occurrence it marked.)  A standing agreement's occurrence is
    `on` itself.
    """
    name = f"Promise {promise_id}" if promise_id else "This promise"
    if on < schedule.made_on:
        raise TrustlogError(
            f"{name} was made on {schedule.made_on.isoformat()}, after {on.isoformat()}; "
            "choose a day from then on."
        )
    if schedule.kind == STANDING:
        if on in resolved:
            raise already_resolved(name, resolved[on])
        return on
    latest = next((o for o in reversed(schedule.until(on)) if o not in resolved), None)
    if latest is not None:
        return latest
    return _early_occurrence(schedule, on, resolved, name, outcome)


def _early_occurrence(
    schedule: Schedule, on: date, resolved: Mapping[date, Resolution], name: str, outcome: str
) -> date:
    """The one occurrence right after `on`, which only keeping may take early.

    Only that one: a `kept` typed again (an alias, the up arrow) must say it is
    done, not keep tomorrow's, then the day after's (found by a review).
    """
    ahead = next(iter(schedule.after(on)), None)
    if schedule.settled is not None and on < schedule.settled:
        # Occurrences through the settled mark are all resolved and not listed.
        raise TrustlogError(
            f"{name}'s next occurrence after {on.isoformat()} is already marked; "
            "`trustlog log --kind kept` shows it."
        )
    if ahead is not None and ahead in resolved:
        raise already_resolved(name, resolved[ahead])
    if ahead is not None and outcome == "broken":
        raise TrustlogError(
            f"{name} is next due on {ahead.isoformat()}, so there is nothing to mark broken yet."
        )
    if ahead is not None:
        return ahead
    if schedule.due is not None:
        raise already_resolved(name, resolved[schedule.due])
    raise TrustlogError(f"{name} has no occurrence left to resolve: every one is already marked.")


def already_resolved(name: str, done: Resolution) -> TrustlogError:
    return TrustlogError(
        f"{name}'s occurrence on {done.occurrence.isoformat()} was already marked {done.outcome} "
        f"on {done.day.isoformat()} (entry {done.entry_id}); `trustlog rm {done.entry_id}` "
        "takes that back."
    )


@dataclass(frozen=True)
class Progress:
    """How a promise stands on a day."""

    status: str
    next_due: date | None
    overdue_count: int
    kept: int
    broken: int


@dataclass(frozen=True)
class Settled:
    """A promise's history summed once: every occurrence up to `through` is
    resolved, `kept` and `broken` of them, all recorded by `by`.

    With it, status needs only the occurrences and resolutions after `through`,
    not every one since the promise was made.  It holds for any `as_of` on or
    after `by`.
    """

    through: date
    by: date
    kept: int
    broken: int


def progress(
    schedule: Schedule,
    resolutions: Sequence[Resolution],
    as_of: date,
    dropped_on: date | None = None,
    settled: Settled | None = None,
) -> Progress:
    """Status, the next occurrence to act on and the counts, as they stood on `as_of`.

    Only resolutions recorded by `as_of` count.  An unresolved occurrence before
    `as_of` is overdue; `next_due` is then the oldest of them, else the first
    unresolved occurrence from `as_of` on.  With `settled` (valid on `as_of`),
    `schedule` and `resolutions` hold only what comes after it.
    """
    known = [r for r in resolutions if r.day <= as_of]
    kept, broken = (settled.kept, settled.broken) if settled else (0, 0)
    kept += sum(r.outcome == "kept" for r in known)
    broken += sum(r.outcome == "broken" for r in known)
    if dropped_on is not None and dropped_on <= as_of:
        return Progress("dropped", None, 0, kept, broken)
    if schedule.kind == STANDING:
        return Progress("open", None, 0, kept, broken)
    status, next_due, overdue_count = _dated_status(schedule, {r.occurrence for r in known}, as_of)
    return Progress(status, next_due, overdue_count, kept, broken)


def _dated_status(
    schedule: Schedule, resolved: set[date], as_of: date
) -> tuple[str, date | None, int]:
    """Status, next occurrence and overdue count of a dated promise, from its resolved days."""
    past = [o for o in schedule.until(as_of) if o not in resolved]
    overdue = [o for o in past if o < as_of]
    if overdue:
        return "overdue", overdue[0], len(overdue)
    if past:  # only as_of itself is left: due today
        return "open", past[0], 0
    upcoming = next((o for o in schedule.after(as_of) if o not in resolved), None)
    return ("done" if upcoming is None else "open"), upcoming, 0

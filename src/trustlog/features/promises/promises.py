"""Promises: when they fall due, which occurrence a `kept` or `broken` resolves.

The rules of occurrences live in `trustlog.occurrences` (pure); the use-case
functions here read and write through `queries.py` and never print.

A promise is one of three shapes:

* one-off (`--due`): one occurrence, its due date;
* recurring (`--every`): the occurrences of its rule, from the day it was made;
* standing agreement (neither): one occurrence on every day it is recorded,
  never due and never overdue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from trustlog.app.errors import BadInput, Conflict, TrustlogError
from trustlog.core.dates import parse_day
from trustlog.core.ledger import amount_for, rate, tags_in
from trustlog.core.models import By, Kind, NewEntry
from trustlog.core.occurrences import (
    RESOLUTION_KINDS,
    Resolution,
    Schedule,
    Settled,
    already_resolved,
    pick_occurrence,
    progress,
)
from trustlog.features.promises import queries
from trustlog.journal import Journal

# -- the promise as the journal shows it -------------------------------------------


@dataclass(frozen=True)
class Promise:
    id: int
    uuid: str
    text: str
    by: str
    made_on: date
    due: date | None
    rule: str | None
    injury_id: int | None
    dropped_on: date | None
    status: str
    next_due: date | None
    overdue_count: int
    kept: int
    broken: int
    as_of: date = field(compare=False)

    @property
    def kind(self) -> str:
        return Schedule(self.made_on, self.due, self.rule).kind

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"

    @property
    def kept_rate(self) -> float | None:
        return rate(self.kept, self.kept + self.broken)

    @property
    def is_due(self) -> bool:
        """Due on `as_of` or overdue before it: what the check-in asks about."""
        return self.overdue or (self.status == "open" and self.next_due == self.as_of)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "text": self.text,
            "by": self.by,
            "made_on": self.made_on.isoformat(),
            "due": _iso(self.due),
            "rule": self.rule,
            "kind": self.kind,
            "status": self.status,
            "next_due": _iso(self.next_due),
            "overdue": self.overdue,
            "overdue_count": self.overdue_count,
            "kept": self.kept,
            "broken": self.broken,
            "kept_rate": self.kept_rate,
            "injury_id": self.injury_id,
            "dropped_on": _iso(self.dropped_on),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _schedule(row: Mapping[str, Any], settled: Settled | None = None) -> Schedule:
    return Schedule(
        date.fromisoformat(row["made_on"]),
        _day(row["due"]),
        row["rule"],
        settled.through if settled else None,
    )


def _resolutions(rows: Sequence[Mapping[str, Any]]) -> list[Resolution]:
    return [
        Resolution(
            date.fromisoformat(r["occurrence"]), r["kind"], date.fromisoformat(r["day"]), r["id"]
        )
        for r in rows
        if r["occurrence"]
    ]


def _promise(
    row: Mapping[str, Any], done: Sequence[Resolution], as_of: date, settled: Settled | None
) -> Promise:
    dropped_on = _day(row["dropped_on"])
    state = progress(_schedule(row, settled), done, as_of, dropped_on, settled)
    return Promise(
        id=row["id"],
        uuid=row["uuid"],
        text=row["text"],
        by=row["by"],
        made_on=date.fromisoformat(row["made_on"]),
        due=_day(row["due"]),
        rule=row["rule"],
        injury_id=row["injury_id"],
        dropped_on=dropped_on,
        status=state.status,
        next_due=state.next_due,
        overdue_count=state.overdue_count,
        kept=state.kept,
        broken=state.broken,
        as_of=as_of,
    )


def _promises(journal: Journal, rows: Sequence[Mapping[str, Any]], as_of: date) -> list[Promise]:
    """Each promise's status from what follows its settled mark (if valid on `as_of`)."""
    ids = [row["id"] for row in rows]
    settled = {i: m for i, m in queries.settled_marks(journal, ids).items() if m.by <= as_of}
    found = queries.resolutions(journal, ids, {i: m.through for i, m in settled.items()})
    return [
        _promise(row, _resolutions(found[row["id"]]), as_of, settled.get(row["id"])) for row in rows
    ]


# -- reading -----------------------------------------------------------------------


def get_promise(journal: Journal, promise_id: int, as_of: date) -> Promise:
    row = queries.promise_row(journal, promise_id)
    if row is None:
        raise TrustlogError(f"There is no promise {promise_id} in this journal.")
    return _promises(journal, [row], as_of)[0]


def list_promises(journal: Journal, as_of: date, include_all: bool = False) -> list[Promise]:
    """Open promises (overdue first, then by next due date), or every promise by id."""
    rows = [row for row in queries.promise_rows(journal) if row["made_on"] <= as_of.isoformat()]
    promises = _promises(journal, rows, as_of)
    if include_all:
        return promises
    open_ones = [p for p in promises if p.status in ("open", "overdue")]
    return sorted(open_ones, key=lambda p: (not p.overdue, p.next_due or date.max, p.id))


def due_promises(journal: Journal, as_of: date) -> list[Promise]:
    """Promises with an occurrence due on `as_of` or overdue before it (not dropped)."""
    return [p for p in list_promises(journal, as_of) if p.is_due]


def promises_of_injury(journal: Journal, injury_id: int, as_of: date) -> list[Promise]:
    return _promises(journal, queries.promise_rows(journal, injury_id=injury_id), as_of)


# -- making, resolving, dropping -------------------------------------------------------


@dataclass(frozen=True)
class NewPromise:
    text: str
    by: str
    made_on: date
    due: date | None = None
    rule: str | None = None
    injury_id: int | None = None


def plan_promise(
    words: Sequence[str],
    *,
    today: date,
    due: str | None = None,
    every: str | None = None,
    partner: bool = False,
    on: str | None = None,
    injury_id: int | None = None,
    by: str | None = None,
) -> NewPromise:
    """Check everything the user typed for a new promise before anything is written."""
    text = " ".join(words).strip()
    if not text:
        raise BadInput("Say what the promise is, e.g. `trustlog promise call mum --every sunday`.")
    if due is not None and every is not None:
        raise BadInput("Give --due (once) or --every (again and again), not both.")
    made_on = parse_day(on, today) if on else today
    due_day = _due_day(due, made_on, today)
    rule = _every_rule(every, made_on)
    who = by or (By.PARTNER.value if partner else By.ME.value)
    return NewPromise(text, who, made_on, due_day, rule, injury_id)


def _due_day(due: str | None, made_on: date, today: date) -> date | None:
    """--due read as a day ahead; a promise cannot fall due before it is made."""
    if due is None:
        return None
    due_day = parse_day(due, today, future_ok=True, option="--due")
    if due_day < made_on:
        raise BadInput(
            f"--due {due!r} is {due_day.isoformat()}, before the promise is made "
            f"({made_on.isoformat()}); for a day ahead try 'next friday' or 'tomorrow'."
        )
    return due_day


def _every_rule(every: str | None, made_on: date) -> str | None:
    """--every read as a recurrence rule that falls on at least one day from `made_on`."""
    if every is None:
        return None
    from trustlog.core import recurrence as rules

    rule = rules.parse_rule(every)
    if not rules.has_occurrence(rule, made_on):
        raise BadInput(f"--every: {every!r} never falls on a day from {made_on.isoformat()} on.")
    return rule


def add_promise(journal: Journal, new: NewPromise, today: date) -> Promise:
    with journal.writing():
        promise_id = queries.insert_promise(
            journal,
            text=new.text,
            by=new.by,
            made_on=new.made_on,
            due=new.due,
            rule=new.rule,
            injury_id=new.injury_id,
        )
    return get_promise(journal, promise_id, today)


def _done(
    journal: Journal, promise_id: int, settled: Settled | None, asked: set[date]
) -> dict[date, Resolution]:
    """The resolutions a kept/broken must know of: after the settled mark, and
    those of the days asked about (which may lie before it)."""
    if settled is None:
        found = queries.resolutions(journal, [promise_id])[promise_id]
    else:
        found = queries.resolutions(journal, [promise_id], {promise_id: settled.through})[
            promise_id
        ]
        for day in sorted(asked):
            found += queries.resolution_on(journal, promise_id, day)
    return {r.occurrence: r for r in _resolutions(found)}


def resolution_entry(
    journal: Journal,
    promise_id: int,
    outcome: str,
    on: date,
    note: str,
    weights: Mapping[str, int],
    today: date,
    occurrence: date | None = None,
) -> NewEntry:
    """The kept/broken entry that resolves one occurrence, checked but not written.

    `occurrence` names the one to resolve (the check-in asks about a named
    one); without it the usual rule picks.  Raises if there is no such
    promise, it was dropped, or nothing is left to resolve.  Call it inside
    `journal.writing()` to check and write atomically.
    """
    if outcome not in RESOLUTION_KINDS:
        raise BadInput(f"A promise is kept or broken, not {outcome!r}.")
    if on > today:
        raise BadInput(
            f"--on {on.isoformat()} is in the future; mark a promise once the day has come."
        )
    row = queries.promise_row(journal, promise_id)
    if row is None:
        raise TrustlogError(f"There is no promise {promise_id} in this journal.")
    if row["dropped_on"]:
        raise TrustlogError(
            f"Promise {promise_id} was dropped on {row['dropped_on']}, "
            "so it cannot be marked any more."
        )
    settled = queries.settled_marks(journal, [promise_id]).get(promise_id)
    done = _done(journal, promise_id, settled, {on, occurrence or on})
    schedule = _schedule(row, settled)
    if occurrence is None:
        occurrence = pick_occurrence(schedule, on, done, promise_id, outcome)
    elif occurrence in done:
        raise already_resolved(f"Promise {promise_id}", done[occurrence])
    elif occurrence not in schedule.until(on):
        raise TrustlogError(
            f"Promise {promise_id} has no occurrence on {occurrence.isoformat()} to mark."
        )
    return NewEntry(
        kind=outcome,
        amount=amount_for(outcome, weights),
        on=on,
        by=row["by"],
        note=note,
        tags=tags_in(note),
        promise_id=promise_id,
        occurrence=occurrence,
    )


def resolve(
    journal: Journal,
    promise_id: int,
    outcome: str,
    on: date,
    note: str,
    weights: Mapping[str, int],
    today: date,
) -> tuple[int, NewEntry]:
    """Check and write one resolution in one transaction; returns the entry id."""
    try:
        with journal.writing() as conn:
            new = resolution_entry(journal, promise_id, outcome, on, note, weights, today)
            entry_id = journal.insert_entry(conn, new)
            queries.settle_promise(journal, promise_id)
            return entry_id, new
    except Conflict:
        raise TrustlogError(
            f"Promise {promise_id}'s occurrence was marked by another trustlog a moment ago; "
            "run `trustlog promises` to see where it stands."
        ) from None


def drop(journal: Journal, promise_id: int, today: date) -> Promise:
    with journal.writing():
        row = queries.promise_row(journal, promise_id)
        if row is None:
            raise TrustlogError(f"There is no promise {promise_id} in this journal.")
        if row["dropped_on"]:
            raise TrustlogError(f"Promise {promise_id} was already dropped on {row['dropped_on']}.")
        queries.set_dropped(journal, promise_id, today)
    return get_promise(journal, promise_id, today)


def settle_promises(journal: Journal, promise_ids: set[int]) -> None:
    """Move the promises' settled marks past what was just resolved (e.g. at check-in)."""
    for promise_id in sorted(promise_ids):
        queries.settle_promise(journal, promise_id)


# -- letting occurrences go ------------------------------------------------------------


def open_occurrences(journal: Journal, promise_id: int, last: date) -> list[date]:
    """A dated promise's occurrences on or before `last` not yet marked, oldest first."""
    row = queries.promise_row(journal, promise_id)
    if row is None or row["dropped_on"]:
        return []
    # Every occurrence up to the settled mark is resolved (a trigger forgets the mark
    # otherwise): only those after it are read and listed.
    settled = queries.settled_marks(journal, [promise_id]).get(promise_id)
    after = {promise_id: settled.through} if settled else None
    found = queries.resolutions(journal, [promise_id], after)[promise_id]
    done = {r.occurrence for r in _resolutions(found)}
    return [day for day in _schedule(row, settled).until(last) if day not in done]


def excused_entries(
    journal: Journal, promise_id: int, occurrences: Sequence[date], on: date
) -> list[NewEntry]:
    """Entries that let these occurrences go: no amount, never broken, not asked again."""
    row = queries.promise_row(journal, promise_id)
    if row is None:
        raise TrustlogError(f"There is no promise {promise_id} in this journal.")
    return [
        NewEntry(
            kind=Kind.EXCUSED.value,
            amount=0,
            on=on,
            by=row["by"],
            promise_id=promise_id,
            occurrence=occurrence,
        )
        for occurrence in occurrences
    ]


def excuse(journal: Journal, promise_id: int, until: date, today: date) -> list[date]:
    """Let every unmarked occurrence up to `until` go, in one transaction; the days let go."""
    if until > today:
        raise BadInput(
            f"--until {until.isoformat()} is in the future; only past days can be let go."
        )
    with journal.writing() as conn:
        promise = get_promise(journal, promise_id, today)
        if promise.dropped_on is not None:
            raise TrustlogError(f"Promise {promise_id} was dropped, so there is nothing to let go.")
        days = open_occurrences(journal, promise_id, until)
        for entry in excused_entries(journal, promise_id, days, today):
            journal.insert_entry(conn, entry)
    return days

"""Promises: making and dropping them, and the room's one public face.

Other rooms reach promises only through this module: where each promise
stands is `status`, resolving its occurrences (kept, broken, let go) is
`resolving`, and both are named here too.  The rules of occurrences live in
`core.occurrences` (pure); the use cases read and write through `queries.py`
and never print.

A promise is one of three shapes:

* one-off (`--due`): one occurrence, its due date;
* recurring (`--every`): the occurrences of its rule, from the day it was made;
* standing agreement (neither): one occurrence on every day it is recorded,
  never due and never overdue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.core.dates import parse_day
from trustlog.core.models import By
from trustlog.features.promises import queries
from trustlog.features.promises.resolving import (
    excuse,
    excused_entries,
    open_occurrences,
    resolution_entry,
    resolve,
    settle_promises,
)
from trustlog.features.promises.status import (
    Promise,
    due_promises,
    get_promise,
    list_promises,
    promises_of_injury,
)
from trustlog.journal import Journal

__all__ = [
    "NewPromise",
    "Promise",
    "add_promise",
    "drop",
    "due_promises",
    "excuse",
    "excused_entries",
    "get_promise",
    "list_promises",
    "open_occurrences",
    "plan_promise",
    "promises_of_injury",
    "resolution_entry",
    "resolve",
    "settle_promises",
]

# -- making and dropping ---------------------------------------------------------------


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


def drop(journal: Journal, promise_id: int, today: date) -> Promise:
    with journal.writing():
        row = queries.promise_row(journal, promise_id)
        if row is None:
            raise TrustlogError(f"There is no promise {promise_id} in this journal.")
        if row["dropped_on"]:
            raise TrustlogError(f"Promise {promise_id} was already dropped on {row['dropped_on']}.")
        queries.set_dropped(journal, promise_id, today)
    return get_promise(journal, promise_id, today)

"""Resolving a promise's occurrences: `kept` and `broken` (one occurrence each, picked
by the rules in `core.occurrences`), and letting occurrences go (excused: no
amount, never broken, not asked about again).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from trustlog.app.errors import BadInput, Conflict, TrustlogError
from trustlog.core.ledger import amount_for, tags_in
from trustlog.core.models import Kind, NewEntry
from trustlog.core.occurrences import (
    RESOLUTION_KINDS,
    Resolution,
    Settled,
    already_resolved,
    pick_occurrence,
)
from trustlog.features.promises import queries
from trustlog.features.promises.status import get_promise, resolutions_in, schedule_of
from trustlog.journal import Journal


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
    return {r.occurrence: r for r in resolutions_in(found)}


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
    schedule = schedule_of(row, settled)
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
    done = {r.occurrence for r in resolutions_in(found)}
    return [day for day in schedule_of(row, settled).until(last) if day not in done]


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
        moment = journal.stamp()  # one moment for all: `undo` takes them back together
        for entry in excused_entries(journal, promise_id, days, today):
            journal.insert_entry(conn, entry._replace(recorded_at=moment))
    return days

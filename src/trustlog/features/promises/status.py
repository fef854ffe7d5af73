"""Where each promise stands: its status, next due day, overdue count and kept rate,
read from what follows its settled mark (`core.occurrences` holds the rules).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from trustlog.app.errors import TrustlogError
from trustlog.core.ledger import rate
from trustlog.core.occurrences import Resolution, Schedule, Settled, progress
from trustlog.features.promises import queries
from trustlog.journal import Journal


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


def schedule_of(row: Mapping[str, Any], settled: Settled | None = None) -> Schedule:
    return Schedule(
        date.fromisoformat(row["made_on"]),
        _day(row["due"]),
        row["rule"],
        settled.through if settled else None,
    )


def resolutions_in(rows: Sequence[Mapping[str, Any]]) -> list[Resolution]:
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
    state = progress(schedule_of(row, settled), done, as_of, dropped_on, settled)
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
        _promise(row, resolutions_in(found[row["id"]]), as_of, settled.get(row["id"]))
        for row in rows
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

"""`purge`: erase entries, a promise or an injury for good, keeping only a tombstone.

The rows go from the table, the search index (rebuilt) and the file's free
pages (`secure_delete`, then VACUUM, then the WAL truncated); a tombstone
(uuid, deleted) stays so a merge, import, sync or inbox fold never brings
them back. Backups made before stay as they were: the README says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.core.ledger import signed
from trustlog.features.privacy import queries
from trustlog.journal import Journal


@dataclass(frozen=True)
class Target:
    """What was asked: entry ids, every deleted entry, or one promise or injury."""

    ids: tuple[int, ...] = ()
    deleted: bool = False
    promise: int | None = None
    injury: int | None = None

    def check(self) -> None:
        given = [bool(self.ids), self.deleted, self.promise is not None, self.injury is not None]
        if sum(given) != 1:
            raise BadInput("Give entry IDs, or one of --deleted, --promise ID, --injury ID.")


@dataclass(frozen=True)
class Plan:
    entries: dict[int, str]
    owner: tuple[str, int, str] | None
    #: Day, kind and amount of each entry, when there are few enough to name.
    shown: dict[int, tuple[str, str, int]] = field(default_factory=dict)
    #: An injury's agreed amends (promise id → uuid): their words describe the
    #: injury, so they go with it (their entries are in `entries`).
    amends: dict[int, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.entries) + (self.owner is not None) + len(self.amends)

    def described(self) -> str:
        """What goes, by number (never by note): a purge cannot be undone, so the
        prompt and the answer say exactly which rows."""
        entries = _counted(len(self.entries), "entry", "entries")
        if self.owner is not None:
            table, owner_id, _uuid = self.owner
            what = f"{'promise' if table == 'promises' else 'injury'} {owner_id}"
            parts = [what, *([f"its {entries}"] if self.entries else [])]
            if self.amends:
                parts.append(f"its {_counted(len(self.amends), 'agreed amend', 'agreed amends')}")
            return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        ids = [self._named(number) for number in sorted(self.entries)]
        if len(ids) == 1:
            return f"entry {ids[0]}"
        if len(ids) <= _NAMED:
            return f"entries {', '.join(ids[:-1])} and {ids[-1]}"
        return entries

    def _named(self, number: int) -> str:
        if number not in self.shown:
            return str(number)
        day, kind, amount = self.shown[number]
        return f"{number} ({kind} {signed(amount)} on {day})"


#: Up to this many entries, a purge names each one (number, kind, amount, day).
_NAMED = 5


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def plan(journal: Journal, target: Target) -> Plan:
    """What a purge would erase; an ID that is not there is an error before anything changes."""
    target.check()
    if target.promise is not None or target.injury is not None:
        return _owner_plan(journal, target)
    ids: Sequence[int] = queries.deleted_entry_ids(journal) if target.deleted else target.ids
    entries = queries.entry_uuids(journal, ids) if ids else {}
    missing = sorted(set(ids) - set(entries))
    if missing:
        raise TrustlogError(f"There is no entry {missing[0]} in this journal; nothing was purged.")
    shown = queries.entry_lines(journal, list(entries)) if 0 < len(entries) <= _NAMED else {}
    return Plan(entries, None, shown)


def _owner_plan(journal: Journal, target: Target) -> Plan:
    table, column, owner_id = (
        ("promises", "promise_id", target.promise)
        if target.promise is not None
        else ("injuries", "injury_id", target.injury)
    )
    assert owner_id is not None
    uuid = queries.owner_uuid(journal, table, owner_id)
    if uuid is None:
        what = "promise" if table == "promises" else "injury"
        raise TrustlogError(f"There is no {what} {owner_id} in this journal; nothing was purged.")
    linked = queries.linked_entry_ids(journal, column, owner_id)
    amends = queries.amends_of(journal, owner_id) if table == "injuries" else {}
    for amend_id in amends:
        linked += queries.linked_entry_ids(journal, "promise_id", amend_id)
    entries = queries.entry_uuids(journal, linked) if linked else {}
    return Plan(entries, (table, owner_id, uuid), amends=amends)


def purge(journal: Journal, chosen: Plan) -> int:
    """Erase what `plan` found; returns how many rows went."""
    if chosen.count == 0:
        return 0
    journal.conn.execute("PRAGMA secure_delete = ON")
    with journal.writing() as conn:
        stamp = journal.stamp()
        queries.erase(conn, chosen.entries, chosen.owner, stamp)  # entries first
        for amend_id, amend_uuid in chosen.amends.items():
            queries.erase(conn, {}, ("promises", amend_id, amend_uuid), stamp)
    queries.scrub(journal)
    return chosen.count

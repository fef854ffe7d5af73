"""SQL that brings rows from another copy or a file into this journal, by uuid.

The rules make `merge` order-free: for an entry both sides hold, the side
whose last change (`coalesce(changed_at, recorded_at)`) is later wins
entirely — note, amount, day, tags, deletion — so a later delete wins and so
does a later restore.  A dropped promise stays dropped (the earlier day is
kept).  Two live entries resolving one promise occurrence are settled the
same way whichever side is merged into which: the one recorded first stays
live and the other is kept as deleted, stamped with its own last change.  An
import lets the journal's own live resolution stay instead.  Rows go in by
batches with `executemany`, so a big import never holds more than a batch.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any

from trustlog.features.exchange.queries import uuid_map
from trustlog.features.exchange.queries.aside import no_cycle_collection
from trustlog.features.exchange.queries.bulk import BulkIndex, search_index

BATCH = 5000
#: From this many entries on, the search index is filled in one statement at the end.
BULK = 1000


@dataclass
class United:
    """What `unite` added or changed, for the summary line."""

    #: Live entries added (repair steps are counted on their own).
    entries: int = 0
    repair_steps: int = 0
    #: Entries here now deleted, restored or edited as on the other side.
    deleted: int = 0
    #: Resolutions of one promise occurrence set aside because another one stays.
    superseded: int = 0
    promises: int = 0
    dropped: int = 0
    injuries: int = 0
    checkins: int = 0
    #: Entries read from the other side, new or not.
    seen: int = 0
    restored: int = 0
    changed: int = 0
    #: Entries that came in already deleted: kept as history, not counted as added.
    tombstones: int = 0
    #: New entries kept as deleted because another resolution of their occurrence stays.
    added_set_aside: int = 0
    #: Rows erased here because the other copy had purged them (merge takes its tombstones).
    purged: int = 0


def unite(
    conn: sqlite3.Connection,
    injury_rows: Iterable[dict[str, Any]],
    promise_rows: Iterable[dict[str, Any]],
    entry_rows: Iterable[dict[str, Any]],
    checkin_rows: Iterable[dict[str, Any]],
    bulk: bool = False,
    journal_resolution_stays: bool = False,
) -> United:
    """Add what is missing and let the later change win; call inside `writing()`."""
    done = United()
    done.injuries = _insert_many(
        conn,
        "INSERT INTO injuries (uuid, text, severity, by, day, recorded_at) "
        "VALUES (:uuid, :text, :severity, :by, :on, :recorded_at) ON CONFLICT(uuid) DO NOTHING",
        injury_rows,
    )
    injury_ids = uuid_map(conn, "injuries")
    promise_list = [
        row | {"injury_id": injury_ids.get(row["injury_uuid"] or "")} for row in promise_rows
    ]
    dropped = [row for row in promise_list if row["dropped_on"]]
    done.dropped = _many(
        conn,
        "UPDATE promises SET dropped_on = :dropped_on WHERE uuid = :uuid AND dropped_on IS NULL",
        dropped,
    )
    _many(
        conn,
        "UPDATE promises SET dropped_on = :dropped_on WHERE uuid = :uuid "
        "AND dropped_on > :dropped_on",
        dropped,
    )
    done.promises = _insert_many(
        conn,
        "INSERT INTO promises (uuid, text, by, made_on, due, rule, injury_id, dropped_on, "
        "recorded_at) VALUES (:uuid, :text, :by, :made_on, :due, :rule, :injury_id, "
        ":dropped_on, :recorded_at) ON CONFLICT(uuid) DO NOTHING",
        promise_list,
    )
    links = {"promise": uuid_map(conn, "promises"), "injury": injury_ids}
    rows = iter(entry_rows)
    with search_index(conn, bulk) as index, no_cycle_collection(bulk):
        while batch := list(islice(rows, BATCH)):
            _Batch(conn, links, done, index, journal_resolution_stays).unite(batch)
            if index.aside is not None:
                index.aside.wrote([row["uuid"] for row in batch])
    done.checkins = _insert_many(
        conn,
        "INSERT INTO checkins (uuid, day, note, recorded_at) "
        "VALUES (:uuid, :on, :note, :recorded_at) ON CONFLICT(uuid) DO NOTHING",
        checkin_rows,
    )
    return done


def _stamp(row: dict[str, Any]) -> str:
    return str(row["changed_at"] or row["recorded_at"])


def _key(row: dict[str, Any]) -> tuple[str, str, str, int, str, str, str, str]:
    """The order in which two states of one entry win: the later change, then
    (for equal moments) a deletion, then the content, so either side picks the same."""
    return (
        _stamp(row),
        row["deleted_at"] or "",
        row["on"],
        row["amount"],
        row["note"],
        row["tags"],
        row["kind"],
        row["by"],
    )


def _same(row: dict[str, Any], other: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return all(row[k] == other[k] for k in keys)


#: An edit may change what kind of bid an entry is and who acted (`edit --kind`,
#: `--partner`): those travel with the rest, or the two copies would disagree.
_STATE = ("on", "amount", "note", "tags", "kind", "by", "deleted_at", "changed_at")
_CONTENT = ("on", "amount", "note", "tags", "kind", "by")
_ENTRY_FIELDS = (
    "uuid", "kind", "amount", "by", "on", "note", "tags", "promise_id", "injury_id",
    "occurrence", "recorded_at", "deleted_at", "step", "changed_at",
)  # fmt: skip
#: Values by place, not by name: binding 14 names a row cost a fifth of the insert.
_INSERT_ENTRY = (
    "INSERT INTO entries (uuid, kind, amount, by, day, note, tags, promise_id, injury_id, "
    f"occurrence, recorded_at, deleted_at, step, changed_at) VALUES ({', '.join('?' * 14)}) "
    "ON CONFLICT(uuid) DO NOTHING"
)
_LOCAL = (
    'SELECT uuid, id, day AS "on", amount, note, tags, kind, by, deleted_at, changed_at, '
    "recorded_at, promise_id, occurrence FROM entries "
    "WHERE uuid IN (SELECT value FROM json_each(?))"
)
_UPDATE = (
    "UPDATE entries SET day = :on, amount = :amount, note = :note, tags = :tags, "
    "kind = :kind, by = :by, deleted_at = :deleted_at, changed_at = :changed_at WHERE id = :id"
)


class _Batch:
    def __init__(
        self,
        conn: sqlite3.Connection,
        links: dict[str, dict[str, int]],
        done: United,
        index: BulkIndex,
        journal_stays: bool,
    ) -> None:
        self.conn, self.links, self.done, self.index = conn, links, done, index
        self.journal_stays = journal_stays

    def unite(self, batch: list[dict[str, Any]]) -> None:
        self.done.seen += len(batch)
        incoming = self._incoming(batch)
        local = self._local(incoming)
        new: dict[str, list[dict[str, Any]]] = {
            "entries": [],
            "repair_steps": [],
            "tombstones": [],
            "added_set_aside": [],
        }
        for uuid, row in incoming.items():
            if uuid in local:
                self._update(local[uuid], row)
            else:
                self._add(row, new)
        for what, rows in new.items():
            added = _insert_entries(self.conn, rows)
            setattr(self.done, what, getattr(self.done, what) + added)

    def _incoming(self, batch: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The batch by uuid, linked to this journal's ids; of two states, the winner."""
        incoming: dict[str, dict[str, Any]] = {}
        for raw in batch:
            row = raw | {
                "tags": " ".join(raw["tags"]),
                "promise_id": self.links["promise"].get(raw["promise_uuid"] or ""),
                "injury_id": self.links["injury"].get(raw["injury_uuid"] or ""),
            }
            twin = incoming.get(row["uuid"])
            if twin is None or _key(row) > _key(twin):
                incoming[row["uuid"]] = row
        return incoming

    def _local(self, incoming: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """This journal's state of the entries it already holds, by uuid."""
        cursor = self.conn.execute(_LOCAL, (json.dumps(list(incoming)),))
        names = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}

    def _add(self, row: dict[str, Any], new: dict[str, list[dict[str, Any]]]) -> None:
        """Sort a new entry into what it counts as; a promise's resolution goes in at once."""
        if row["deleted_at"] is not None:
            new["tombstones"].append(row)
        elif row["promise_id"] is None or row["occurrence"] is None:
            new["repair_steps" if row["kind"] == "repair" else "entries"].append(row)
        elif self._aside(row):
            new["added_set_aside"].append(row | {"deleted_at": _stamp(row)})
        else:  # at once, so a second resolution in this batch finds it
            self.done.entries += _insert_entries(self.conn, [row])

    def _update(self, local: dict[str, Any], row: dict[str, Any]) -> None:
        """The other side's state replaces this one when its last change is later."""
        if _key(row) <= _key(local) or _same(row, local, _STATE):
            return
        state = {k: row[k] for k in _STATE}
        self._follow_deletion(local, state)
        if not _same(state, local, _CONTENT):
            self.done.changed += 1
        self.index.before_update(self.conn, local)
        self.conn.execute(_UPDATE, state | {"id": local["id"]})

    def _follow_deletion(self, local: dict[str, Any], state: dict[str, Any]) -> None:
        """Count a delete or restore from the other side; a restore that would make a
        second live resolution of one occurrence is kept deleted instead."""
        if local["deleted_at"] and not state["deleted_at"]:
            resolution = local | {"uuid": local["uuid"], "changed_at": state["changed_at"]}
            if self._aside(resolution):
                state["deleted_at"] = _stamp(resolution)
            else:
                self.done.restored += 1
        elif not local["deleted_at"] and state["deleted_at"]:
            self.done.deleted += 1

    def _aside(self, row: dict[str, Any]) -> bool:
        """Settle two live resolutions of one occurrence; True when `row` is set aside."""
        if row["promise_id"] is None or row["occurrence"] is None:
            return False
        rival = self.conn.execute(
            "SELECT id, uuid, recorded_at, changed_at FROM entries WHERE promise_id = ? "
            "AND occurrence = ? AND deleted_at IS NULL AND uuid != ?",
            (row["promise_id"], row["occurrence"], row["uuid"]),
        ).fetchone()
        if rival is None:
            return False
        self.done.superseded += 1
        if self.journal_stays or (rival[2], rival[1]) <= (row["recorded_at"], row["uuid"]):
            return True
        self.conn.execute(
            "UPDATE entries SET deleted_at = ? WHERE id = ?", (rival[3] or rival[2], rival[0])
        )
        return False


def _insert_entries(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    return max(conn.executemany(_INSERT_ENTRY, map(itemgetter(*_ENTRY_FIELDS), rows)).rowcount, 0)


def _insert_many(conn: sqlite3.Connection, sql: str, rows: Iterable[dict[str, Any]]) -> int:
    return max(conn.executemany(sql, rows).rowcount, 0)


def _many(conn: sqlite3.Connection, sql: str, rows: list[dict[str, Any]]) -> int:
    return max(conn.executemany(sql, rows).rowcount, 0) if rows else 0

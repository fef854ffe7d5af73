"""Tombstones: all a purge (or an undone check-in) leaves of a row, its uuid and when.

A tombstone is final.  Triggers (`{table}_purged`) make SQLite ignore any
insert of a buried uuid, so a merge, an import, an inbox fold or a sync batch
made before the purge never brings the row back.  Since `009_purges_travel`
every new tombstone is marked for the next sync batch, and a device taking a
batch buries what it names here too, with the same erasing `purge` does: the
rows, what belongs to them (a promise's or an injury's own entries), and,
once the transaction is over, every trace in the search index, the free pages
and the WAL (`scrub`).  A purge wins over every change to the same row, older
or newer: nothing undoes it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

#: The tables whose rows a tombstone can name; their uuids never repeat across them.
_OWNERS = (("promises", "promise_id"), ("injuries", "injury_id"))
_NAMED = "(SELECT value FROM json_each(?))"


def erase(
    conn: sqlite3.Connection,
    entries: dict[int, str],
    owner: tuple[str, int, str] | None,
    stamp: str,
) -> None:
    """Delete the rows and leave (uuid, deleted) tombstones, inside one `writing()` block."""
    uuids = list(entries.values())
    conn.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in entries])
    if owner is not None:
        table, owner_id, uuid = owner
        if table == "injuries":
            conn.execute("UPDATE promises SET injury_id = NULL WHERE injury_id = ?", (owner_id,))
        conn.execute(f"DELETE FROM {table} WHERE id = ?", (owner_id,))
        uuids.append(uuid)
    conn.executemany(
        "INSERT OR IGNORE INTO tombstones (uuid, deleted) VALUES (?, ?)",
        [(uuid, stamp) for uuid in uuids],
    )
    if uuids:
        _owe_scrub(conn, stamp)


def _owe_scrub(conn: sqlite3.Connection, stamp: str) -> None:
    """In the erase's own transaction: a process killed after the commit, before
    `scrub`, leaves the words in free pages; the mark says a scrub is still owed
    (`scrub_if_owed`), and only something erased owes one."""
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (SCRUB_OWED, stamp))


#: The meta key that says an erase committed and its scrub has not finished yet.
SCRUB_OWED = "scrub_owed"


def scrub_owed(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM meta WHERE key = ?", (SCRUB_OWED,)).fetchone()
    return row is not None


def scrub_if_owed(conn: sqlite3.Connection) -> bool:
    """Scrub when an erase owes it: the one just committed, or one a killed purge,
    merge or sync left; True when it ran."""
    if not scrub_owed(conn):
        return False
    secure_delete(conn)
    scrub(conn)
    return True


def secure_delete(conn: sqlite3.Connection) -> None:
    """Overwrite what is deleted from now on (set outside a transaction, before erasing)."""
    conn.execute("PRAGMA secure_delete = ON")


def scrub(conn: sqlite3.Connection) -> None:
    """No trace in the search index, free pages or the WAL: rebuild, VACUUM, truncate.
    Outside any transaction, with `PRAGMA secure_delete = ON` set before the erasing."""
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
    conn.execute("VACUUM")
    conn.execute("DELETE FROM meta WHERE key = ?", (SCRUB_OWED,))  # after: a kill redoes it
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def bury(conn: sqlite3.Connection, tombstones: Iterable[Mapping[str, Any]]) -> int:
    """Record another device's tombstones and erase here what they name; returns how
    many rows went (entries, promises, injuries, check-ins).  Inside `writing()`."""
    stamps: dict[str, str] = {}
    for stone in tombstones:
        uuid, when = str(stone["uuid"]), str(stone["deleted"])
        stamps[uuid] = min(when, stamps.get(uuid, when))
    if not stamps:
        return 0
    conn.executemany(
        "INSERT INTO tombstones (uuid, deleted) VALUES (?, ?) "
        "ON CONFLICT(uuid) DO UPDATE SET deleted = min(deleted, excluded.deleted)",
        list(stamps.items()),
    )
    named = json.dumps(sorted(stamps))
    erased = sum(_bury_owner(conn, table, column, named, stamps) for table, column in _OWNERS)
    entries = _ids(conn, f"SELECT id, uuid FROM entries WHERE uuid IN {_NAMED}", named)
    erase(conn, entries, None, min(stamps.values()))
    gone = conn.execute(f"DELETE FROM checkins WHERE uuid IN {_NAMED}", (named,)).rowcount
    if gone > 0:
        _owe_scrub(conn, min(stamps.values()))  # a check-in's note, in free pages now
    return erased + len(entries) + max(gone, 0)


def _bury_owner(
    conn: sqlite3.Connection, table: str, column: str, named: str, stamps: dict[str, str]
) -> int:
    """Erase the named promises (or injuries) with their own entries, as `purge` does."""
    erased = 0
    found = conn.execute(f"SELECT id, uuid FROM {table} WHERE uuid IN {_NAMED}", (named,))
    for owner_id, uuid in found.fetchall():
        linked = _ids(conn, f"SELECT id, uuid FROM entries WHERE {column} = ?", owner_id)
        erase(conn, linked, (table, owner_id, uuid), stamps[uuid])
        erased += 1 + len(linked)
    return erased


def spare(conn: sqlite3.Connection, entry_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries from another copy, less those that belong to a buried promise or injury
    (made there before the purge reached it): those are buried here at once."""
    owners = {row[key] for row in entry_rows for key in ("promise_uuid", "injury_uuid")}
    buried = dict(
        conn.execute(
            f"SELECT uuid, deleted FROM tombstones WHERE uuid IN {_NAMED}",
            (json.dumps(sorted(owners - {None})),),
        ).fetchall()
    )
    if not buried:
        return entry_rows
    owner_of = {row["uuid"]: _buried_owner(row, buried) for row in entry_rows}
    conn.executemany(
        "INSERT OR IGNORE INTO tombstones (uuid, deleted) VALUES (?, ?)",
        [(uuid, when) for uuid, when in owner_of.items() if when is not None],
    )
    return [row for row in entry_rows if owner_of[row["uuid"]] is None]


def _buried_owner(row: dict[str, Any], buried: dict[str, str]) -> str | None:
    """When the entry's promise or injury was purged, if it was."""
    return buried.get(row["promise_uuid"] or "") or buried.get(row["injury_uuid"] or "")


def _ids(conn: sqlite3.Connection, sql: str, value: object) -> dict[int, str]:
    return {int(row_id): str(uuid) for row_id, uuid in conn.execute(sql, (value,))}

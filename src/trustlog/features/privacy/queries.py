"""The SQL of `purge`: what a purge touches, and erasing it with a tombstone left behind."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from trustlog.journal import Journal


def entry_uuids(journal: Journal, ids: Sequence[int]) -> dict[int, str]:
    marks = ",".join("?" * len(ids))
    rows = journal.conn.execute(f"SELECT id, uuid FROM entries WHERE id IN ({marks})", list(ids))
    return dict(rows.fetchall())


def deleted_entry_ids(journal: Journal) -> list[int]:
    rows = journal.conn.execute("SELECT id FROM entries WHERE deleted_at IS NOT NULL ORDER BY id")
    return [row[0] for row in rows]


def linked_entry_ids(journal: Journal, column: str, owner_id: int) -> list[int]:
    """The entries that belong to a promise (`promise_id`) or an injury (`injury_id`)."""
    assert column in ("promise_id", "injury_id")
    rows = journal.conn.execute(f"SELECT id FROM entries WHERE {column} = ?", (owner_id,))
    return [row[0] for row in rows]


def owner_uuid(journal: Journal, table: str, owner_id: int) -> str | None:
    assert table in ("promises", "injuries")
    row = journal.conn.execute(f"SELECT uuid FROM {table} WHERE id = ?", (owner_id,)).fetchone()
    return None if row is None else str(row[0])


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


def scrub(journal: Journal) -> None:
    """No trace in the search index, free pages or the WAL: rebuild, VACUUM, truncate."""
    conn = journal.conn
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

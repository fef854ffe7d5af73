"""The SQL of `purge`: what a purge touches, and erasing it with a tombstone left behind."""

from __future__ import annotations

from collections.abc import Sequence

from trustlog.journal import Journal, tombstones
from trustlog.journal.tombstones import erase

__all__ = ["erase", "scrub"]


def entry_uuids(journal: Journal, ids: Sequence[int]) -> dict[int, str]:
    marks = ",".join("?" * len(ids))
    rows = journal.conn.execute(f"SELECT id, uuid FROM entries WHERE id IN ({marks})", list(ids))
    return dict(rows.fetchall())


def entry_lines(journal: Journal, ids: Sequence[int]) -> dict[int, tuple[str, str, int]]:
    """(day, kind, amount) of each entry: what a purge names before it asks (never a note)."""
    marks = ",".join("?" * len(ids))
    rows = journal.conn.execute(
        f"SELECT id, day, kind, amount FROM entries WHERE id IN ({marks})", list(ids)
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def deleted_entry_ids(journal: Journal) -> list[int]:
    rows = journal.conn.execute("SELECT id FROM entries WHERE deleted_at IS NOT NULL ORDER BY id")
    return [row[0] for row in rows]


def linked_entry_ids(journal: Journal, column: str, owner_id: int) -> list[int]:
    """The entries that belong to a promise (`promise_id`) or an injury (`injury_id`)."""
    assert column in ("promise_id", "injury_id")
    rows = journal.conn.execute(f"SELECT id FROM entries WHERE {column} = ?", (owner_id,))
    return [row[0] for row in rows]


def amends_of(journal: Journal, injury_id: int) -> dict[int, str]:
    """The promises agreed as amends for an injury: id → uuid."""
    rows = journal.conn.execute(
        "SELECT id, uuid FROM promises WHERE injury_id = ? ORDER BY id", (injury_id,)
    )
    return dict(rows.fetchall())


def owner_uuid(journal: Journal, table: str, owner_id: int) -> str | None:
    assert table in ("promises", "injuries")
    row = journal.conn.execute(f"SELECT uuid FROM {table} WHERE id = ?", (owner_id,)).fetchone()
    return None if row is None else str(row[0])


def scrub(journal: Journal) -> None:
    """No trace in the search index, free pages or the WAL (the same scrub a sync does
    after burying another device's purges)."""
    tombstones.scrub(journal.conn)

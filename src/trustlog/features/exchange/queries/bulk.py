"""A big import's or merge's triggers and indexes set aside, and put back in one go.

Inside the caller's transaction the triggers that feed the search index (on
insert and update), the `days` roll-up and the sync marks are set aside and
put back exactly as they were; the new and changed rows are then indexed,
summed into their days and marked in one statement each: several times
faster for a big import, and a crash rolls back the whole thing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from trustlog.features.exchange.queries.aside import LEAST_CACHE_KIB, IndexesAside
from trustlog.journal.schema import DAYS_TRIGGERS, rebuild_touched_days
from trustlog.journal.watch import stamp_schema


@dataclass
class BulkIndex:
    """The search index while its triggers are set aside (a big import)."""

    bulk: bool = False
    last_id: int = 0
    reindex: set[int] = field(default_factory=set)
    aside: IndexesAside | None = None

    def before_update(self, conn: sqlite3.Connection, local: dict[str, Any]) -> None:
        if self.bulk and local["id"] <= self.last_id and local["id"] not in self.reindex:
            conn.execute(
                "INSERT INTO entries_fts (entries_fts, rowid, note, tags) "
                "VALUES ('delete', ?, ?, ?)",
                (local["id"], local["note"], local["tags"]),
            )
            self.reindex.add(local["id"])


@contextmanager
def search_index(conn: sqlite3.Connection, bulk: bool) -> Iterator[BulkIndex]:
    """Index new notes for search, and sum the `days` roll-up, in one statement each
    instead of row by row.

    Inside the caller's transaction the triggers that feed the search index
    (on insert and update) and the roll-up are set aside and put back exactly
    as they were, then the new and changed rows are indexed together and the
    roll-up is rebuilt: several times faster for a big import, and a crash
    rolls back the whole thing.
    """
    search = ("entries_ai", "entries_au")
    wanted = (*search, *DAYS_TRIGGERS)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entries' "
        f"AND name IN ({', '.join('?' * len(wanted))}) ORDER BY name",
        wanted,
    ).fetchall()
    has_index = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries_fts'").fetchone()
    if not bulk or len(triggers) != len(wanted) or not has_index:
        yield BulkIndex()
        return
    index = BulkIndex(bulk=True)
    conn.execute(f"PRAGMA cache_size = -{LEAST_CACHE_KIB}")
    index.last_id = conn.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]
    index.aside = IndexesAside(conn, index.last_id)
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    _note_touched_days(conn)
    marking = _set_sync_mark_aside(conn)
    yield index
    index.aside.restore()
    conn.execute(
        "INSERT INTO entries_fts (rowid, note, tags) SELECT id, note, tags FROM entries "
        "WHERE id > ? OR id IN (SELECT value FROM json_each(?))",
        (index.last_id, json.dumps(sorted(index.reindex))),
    )
    _rebuild_touched(conn, index.last_id)
    for _name, trigger_sql in triggers:
        conn.execute(trigger_sql)
    index.aside.grow_cache()
    _mark_new_entries(conn, marking, index.last_id)
    stamp_schema(conn)  # our own change: the next open need not look closer


def _set_sync_mark_aside(conn: sqlite3.Connection) -> tuple[str, int] | None:
    """Set aside the trigger that marks each new entry for sync (about 40% of a big
    import's SQLite time); `_mark_new_entries` marks them all in one statement.

    Returns the trigger's SQL and the last mark made before the import, or None
    when the journal has no sync marks (an older schema).
    """
    found = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'entries_sync_insert'"
    ).fetchone()
    if found is None:
        return None
    before = conn.execute("SELECT coalesce(max(id), 0) FROM sync_changes").fetchone()[0]
    conn.execute("DROP TRIGGER entries_sync_insert")
    return found[0], before


def _mark_new_entries(conn: sqlite3.Connection, marking: tuple[str, int] | None, last: int) -> None:
    """Mark the new entries for sync, in the order they went in, as the trigger would have.

    An entry that an update in this import already marked (with its floor)
    keeps that mark, as it would have had the trigger marked it first.
    """
    if marking is None:
        return
    trigger_sql, before = marking
    conn.execute(
        "INSERT OR REPLACE INTO sync_changes (kind, uuid) SELECT 'entry', e.uuid FROM entries e "
        "WHERE e.id > ? AND NOT EXISTS (SELECT 1 FROM sync_changes c WHERE c.kind = 'entry' "
        "AND c.uuid = e.uuid AND c.id > ?) ORDER BY e.id",
        (last, before),
    )
    conn.execute(trigger_sql)


def _note_touched_days(conn: sqlite3.Connection) -> None:
    """Keep, while the roll-up's triggers are aside, the days an update moves from or to.

    New rows are found afterwards by id (they all come after `last_id`) and
    added to their days' sums; an update (a later edit, a deletion, a
    resolution set aside) can touch any day, so a temporary trigger notes its
    old and new day, summed again whole. Only dates go in the temporary table,
    never a note.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched_days (day TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.touched_days")
    conn.execute(
        "CREATE TEMP TRIGGER IF NOT EXISTS touched_days_update AFTER UPDATE ON main.entries "
        "BEGIN INSERT OR IGNORE INTO touched_days (day) VALUES (OLD.day), (NEW.day); END"
    )


def _rebuild_touched(conn: sqlite3.Connection, last_id: int) -> None:
    """Add the new rows to their days; sum again whole only the days updates touched."""
    conn.execute("DROP TRIGGER IF EXISTS temp.touched_days_update")
    rebuild_touched_days(conn, "temp.touched_days", last_id)
    conn.execute("DELETE FROM temp.touched_days")

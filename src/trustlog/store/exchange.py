"""SQL for data that travels: export, import, merge, compare and backup.

Everything crosses journals by uuid, never by local id: a promise is #3 here
and #7 on the other machine, so links travel as `promise_uuid` /
`injury_uuid` and are turned back into local ids on the way in.  Rows are
streamed with cursors and written with `executemany`, so a 100,000-entry
import or merge never holds more than a batch of rows at once.  The
per-person counts only `trustlog compare` reads are in `store.compare`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote

from trustlog.errors import NotATrustlogJournal, TrustlogError
from trustlog.store import (
    APPLICATION_ID,
    BUSY_TIMEOUT_SECONDS,
    SCHEMA_VERSION,
    SQLITE_HEADER,
    Journal,
    now_utc,
)

BATCH = 5000
#: From this many entries on, the search index is filled in one statement at the end.
BULK = 1000

#: Rows cross journals in a portable shape: entries as `entries()` yields them
#: (links as `promise_uuid` / `injury_uuid`), promises with `injury_uuid`.
PERIOD = "(:since IS NULL OR {col} >= :since) AND (:until IS NULL OR {col} <= :until)"


def period(since: date | None, until: date | None) -> dict[str, str | None]:
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }


def _dicts(cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    while rows := cursor.fetchmany(BATCH):
        for row in rows:
            yield dict(zip(names, row, strict=True))


# -- reading (export, merge source) ---------------------------------------------


def entries(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None
) -> Iterator[dict[str, Any]]:
    """Every entry in the period, deleted ones too (deletions travel as tombstones)."""
    cursor = conn.execute(
        'SELECT e.id, e.uuid, e.kind, e.amount, e.by, e.day AS "on", e.note, e.tags, '
        "e.promise_id, e.injury_id, e.recorded_at, e.deleted_at, e.occurrence, e.step, "
        "p.uuid AS promise_uuid, i.uuid AS injury_uuid FROM entries e "
        "LEFT JOIN promises p ON p.id = e.promise_id LEFT JOIN injuries i ON i.id = e.injury_id "
        f"WHERE {PERIOD.format(col='e.day')} ORDER BY e.day, e.recorded_at, e.id",
        period(since, until),
    )
    for row in _dicts(cursor):
        row["tags"] = row["tags"].split()
        yield row


def promises(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    """Promises made in the period, and any an exported entry points to."""
    cursor = conn.execute(
        "SELECT p.id, p.uuid, p.text, p.by, p.made_on, p.due, p.rule, p.injury_id, "
        "i.uuid AS injury_uuid, p.dropped_on, p.recorded_at FROM promises p "
        "LEFT JOIN injuries i ON i.id = p.injury_id "
        f"WHERE {PERIOD.format(col='p.made_on')} OR p.id IN (SELECT promise_id FROM entries "
        f"WHERE promise_id IS NOT NULL AND {PERIOD.format(col='day')}) ORDER BY p.id",
        period(since, until),
    )
    return list(_dicts(cursor))


def injuries(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    """Injuries of the period, and any an exported entry or promise points to."""
    cursor = conn.execute(
        'SELECT id, uuid, text, severity, by, day AS "on", recorded_at FROM injuries '
        f"WHERE {PERIOD.format(col='day')} "
        f"OR id IN (SELECT injury_id FROM entries WHERE {PERIOD.format(col='day')}) "
        f"OR id IN (SELECT injury_id FROM promises WHERE {PERIOD.format(col='made_on')}) "
        "ORDER BY id",
        period(since, until),
    )
    return list(_dicts(cursor))


def checkins(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    cursor = conn.execute(
        'SELECT id, uuid, day AS "on", note, recorded_at FROM checkins '
        f"WHERE {PERIOD.format(col='day')} ORDER BY day, id",
        period(since, until),
    )
    return list(_dicts(cursor))


def uuid_map(conn: sqlite3.Connection, table: str) -> dict[str, int]:
    """uuid → local id for promises or injuries (a few hundred rows at most)."""
    assert table in ("promises", "injuries")
    return {uuid: row_id for uuid, row_id in conn.execute(f"SELECT uuid, id FROM {table}")}


def id_to_uuid(conn: sqlite3.Connection, table: str) -> dict[int, str]:
    return {row_id: uuid for uuid, row_id in uuid_map(conn, table).items()}


# -- writing (import, merge) ----------------------------------------------------


@dataclass
class United:
    """What `unite` added or changed, for the summary line."""

    entries: int = 0
    repair_steps: int = 0
    deleted: int = 0
    superseded: int = 0
    promises: int = 0
    dropped: int = 0
    injuries: int = 0
    checkins: int = 0
    #: Entries read from the other side, new or not.
    seen: int = 0


def unite(
    conn: sqlite3.Connection,
    injury_rows: Iterable[dict[str, Any]],
    promise_rows: Iterable[dict[str, Any]],
    entry_rows: Iterable[dict[str, Any]],
    checkin_rows: Iterable[dict[str, Any]],
    bulk: bool = False,
) -> United:
    """Add what is missing by uuid and let tombstones win; call inside `writing()`.

    The rules make merging order-free: a deletion (or a dropped promise) on
    either side wins, the earlier timestamp is kept when both have one, and
    when two live entries resolve the same promise occurrence the one
    recorded first stays live and the other is kept as a deleted entry.
    """
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
    done.dropped = _update_many(
        conn,
        "UPDATE promises SET dropped_on = :dropped_on WHERE uuid = :uuid AND dropped_on IS NULL",
        [row for row in promise_list if row["dropped_on"]],
    )
    _update_many(
        conn,
        "UPDATE promises SET dropped_on = :dropped_on WHERE uuid = :uuid "
        "AND dropped_on > :dropped_on",
        [row for row in promise_list if row["dropped_on"]],
    )
    done.promises = _insert_many(
        conn,
        "INSERT INTO promises (uuid, text, by, made_on, due, rule, injury_id, dropped_on, "
        "recorded_at) VALUES (:uuid, :text, :by, :made_on, :due, :rule, :injury_id, "
        ":dropped_on, :recorded_at) ON CONFLICT(uuid) DO NOTHING",
        promise_list,
    )
    promise_ids = uuid_map(conn, "promises")
    repairs_before = _count(conn, "kind = 'repair'")
    rows = iter(entry_rows)
    with _search_index_after(conn) if bulk else nullcontext():
        while batch := list(islice(rows, BATCH)):
            _unite_entries(conn, batch, promise_ids, injury_ids, done)
    done.repair_steps = _count(conn, "kind = 'repair'") - repairs_before
    done.entries -= done.repair_steps
    done.checkins = _insert_many(
        conn,
        "INSERT INTO checkins (uuid, day, note, recorded_at) "
        "VALUES (:uuid, :on, :note, :recorded_at) ON CONFLICT(uuid) DO NOTHING",
        checkin_rows,
    )
    return done


_INSERT_ENTRY = (
    "INSERT INTO entries (uuid, kind, amount, by, day, note, tags, promise_id, injury_id, "
    "occurrence, recorded_at, deleted_at, step) VALUES (:uuid, :kind, :amount, :by, :on, :note, "
    ":tags, :promise_id, :injury_id, :occurrence, :recorded_at, :deleted_at, :step) "
    "ON CONFLICT(uuid) DO NOTHING"
)


def _unite_entries(
    conn: sqlite3.Connection,
    batch: list[dict[str, Any]],
    promise_ids: dict[str, int],
    injury_ids: dict[str, int],
    done: United,
) -> None:
    done.seen += len(batch)
    rows = [
        row
        | {
            "tags": " ".join(row["tags"]),
            "promise_id": promise_ids.get(row["promise_uuid"] or ""),
            "injury_id": injury_ids.get(row["injury_uuid"] or ""),
        }
        for row in batch
    ]
    tombstones = [row for row in rows if row["deleted_at"]]
    done.deleted += _update_many(
        conn,
        "UPDATE entries SET deleted_at = :deleted_at WHERE uuid = :uuid AND deleted_at IS NULL",
        tombstones,
    )
    _update_many(
        conn,
        "UPDATE entries SET deleted_at = :deleted_at WHERE uuid = :uuid "
        "AND deleted_at > :deleted_at",
        tombstones,
    )
    plain = []
    for row in rows:
        if row["deleted_at"] or row["promise_id"] is None or row["occurrence"] is None:
            plain.append(row)
        else:
            done.entries += _add_resolution(conn, row, done)
    done.entries += _insert_many(conn, _INSERT_ENTRY, plain)


def _add_resolution(conn: sqlite3.Connection, row: dict[str, Any], done: United) -> int:
    """One live kept/broken: the occurrence's earliest-recorded resolution stays live."""
    if conn.execute("SELECT 1 FROM entries WHERE uuid = ?", (row["uuid"],)).fetchone():
        return 0
    rival = conn.execute(
        "SELECT id, recorded_at, uuid FROM entries WHERE promise_id = ? AND occurrence = ? "
        "AND deleted_at IS NULL",
        (row["promise_id"], row["occurrence"]),
    ).fetchone()
    if rival is not None:
        if (rival[1], rival[2]) <= (row["recorded_at"], row["uuid"]):
            row = row | {"deleted_at": now_utc()}
        else:
            conn.execute("UPDATE entries SET deleted_at = ? WHERE id = ?", (now_utc(), rival[0]))
            done.superseded += 1
    return conn.execute(_INSERT_ENTRY, row).rowcount


@contextmanager
def _search_index_after(conn: sqlite3.Connection) -> Iterator[None]:
    """Index new notes for search in one statement instead of row by row.

    Inside the caller's transaction the two triggers that feed the search
    index on insert and update are set aside and put back exactly as they
    were, then the new rows are indexed together: ten times faster for a big
    import, and a crash rolls back the whole thing, triggers included.
    Updates here only set `deleted_at`, which the index does not hold.
    """
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entries' "
        "AND name IN ('entries_ai', 'entries_au') ORDER BY name"
    ).fetchall()
    has_index = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries_fts'").fetchone()
    if len(triggers) != 2 or not has_index:
        yield
        return
    last_id = conn.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    yield
    conn.execute(
        "INSERT INTO entries_fts (rowid, note, tags) SELECT id, note, tags FROM entries "
        "WHERE id > ?",
        (last_id,),
    )
    for _name, trigger_sql in triggers:
        conn.execute(trigger_sql)


def _insert_many(conn: sqlite3.Connection, sql: str, rows: Iterable[dict[str, Any]]) -> int:
    return max(conn.executemany(sql, rows).rowcount, 0)


def _update_many(conn: sqlite3.Connection, sql: str, rows: list[dict[str, Any]]) -> int:
    return max(conn.executemany(sql, rows).rowcount, 0) if rows else 0


def _count(conn: sqlite3.Connection, where: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM entries WHERE {where}").fetchone()[0])


# -- another journal, read-only ----------------------------------------------------


def open_other(path: Path) -> sqlite3.Connection:
    """Open another journal read-only: merge and compare never change it.

    An older journal is copied into memory and upgraded there, so it can be
    read without writing a byte to the file.
    """
    if not path.is_file():
        raise TrustlogError(f"There is no journal at {path}.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise TrustlogError(f"Could not read {path}: {error.strerror}.") from None
    if header != SQLITE_HEADER:
        raise NotATrustlogJournal(f"{path} is not a trustlog journal (not an SQLite database).")
    # With no -wal file beside it, nobody has the journal open and the file
    # holds all of it: `immutable=1` reads it without creating -wal/-shm side
    # files in the other folder.  With a -wal, `mode=ro` reads that too.
    quiet = not Path(f"{path}-wal").exists()
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if quiet else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise TrustlogError(f"Could not open {path} ({error}).") from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        conn.close()
        raise NotATrustlogJournal(
            f"{path} could not be read as a trustlog journal ({error})."
        ) from None
    if app_id != APPLICATION_ID:
        conn.close()
        raise NotATrustlogJournal(f"{path} is an SQLite database, but not a trustlog journal.")
    if version > SCHEMA_VERSION:
        conn.close()
        raise TrustlogError(f"{path} was written by a newer trustlog; please upgrade trustlog.")
    if version < SCHEMA_VERSION:
        memory = sqlite3.connect(":memory:", isolation_level=None)
        conn.backup(memory)
        conn.close()
        Journal(path, memory)._migrate("me")
        conn = memory
    return conn


def owner(conn: sqlite3.Connection) -> dict[str, str]:
    return {key: value for key, value in conn.execute("SELECT key, value FROM meta")}


# -- period roll-ups (compare, markdown report) ----------------------------------


def daily_nets(
    conn: sqlite3.Connection, since: date | None, until: date | None
) -> dict[str, tuple[int, int]]:
    """day → (net, entries) over both people, from the `days` roll-up."""
    return {
        day: (net, count)
        for day, net, count in conn.execute(
            "SELECT day, sum(net), sum(entries) FROM days "
            f"WHERE {PERIOD.format(col='day')} GROUP BY day HAVING sum(entries) > 0",
            period(since, until),
        )
    }


def balance(conn: sqlite3.Connection, since: date | None, until: date | None) -> int:
    row = conn.execute(
        f"SELECT coalesce(sum(net), 0) FROM days WHERE {PERIOD.format(col='day')}",
        period(since, until),
    ).fetchone()
    return int(row[0])


# -- markdown report -----------------------------------------------------------------


def repairs(conn: sqlite3.Connection, until: date | None) -> list[dict[str, Any]]:
    """Each injury with its steps' first dates and the net recorded since its day."""
    found = []
    limit = until.isoformat() if until else "9999-12-31"
    for injury_id, text, severity, by, day in conn.execute(
        "SELECT id, text, severity, by, day FROM injuries WHERE day <= ? ORDER BY day", (limit,)
    ).fetchall():
        steps = dict(
            conn.execute(
                "SELECT step, min(day) FROM entries WHERE injury_id = ? AND kind = 'repair' "
                "AND deleted_at IS NULL AND step IS NOT NULL GROUP BY step",
                (injury_id,),
            ).fetchall()
        )
        amount = conn.execute(
            "SELECT coalesce(sum(amount), 0) FROM entries WHERE injury_id = ? "
            "AND kind = 'injury' AND deleted_at IS NULL",
            (injury_id,),
        ).fetchone()[0]
        recovered = conn.execute(
            "SELECT coalesce(sum(net), 0) FROM days WHERE day > ? AND day <= ?", (day, limit)
        ).fetchone()[0]
        found.append(
            {
                "id": injury_id,
                "text": text,
                "severity": severity,
                "by": by,
                "on": day,
                "steps": steps,
                "amount": amount,
                "recovered": recovered,
            }
        )
    return found

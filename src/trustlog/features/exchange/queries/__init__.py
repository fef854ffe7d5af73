"""SQL for data that travels: export, import, merge, compare and backup.

Everything crosses journals by uuid, never by local id: a promise is #3 here
and #7 on the other machine, so links travel as `promise_uuid` /
`injury_uuid` and are turned back into local ids on the way in.  Rows are
streamed with cursors, so a 100,000-entry export or merge never holds more
than a batch of rows at once.  Writing them in is `queries.unite`'s job; the
per-person counts only `trustlog compare` reads are in `queries.compare`, the
Markdown report's in `queries.markdown`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

BATCH = 5000

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
        "e.promise_id, e.injury_id, e.recorded_at, e.deleted_at, e.changed_at, e.occurrence, "
        "e.step, "
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
    """Injuries of the period, and any an exported entry or promise points to
    (a promise is exported when made in the period or resolved in it)."""
    cursor = conn.execute(
        'SELECT id, uuid, text, severity, by, day AS "on", recorded_at FROM injuries '
        f"WHERE {PERIOD.format(col='day')} "
        f"OR id IN (SELECT injury_id FROM entries WHERE {PERIOD.format(col='day')}) "
        f"OR id IN (SELECT injury_id FROM promises WHERE {PERIOD.format(col='made_on')} "
        "OR id IN (SELECT promise_id FROM entries WHERE promise_id IS NOT NULL "
        f"AND {PERIOD.format(col='day')})) ORDER BY id",
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


def owner(conn: sqlite3.Connection) -> dict[str, str]:
    return {key: value for key, value in conn.execute("SELECT key, value FROM meta")}


def is_empty(conn: sqlite3.Connection) -> bool:
    """Whether nothing was ever recorded: no entry, promise, injury or check-in."""
    return not conn.execute(
        "SELECT EXISTS (SELECT 1 FROM entries) OR EXISTS (SELECT 1 FROM promises) "
        "OR EXISTS (SELECT 1 FROM injuries) OR EXISTS (SELECT 1 FROM checkins)"
    ).fetchone()[0]


def adopt_owner(conn: sqlite3.Connection, owner_uuid: str, name: str | None) -> None:
    """Take over a moved journal's owner, so it can still merge with the old copy."""
    conn.execute("UPDATE meta SET value = ? WHERE key = 'owner_uuid'", (owner_uuid,))
    if name:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'owner_name'", (name,))


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


def tombstones(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every purge the copy knows of: a uuid and when (never what was erased)."""
    return list(_dicts(conn.execute("SELECT uuid, deleted FROM tombstones")))


def entry_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])

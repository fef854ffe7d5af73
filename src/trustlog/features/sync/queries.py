"""The journal's side of sync: what changed since the last batch, and how far each
other device's batches have been taken.

Triggers (migration `007_sync_changes`) mark every changed entry, promise,
injury and check-in in `sync_changes`; a batch carries each marked thing's
whole current row, plus the promise and injury a marked entry points to, so
every batch can be applied on its own whatever arrived before it.  A purge
goes as its tombstone (table `tombstones`: uuid and when, never the note);
a batch from before `009_purges_travel` simply has none.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from trustlog.journal import dict_rows

DEVICE_KEY = "sync_device"
SENT_KEY = "sync_sent"

_ENTRIES = (
    'SELECT e.uuid, e.kind, e.amount, e.by, e.day AS "on", e.note, e.tags, e.recorded_at, '
    "e.deleted_at, e.changed_at, e.occurrence, e.step, p.uuid AS promise_uuid, "
    "i.uuid AS injury_uuid FROM entries e LEFT JOIN promises p ON p.id = e.promise_id "
    "LEFT JOIN injuries i ON i.id = e.injury_id "
    "WHERE e.uuid IN (SELECT uuid FROM sync_changes WHERE kind = 'entry' AND id <= :upto)"
)
_PROMISES = (
    "SELECT p.uuid, p.text, p.by, p.made_on, p.due, p.rule, i.uuid AS injury_uuid, "
    "p.dropped_on, p.recorded_at FROM promises p LEFT JOIN injuries i ON i.id = p.injury_id "
    "WHERE p.uuid IN (SELECT uuid FROM sync_changes WHERE kind = 'promise' AND id <= :upto) "
    "OR p.id IN (SELECT promise_id FROM entries WHERE uuid IN "
    "(SELECT uuid FROM sync_changes WHERE kind = 'entry' AND id <= :upto))"
)
_INJURIES = (
    'SELECT uuid, text, severity, by, day AS "on", recorded_at FROM injuries '
    "WHERE uuid IN (SELECT uuid FROM sync_changes WHERE kind = 'injury' AND id <= :upto) "
    "OR id IN (SELECT injury_id FROM entries WHERE uuid IN "
    "(SELECT uuid FROM sync_changes WHERE kind = 'entry' AND id <= :upto)) "
    "OR id IN (SELECT injury_id FROM promises WHERE uuid IN "
    "(SELECT uuid FROM sync_changes WHERE kind = 'promise' AND id <= :upto) "
    "OR id IN (SELECT promise_id FROM entries WHERE uuid IN "
    "(SELECT uuid FROM sync_changes WHERE kind = 'entry' AND id <= :upto)))"
)
_CHECKINS = (
    'SELECT uuid, day AS "on", note, recorded_at FROM checkins '
    "WHERE uuid IN (SELECT uuid FROM sync_changes WHERE kind = 'checkin' AND id <= :upto)"
)
#: A purge (or an undone check-in) travels as its tombstone alone: uuid and when.
_TOMBSTONES = (
    "SELECT uuid, deleted FROM tombstones "
    "WHERE uuid IN (SELECT uuid FROM sync_changes WHERE kind = 'tombstone' AND id <= :upto)"
)


def sunk_changes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Entries changed here with a stamp not above the one they had (a clock behind,
    or the same moment): (uuid, that earlier stamp)."""
    return [
        (str(uuid), str(floor))
        for uuid, floor in conn.execute(
            "SELECT e.uuid, c.floor FROM sync_changes c JOIN entries e ON e.uuid = c.uuid "
            "WHERE c.kind = 'entry' AND c.floor IS NOT NULL "
            "AND coalesce(e.changed_at, e.recorded_at) <= c.floor"
        )
    ]


def lift(conn: sqlite3.Connection, stamps: list[tuple[str, str]]) -> None:
    conn.executemany("UPDATE entries SET changed_at = ? WHERE uuid = ?", stamps)


def last_change(conn: sqlite3.Connection) -> int:
    """The id of the newest change mark (0: nothing changed since the last batch)."""
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM sync_changes").fetchone()[0])


def changes(conn: sqlite3.Connection, upto: int) -> list[dict[str, Any]]:
    """Every marked thing's current row, each with its `table`, up to mark `upto`."""
    found: list[dict[str, Any]] = []
    for table, sql in (
        ("injuries", _INJURIES),
        ("promises", _PROMISES),
        ("entries", _ENTRIES),
        ("checkins", _CHECKINS),
        ("tombstones", _TOMBSTONES),
    ):
        for row in dict_rows(conn.execute(sql, {"upto": upto})):
            if table == "entries":
                row["tags"] = row["tags"].split()
            found.append({"table": table, **row})
    return found


def forget_changes(conn: sqlite3.Connection, upto: int) -> None:
    """Clear the marks a batch has carried (a change made since keeps its newer mark)."""
    conn.execute("DELETE FROM sync_changes WHERE id <= ?", (upto,))


def forget_changes_after(conn: sqlite3.Connection, after: int) -> None:
    """Clear the marks that taking other devices' batches made: they are not this
    device's news, and sending them back would only echo."""
    conn.execute("DELETE FROM sync_changes WHERE id > ?", (after,))


def meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def forget_meta(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM meta WHERE key = ?", (key,))


def taken(conn: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    """device → (last seq taken, when), for every device this journal took from."""
    return {
        device: (int(seq), str(at))
        for device, seq, at in conn.execute("SELECT device, seq, taken_at FROM sync_taken")
    }


def record_taken(conn: sqlite3.Connection, progress: dict[str, int], at: str) -> None:
    conn.executemany(
        "INSERT INTO sync_taken (device, seq, taken_at) VALUES (?, ?, ?) "
        "ON CONFLICT(device) DO UPDATE SET seq = max(seq, excluded.seq), "
        "taken_at = excluded.taken_at",
        [(device, seq, at) for device, seq in progress.items()],
    )


def adopt(conn: sqlite3.Connection, owner: dict[str, str]) -> None:
    """Take the joined journal's owner (and its age key pair, when it has one)."""
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [(key, value) for key, value in owner.items()],
    )


def identity_rows(conn: sqlite3.Connection, keys: tuple[str, ...]) -> dict[str, str]:
    marks = json.dumps(list(keys))
    return {
        str(key): str(value)
        for key, value in conn.execute(
            "SELECT key, value FROM meta WHERE key IN (SELECT value FROM json_each(?))", (marks,)
        )
    }


def remark_everything(conn: sqlite3.Connection) -> None:
    """Mark every row as changed and forget what was taken: a journal that joins
    another sends all it holds and takes all there is."""
    for kind, table in (
        ("entry", "entries"),
        ("promise", "promises"),
        ("injury", "injuries"),
        ("checkin", "checkins"),
        ("tombstone", "tombstones"),
    ):
        conn.execute(
            f"INSERT OR REPLACE INTO sync_changes (kind, uuid) SELECT '{kind}', uuid FROM {table}"
        )
    conn.execute("DELETE FROM sync_taken")

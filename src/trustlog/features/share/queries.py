"""What goes into a share packet, and a packet read back as a journal for `compare`."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from trustlog.features.exchange.queries import PERIOD, period
from trustlog.journal import dict_rows, new_identity


def entries(conn: sqlite3.Connection, since: date | None, notes: bool) -> list[dict[str, Any]]:
    """Live entries of the period: kind, day, amount, who acted; notes only when asked."""
    note = "e.note" if notes else "''"
    return dict_rows(
        conn.execute(
            f'SELECT e.uuid, e.kind, e.amount, e.by, e.day AS "on", {note} AS note, '
            "e.occurrence, e.step, p.uuid AS promise_uuid, "
            "i.uuid AS injury_uuid FROM entries e LEFT JOIN promises p ON p.id = e.promise_id "
            "LEFT JOIN injuries i ON i.id = e.injury_id "
            f"WHERE e.deleted_at IS NULL AND {PERIOD.format(col='e.day')} ORDER BY e.day, e.id",
            period(since, None),
        )
    )


def promises(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every promise's title, maker and dates (compare counts kept and broken by maker)."""
    return dict_rows(
        conn.execute(
            "SELECT p.uuid, p.text, p.by, p.made_on, p.due, p.rule, i.uuid AS injury_uuid, "
            "p.dropped_on FROM promises p "
            "LEFT JOIN injuries i ON i.id = p.injury_id ORDER BY p.id"
        )
    )


def injuries(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return dict_rows(
        conn.execute('SELECT uuid, text, severity, by, day AS "on" FROM injuries ORDER BY id')
    )


def load(conn: sqlite3.Connection, packet: dict[str, Any]) -> None:
    """Fill an empty in-memory journal with a packet, so `compare` reads it as a journal."""
    from trustlog.features.exchange.queries.unite import unite

    rows = [
        _undated(row, "on") | {"tags": [], "deleted_at": None, "changed_at": None}
        for row in packet["entries"]
    ]
    injuries = [_undated(row, "on") for row in packet["injuries"]]
    promises = [_undated(row, "made_on") for row in packet["promises"]]
    conn.execute("BEGIN")
    try:
        unite(conn, injuries, promises, rows, [])
    except sqlite3.Error as error:  # a value SQLite refuses: the packet is damaged
        raise ValueError(str(error)) from None
    # A packet carries no journal id (only a mark for its own owner): a stand-in.
    their_id = packet["owner"].get("uuid") or new_identity()
    conn.execute("UPDATE meta SET value = ? WHERE key = 'owner_uuid'", (their_id,))
    conn.execute(
        "UPDATE meta SET value = ? WHERE key = 'owner_name'", (packet["owner"].get("name", ""),)
    )
    conn.execute("COMMIT")


def _undated(row: dict[str, Any], day: str) -> dict[str, Any]:
    """A packet row with its day standing in for when it was written: a packet
    leaves that out (it would tell a partner the hour of every entry), and
    `compare` never reads it. Older packets carried it and still open."""
    return {"recorded_at": f"{row[day]}T00:00:00+00:00"} | row

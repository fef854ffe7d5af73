"""SQL for settings that live in the journal too: the owner's name in `meta`."""

from __future__ import annotations

import sqlite3


def set_owner_name(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("UPDATE meta SET value = ? WHERE key = 'owner_name'", (name,))

"""Noticing, at no measurable cost, that another tool changed the journal's schema.

SQLite bumps `PRAGMA schema_version` on every change to the schema (and on
VACUUM), by any program.  trustlog stores the value it last left in `meta`
(key `schema_version`), in the same transaction as its own migrations and
repairs.  On open, one query reads the file's identity, the live value and
the stored one; only when they differ does trustlog look closer
(`owned_objects_missing`), then repairs what it owns and stamps the new value,
or refuses and points at `trustlog doctor`.  Writing rows never changes the
value, so the common path costs nothing more than the identity it read anyway.

The protocol, for the journal door:

1. `identity = read_identity(conn)` (instead of today's two PRAGMAs); the journal is
   as trustlog left it when `identity.schema_unchanged`.
2. Otherwise `owned_objects_missing(conn, TRIGGERS, FTS_TABLE)`: empty means
   the change was harmless (a VACUUM, a `.dump` reload, an index someone added):
   `stamp_schema(conn)` in a write transaction (skipped when read-only).
3. A non-empty list: repair exactly (recreate the triggers, rebuild `days` and
   the search index) and stamp in one transaction, or refuse.
4. After trustlog's own migrations, `stamp_schema(conn)` before COMMIT.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

#: The `meta` key holding the schema_version trustlog last wrote.
STAMP_KEY = "schema_version"

#: Plain PRAGMAs read the header without a virtual table: measured ~35 µs cheaper an
#: open than one SELECT over pragma_application_id() and friends.
_PRAGMAS = ("application_id", "user_version", "schema_version")
_TOKENIZE = re.compile(r"tokenize\s*=\s*['\"]?([^'\",)]+)", re.IGNORECASE)


class Identity(NamedTuple):
    """What opening reads about the file, before any command's own query."""

    application_id: int
    user_version: int
    schema_version: int
    stamped: int | None

    @property
    def schema_unchanged(self) -> bool:
        """True when nobody changed the schema since trustlog last stamped it."""
        return self.stamped == self.schema_version


def schema_version(conn: sqlite3.Connection) -> int:
    """SQLite's schema cookie: changes with every CREATE, DROP, ALTER and VACUUM."""
    return int(conn.execute("PRAGMA schema_version").fetchone()[0])


def _stamp(conn: sqlite3.Connection) -> int | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (STAMP_KEY,)).fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None  # a file being created, or another program's
        raise
    if row is None:
        return None
    try:
        return int(row[0])
    except (TypeError, ValueError):
        return None


def read_identity(conn: sqlite3.Connection) -> Identity:
    """application_id, user_version, schema_version and trustlog's stamp.

    Three header reads and one lookup by primary key; a real command loads the
    schema for its own first query anyway, so this adds about 20 µs an open.
    """
    app_id, user_version, version = (
        int(conn.execute(f"PRAGMA {name}").fetchone()[0]) for name in _PRAGMAS
    )
    return Identity(app_id, user_version, version, _stamp(conn))


def stamped_schema_version(conn: sqlite3.Connection) -> int | None:
    """The schema_version trustlog last wrote, or None (never stamped, or no `meta`)."""
    return read_identity(conn).stamped


def stamp_schema(conn: sqlite3.Connection) -> int:
    """Store the current schema_version in `meta`; call inside the write transaction.

    Call it last, after every CREATE/DROP of that transaction: the value read
    inside the transaction is the one the file keeps after COMMIT.
    """
    conn.execute(
        "INSERT INTO meta (key, value) SELECT ?, schema_version FROM pragma_schema_version "
        "WHERE true ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (STAMP_KEY,),
    )
    return schema_version(conn)


def _tokenizer(sql: str) -> str:
    match = _TOKENIZE.search(sql)
    return match.group(1).strip().lower() if match else "unicode61"


def _fts_problem(name: str, sql: str | None, tokenize: str | None) -> str | None:
    if sql is None:
        return f"the search index {name} is missing"
    if tokenize is not None and _tokenizer(sql) != tokenize.lower():
        return (
            f"the search index {name} was replaced "
            f"(it uses the {_tokenizer(sql)!r} tokenizer, not {tokenize!r})"
        )
    return None


def owned_objects_missing(
    conn: sqlite3.Connection,
    expected_triggers: Iterable[str],
    expected_fts: str,
    *,
    fts_tokenize: str | None = "porter",
) -> list[str]:
    """What trustlog owns that is gone or replaced, one plain line each; [] when all is there.

    Reads `sqlite_master` once.  The search index counts as replaced when its
    tokenizer is not `fts_tokenize` (an `enable-fts --replace` drops stemming).
    """
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger' OR name = ?",
        (expected_fts,),
    ).fetchall()
    present = {name for kind, name, _ in rows if kind == "trigger"}
    problems = [
        f"the trigger {name} is missing" for name in expected_triggers if name not in present
    ]
    index = [sql or "" for kind, _, sql in rows if kind == "table"]
    problem = _fts_problem(expected_fts, index[0] if index else None, fts_tokenize)
    if problem:
        problems.append(problem)
    return problems

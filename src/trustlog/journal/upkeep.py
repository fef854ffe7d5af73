"""Putting back what trustlog owns in a journal after another tool changed its schema.

trustlog owns the `days` roll-up with its four triggers, the roll-ups kept
from it (the home screen's totals and streak mark, the months) with theirs,
and the search index `entries_fts` with its three triggers: all of them
follow from the entries, so they can be re-created exactly.  The reference is
a fresh journal built in memory by the migrations themselves, so a repair is never a second copy of
the schema that could drift from it.  The tables that hold what the user
wrote (entries, promises, injuries, check-ins, meta) are never re-created:
when one of them lost a column, trustlog refuses and points at `doctor`.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from functools import cache
from pathlib import Path

from trustlog.app.errors import TrustlogError
from trustlog.journal import months, running
from trustlog.journal.schema import DAYS_TRIGGERS, rebuild_days
from trustlog.journal.watch import owned_objects_missing, stamp_schema

FTS_TABLE = "entries_fts"
SEARCH_TRIGGERS = ("entries_ai", "entries_ad", "entries_au")
OWNED_TRIGGERS = (*DAYS_TRIGGERS, *SEARCH_TRIGGERS)
#: The roll-ups kept from `days` by triggers (the home screen's totals and streak
#: mark since schema 10, the months since 11): derived, so re-created exactly too.
#: Their tables and triggers are read from the SQL that makes them (`_MADE`).
ROLLUPS: dict[int, str] = {10: running.SCHEMA_SQL, 11: months.SCHEMA_SQL}
_MADE = re.compile(r"CREATE (TABLE|TRIGGER) (\w+)")
#: Tables holding what the user wrote, and the columns trustlog reads from each.
KEPT_TABLES = ("meta", "entries", "days", "promises", "injuries", "checkins")
_SPACE = re.compile(r"[\s\"\[\]`]+")


@cache
def reference() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """type, sql and columns of every object in a journal fresh from the migrations."""
    from sqlite_utils import Database

    from trustlog.journal import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.apply(Database(conn, execute_plugins=False))
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        ).fetchall()
        objects: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        for kind, name, sql in rows:
            columns: tuple[str, ...] = ()
            if kind == "table":
                columns = tuple(r[1] for r in conn.execute(f"PRAGMA table_info('{name}')"))
            objects[name] = (kind, sql, columns)
        return objects
    finally:
        conn.close()


def _same(a: str | None, b: str) -> bool:
    return (
        a is not None and _SPACE.sub(" ", a).strip().lower() == _SPACE.sub(" ", b).strip().lower()
    )


def _owned(conn: sqlite3.Connection) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The roll-up tables and every owned trigger a journal of this version has."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables: tuple[str, ...] = ()
    triggers: tuple[str, ...] = OWNED_TRIGGERS
    for since, sql in ROLLUPS.items():
        if version >= since:
            made = _MADE.findall(sql)
            tables += tuple(name for kind, name in made if kind == "TABLE")
            triggers += tuple(name for kind, name in made if kind == "TRIGGER")
    return tables, triggers


def changed_triggers(conn: sqlite3.Connection) -> list[str]:
    """Owned triggers that are there but not as trustlog wrote them."""
    rows = dict(
        conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    )
    ref = reference()
    return [
        f"the trigger {name} was changed"
        for name in _owned(conn)[1]
        if name in rows and not _same(rows[name], ref[name][1])
    ]


def _rollups_missing(conn: sqlite3.Connection) -> list[str]:
    """Roll-up tables that are gone or no longer as trustlog made them."""
    ref = reference()
    lines = []
    for table in _owned(conn)[0]:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        if row is None:
            lines.append(f"the table {table} is missing")
        elif not _same(row[0], ref[table][1]):
            lines.append(f"the table {table} was changed")
    return lines


def owned_problems(conn: sqlite3.Connection) -> list[str]:
    """What trustlog owns and can re-create exactly that is missing, replaced or changed."""
    return (
        owned_objects_missing(conn, _owned(conn)[1], FTS_TABLE)
        + changed_triggers(conn)
        + _rollups_missing(conn)
    )


def lost_columns(conn: sqlite3.Connection) -> list[str]:
    """Tables or columns of the user's data that are gone: nothing trustlog may re-create."""
    ref = reference()
    lines = []
    for table in KEPT_TABLES:
        have = {r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")}
        if not have:
            lines.append(f"the table {table} is missing")
            continue
        missing = [c for c in ref[table][2] if c not in have]
        if missing:
            lines.append(f"the table {table} lost its column(s) {', '.join(missing)}")
    return lines


def recreate_owned(conn: sqlite3.Connection) -> None:
    """Re-create the triggers, rebuild `days` and the search index, and stamp; inside a write.

    Call inside `BEGIN IMMEDIATE`: either all of it is saved or none of it.
    """
    ref = reference()
    tables, triggers = _owned(conn)
    present = {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    for name in triggers:
        if name in present:
            conn.execute(f'DROP TRIGGER "{name}"')
    if _rollups_missing(conn):
        for table in tables:  # derived: made again here and refilled from `days` below
            conn.execute(f'DROP TABLE IF EXISTS "{table}"')
            conn.execute(ref[table][1])
    fts = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone()
    if fts is None or not _same(fts[0], ref[FTS_TABLE][1]):
        if fts is not None:
            conn.execute(f'DROP TABLE "{FTS_TABLE}"')
        conn.execute(ref[FTS_TABLE][1])
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
    for name in triggers:
        conn.execute(ref[name][1])
    rebuild_days(conn)
    stamp_schema(conn)


def repair(conn: sqlite3.Connection, *, only_if_needed: bool = False) -> bool:
    """`recreate_owned` in its own transaction; with `only_if_needed`, not when another
    trustlog that waited for the same lock has just done it (a review saw six captures
    rebuild in turn).  True when it ran."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        needed = not only_if_needed or bool(owned_problems(conn))
        if needed:
            recreate_owned(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return needed


def looks_like_trustlog(conn: sqlite3.Connection) -> bool:
    """Every table and column of a current trustlog journal is there (a restored `.dump`)."""
    try:
        return not lost_columns(conn)
    except sqlite3.Error:
        return False


def settle_schema(conn: sqlite3.Connection, path: Path, *, writable: bool) -> None:
    """After another program changed the schema: repair exactly and say so, or refuse.

    Called only when SQLite's schema cookie differs from trustlog's stamp.
    """
    lost = lost_columns(conn)
    if lost:
        raise TrustlogError(
            f"Another program changed {path} in a way trustlog cannot undo ({lost[0]}), so "
            "it was left as it is. `trustlog doctor` says more; keep a copy before trying anything."
        )
    problems = owned_problems(conn)
    if not writable:
        if problems:
            raise TrustlogError(
                f"Another program changed {path} ({problems[0]}) and it is read-only here, so "
                "its figures cannot be trusted. `trustlog doctor --fix` repairs it where it "
                "can be written."
            )
        return
    if not problems:
        conn.execute("BEGIN IMMEDIATE")
        stamp_schema(conn)  # a harmless change: a VACUUM, a reload, an index someone added
        conn.execute("COMMIT")
        return
    if not repair(conn, only_if_needed=True):
        return  # another trustlog repaired it while this one waited
    print(
        f"trustlog: another program changed this journal ({problems[0]}); trustlog re-created "
        "its triggers, daily totals and search index from your entries.",
        file=sys.stderr,
    )

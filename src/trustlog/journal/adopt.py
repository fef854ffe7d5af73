"""`trustlog doctor --adopt FILE`: a restored `.dump` of a trustlog journal becomes one again.

`sqlite3 journal.db .dump | sqlite3 restored.db` keeps every table and row but
not the header's `application_id` and `user_version`, so the door refuses the
copy as another program's.  Adopting puts the marks back, but only when the
file's tables and columns are exactly those of a trustlog journal at some
schema version (the migrations' own record, `_sqlite_migrations`, says which):
another program's database is never adopted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trustlog.app.errors import NotATrustlogJournal, TrustlogError
from trustlog.journal import checkup, damage, guard, private, upkeep
from trustlog.journal.schema import APPLICATION_ID, SCHEMA_VERSION
from trustlog.journal.watch import stamp_schema

MIGRATIONS_TABLE = "_sqlite_migrations"


def _shape_at(version: int) -> dict[str, set[str]]:
    """Every table's columns in a journal built by the first `version` migrations."""
    from sqlite_utils import Database

    from trustlog.journal import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db = Database(conn, execute_plugins=False)
        names = [m.name for m in migrations.migrations.pending(db)]
        stop = names[version] if version < len(names) else None
        migrations.migrations.apply(db, stop_before=stop)
        return _shape(conn)
    finally:
        conn.close()


def _shape(conn: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            f"AND name NOT LIKE '{upkeep.FTS_TABLE}_%' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: {r[1] for r in conn.execute(f"PRAGMA table_info('{t}')")} for t in tables}


def matching_version(conn: sqlite3.Connection) -> int | None:
    """The schema version whose tables and columns the file has exactly; None if none."""
    shape = _shape(conn)
    for version in range(SCHEMA_VERSION, 0, -1):
        if shape == _shape_at(version):
            return version
    return None


def _refuse(path: Path, why: str) -> NotATrustlogJournal:
    return NotATrustlogJournal(f"{path} {why}, so it was not adopted and was left as it is.")


def _check(path: Path, conn: sqlite3.Connection) -> int:
    if conn.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
        raise _refuse(path, "fails SQLite's integrity check")
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == APPLICATION_ID:
        raise TrustlogError(f"{path} is already a trustlog journal; there is nothing to adopt.")
    if app_id != 0:
        raise _refuse(path, "is marked as another program's database")
    version = matching_version(conn)
    if version is None:
        raise _refuse(path, "does not have a trustlog journal's tables and columns")
    return version


def adopt(path: Path) -> int:
    """Mark `path` as a trustlog journal at the schema version it matches; return that version."""
    if not guard.check_path(path):
        raise TrustlogError(f"There is no file at {path} to adopt.")
    damage.refuse_if_damaged(path)
    guard.check_write(path, True)
    conn = checkup.connect(path, write=True)
    try:
        version = _check(path, conn)
        applied = {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
        if len(applied) != version:
            raise _refuse(path, "has lost the record of which migrations it holds")
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={version}")
            if version == SCHEMA_VERSION:
                upkeep.recreate_owned(conn)
            else:
                stamp_schema(conn)  # the next open migrates it, and stamps again
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    private.tighten([path])  # a restore made by the shell follows the umask
    return version

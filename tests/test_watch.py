"""Schema changes by other tools are noticed by comparing SQLite's schema cookie to ours."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from trustlog.app.clock import Clock
from trustlog.core.models import NewEntry
from trustlog.journal import Journal
from trustlog.journal.schema import DAYS_TRIGGERS
from trustlog.journal.watch import (
    STAMP_KEY,
    owned_objects_missing,
    read_identity,
    schema_version,
    stamp_schema,
    stamped_schema_version,
)

TRIGGERS = (*DAYS_TRIGGERS, "entries_ai", "entries_ad", "entries_au")
FTS = "entries_fts"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A real trustlog journal, stamped as the journal door would after migrating."""
    path = tmp_path / "trustlog.db"
    journal = Journal.open(path, Clock(), "me")
    journal.add([NewEntry(kind="toward", amount=2, by="me", on=date(2026, 11, 24), note="a walk")])
    journal.close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    stamp_schema(connection)
    connection.execute("COMMIT")
    yield connection
    connection.close()


def test_a_journal_as_trustlog_left_it_is_unchanged(conn: sqlite3.Connection) -> None:
    identity = read_identity(conn)
    assert identity.schema_unchanged
    assert identity.stamped == schema_version(conn) > 0
    assert identity.application_id == 0x54525354
    assert owned_objects_missing(conn, TRIGGERS, FTS) == []
    conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")  # rows never move the cookie
    conn.execute("UPDATE entries SET note = 'a long walk'")
    assert read_identity(conn).schema_unchanged


def test_the_fast_path_is_three_header_reads_and_one_lookup(conn: sqlite3.Connection) -> None:
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    read_identity(conn)
    conn.set_trace_callback(None)
    assert statements == [
        "PRAGMA application_id",
        "PRAGMA user_version",
        "PRAGMA schema_version",
        f"SELECT value FROM meta WHERE key = '{STAMP_KEY}'",
    ]


def test_a_stamp_inside_a_migration_survives_the_commit(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE later (x)")
    conn.execute("CREATE INDEX later_x ON later (x)")
    stamped = stamp_schema(conn)
    conn.execute("COMMIT")
    assert stamped == schema_version(conn) == stamped_schema_version(conn)


def test_vacuum_changes_the_cookie_but_nothing_trustlog_owns(conn: sqlite3.Connection) -> None:
    conn.execute("VACUUM")
    assert not read_identity(conn).schema_unchanged
    assert owned_objects_missing(conn, TRIGGERS, FTS) == []
    conn.execute("BEGIN IMMEDIATE")
    stamp_schema(conn)  # a harmless change is stamped, so the next open is fast again
    conn.execute("COMMIT")
    assert read_identity(conn).schema_unchanged


def test_sqlite_utils_transform_drops_every_trigger(conn: sqlite3.Connection) -> None:
    Database(conn, execute_plugins=False).table("entries").transform(types={"note": str})
    assert not read_identity(conn).schema_unchanged
    assert owned_objects_missing(conn, TRIGGERS, FTS) == [
        f"the trigger {name} is missing" for name in TRIGGERS
    ]


def test_enable_fts_replace_loses_stemming(conn: sqlite3.Connection) -> None:
    Database(conn, execute_plugins=False).table("entries").enable_fts(
        ["note", "tags"], replace=True
    )
    assert not read_identity(conn).schema_unchanged
    assert owned_objects_missing(conn, TRIGGERS, FTS) == [
        "the trigger entries_ai is missing",
        "the trigger entries_ad is missing",
        "the trigger entries_au is missing",
        f"the search index {FTS} was replaced (it uses the 'unicode61' tokenizer, not 'porter')",
    ]


def test_a_dropped_search_index_is_named(conn: sqlite3.Connection) -> None:
    conn.execute(f"DROP TABLE {FTS}")
    assert owned_objects_missing(conn, (), FTS) == [f"the search index {FTS} is missing"]


def test_a_file_without_meta_has_no_stamp(tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE notes (x)")
    identity = read_identity(other)
    assert identity.stamped is None and not identity.schema_unchanged
    other.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    other.execute("INSERT INTO meta VALUES (?, 'not a number')", (STAMP_KEY,))
    assert read_identity(other).stamped is None
    other.close()

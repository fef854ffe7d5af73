"""Another tool changes the schema; trustlog notices on open and repairs what it owns.

The changes are made by the real sqlite-utils command line, as a user would.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

REPAIRED = "trustlog re-created its triggers, daily totals and search index"


def sqlite_utils(*args: str) -> None:
    exe = shutil.which("sqlite-utils") or str(Path(sys.executable).with_name("sqlite-utils"))
    subprocess.run([exe, *args], check=True, capture_output=True)


@pytest.fixture
def journal(run: Run, db_path: Path) -> Path:
    run("toward", "--on", "2026-11-20", "we went walking by the river")
    run("away", "--on", "2026-11-21", "phone at dinner")
    run("deposit", "3", "--on", "2026-11-22", "she planned the weekend")
    return db_path


def test_a_transform_that_drops_every_trigger_is_repaired_on_the_next_capture(
    run: Run, journal: Path
) -> None:
    before = run("balance", "--json").json()["balance"]  # type: ignore[index]
    sqlite_utils("transform", str(journal), "entries")
    conn = sqlite3.connect(journal)
    on_entries = "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name='entries'"
    assert conn.execute(on_entries).fetchone() == (0,)
    conn.close()
    captured = run("toward", "she listened")
    assert captured.code == 0
    assert captured.out.strip().endswith(f"balance {before + 1}")
    assert captured.err.count("\n") == 1 and REPAIRED in captured.err
    assert "the trigger entries_days_insert is missing" in captured.err
    assert run("balance", "--json").json()["balance"] == before + 1  # type: ignore[index]
    assert [r["note"] for r in run("search", "listen", "--json").json()] == ["she listened"]  # type: ignore[union-attr, index]
    report = run("report", "--json").json()
    assert report["totals"]["net"] == before + 1  # type: ignore[index]
    again = run("balance")
    assert again.err == ""  # repaired once, stamped: the next open is quiet


def test_a_search_index_replaced_without_stemming_is_rebuilt(run: Run, journal: Path) -> None:
    sqlite_utils("enable-fts", str(journal), "entries", "note", "tags", "--replace")
    result = run("search", "walks", "--json")
    assert result.code == 0
    assert [r["note"] for r in result.json()] == ["we went walking by the river"]  # type: ignore[union-attr, index]
    assert REPAIRED in result.err and result.err.count("\n") == 1


def test_a_vacuum_is_harmless_and_silent(run: Run, journal: Path) -> None:
    conn = sqlite3.connect(journal, isolation_level=None)
    conn.execute("VACUUM")
    conn.close()
    result = run("balance")
    assert result.code == 0 and result.err == ""


def test_a_lost_column_is_refused_and_points_at_doctor(run: Run, journal: Path) -> None:
    conn = sqlite3.connect(journal)
    conn.execute("ALTER TABLE injuries DROP COLUMN severity")
    conn.close()
    before = journal.read_bytes()
    result = run("toward", "x")
    assert result.code == 1
    assert "the table injuries lost its column(s) severity" in result.err
    assert "`trustlog doctor`" in result.err and result.err.count("\n") == 1
    assert journal.read_bytes() == before


def test_an_opened_journal_costs_no_look_closer_when_nothing_changed(
    run: Run, journal: Path
) -> None:
    from trustlog.app.clock import Clock
    from trustlog.journal import open_journal

    statements: list[str] = []
    original = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = original(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(statements.append)
        return conn

    sqlite3.connect = traced  # type: ignore[assignment]
    try:
        with open_journal(journal, Clock(), write=True):
            pass
    finally:
        sqlite3.connect = original
    assert not any("sqlite_master" in s for s in statements)

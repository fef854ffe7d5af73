"""The journal read by SQL tools: the views, their documentation, Datasette and sqlite-utils."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import Run

SCHEMA_DOC = Path(__file__).parent.parent / "docs" / "schema.md"


@pytest.fixture
def journal(run: Run, db_path: Path) -> Path:
    run("toward", "--on", "2026-11-02", "asked about her day @walk @evening")
    run("away", "-p", "--on", "2026-11-02", "missed the text")
    run("deposit", "4", "--on", "2026-11-03", "told the truth")
    run("withdraw", "2", "--on", "2026-11-04", "a note that was deleted")
    assert run("rm", "4").code == 0
    return db_path


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_live_entries_leave_deleted_rows_out_and_give_tags_as_json(journal: Path) -> None:
    rows = _rows(journal, "SELECT id, kind, by, day, note, tags FROM live_entries ORDER BY id")
    assert [row[0] for row in rows] == [1, 2, 3]
    assert json.loads(str(rows[0][5])) == ["walk", "evening"]
    assert json.loads(str(rows[1][5])) == [] and rows[1][2] == "partner"
    assert _rows(journal, "SELECT count(*) FROM entries") == [(4,)]  # the table keeps it


def test_tags_with_quotes_and_backslashes_stay_valid_json(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from trustlog.journal import migrations

    conn = sqlite3.connect(tmp_path / "j.db")
    migrations.apply(Database(conn, execute_plugins=False))
    conn.execute(
        "INSERT INTO entries (uuid, kind, amount, day, tags, recorded_at) "
        "VALUES ('u', 'toward', 1, '2026-11-02', ?, 'now')",
        ('say"what back\\slash plain',),
    )
    (tags,) = conn.execute("SELECT tags FROM live_entries").fetchone()
    assert json.loads(tags) == ['say"what', "back\\slash", "plain"]


def test_daily_net_adds_both_people_and_runs_a_balance(journal: Path) -> None:
    assert _rows(journal, "SELECT day, net, deposits, withdrawals, entries, balance "
                          "FROM daily_net ORDER BY day") == [
        ("2026-11-02", -4, 1, 5, 2, -4),  # +1 toward, −5 away by my partner
        ("2026-11-03", 4, 4, 0, 1, 0),
    ]  # fmt: skip


def test_every_table_column_trigger_and_view_is_documented(journal: Path) -> None:
    documented = set(re.findall(r"`([^`\s]+)`", SCHEMA_DOC.read_text(encoding="utf-8")))
    things = _rows(journal, "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    missing = []
    for kind, name in things:
        if kind == "index" and str(name).startswith("idx__sqlite"):
            continue
        if name not in documented:
            missing.append(f"{kind} {name}")
        if kind in ("table", "view") and not str(name).startswith("entries_fts"):
            columns = _rows(journal, f'SELECT name FROM pragma_table_info("{name}")')
            missing += [f"{name}.{c}" for (c,) in columns if c not in documented]
    assert missing == []


def test_datasette_reads_the_views_and_leaves_the_file_byte_identical(journal: Path) -> None:
    datasette = shutil.which("datasette")
    if datasette is None:
        pytest.skip("pip install datasette to run this test")
    before = journal.read_bytes()
    for path in ("/trustlog/live_entries.json?_shape=array", "/trustlog/daily_net.json"):
        result = subprocess.run(
            [datasette, "-i", str(journal), "--get", path],
            check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert "missed the text" in result.stdout or '"balance"' in result.stdout
        assert "a note that was deleted" not in result.stdout
    assert journal.read_bytes() == before
    assert not Path(f"{journal}-wal").exists() or Path(f"{journal}-wal").stat().st_size == 0


def test_the_sqlite_utils_cli_reads_the_views(journal: Path) -> None:
    tool = shutil.which("sqlite-utils")
    if tool is None:
        pytest.skip("the sqlite-utils CLI is not installed")
    rows = subprocess.run(
        [tool, "rows", str(journal), "live_entries", "-c", "note", "-c", "tags", "--order", "id"],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    found = json.loads(rows.stdout)
    assert found[0] == {"note": "asked about her day @walk @evening", "tags": '["walk","evening"]'}
    assert all(row["note"] != "a note that was deleted" for row in found)
    balance = subprocess.run(
        [tool, "query", str(journal), "select min(balance) as low from daily_net"],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert json.loads(balance.stdout) == [{"low": -4}]

"""A big import into a smaller journal sets the entries' secondary indexes aside and
builds them again in the same transaction; plain rows take a quick check that gives
exactly what the full check gives; the JSON reader's fast loop reads what json reads."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from trustlog.app.errors import BadInput
from trustlog.core.ledger import DEFAULT_WEIGHTS
from trustlog.features.exchange import jsonstream
from trustlog.features.exchange.checks import RowIds, check_entry
from trustlog.features.exchange.quickcheck import QuickCheck

TODAY = date(2026, 11, 25)
NOW = "2026-11-25T10:00:00.000000+00:00"
_INDEXES = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"


def _rows(count: int, bad_at: int | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "uuid": f"00000000-0000-4000-8000-{n:012d}",
            "kind": ("toward", "away", "deposit")[n % 3],
            "amount": (1, -5, 3)[n % 3],
            "by": ("me", "partner")[n % 2],
            "on": f"20{10 + n % 16}-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            "note": f"a moment {n}",
            "tags": ["home"] if n % 5 == 0 else [],
            "recorded_at": f"2026-01-01T10:00:00.{n % 999_999:06d}+00:00",
        }
        for n in range(count)
    ]
    if bad_at is not None:
        rows[bad_at - 1]["amount"] = "lots"
    return rows


def _schema_and_content(db: Path) -> tuple[list[Any], list[str]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(_INDEXES).fetchall(), list(conn.iterdump())
    finally:
        conn.close()


def test_a_big_import_builds_every_index_again(run: Run, tmp_path: Path, db_path: Path) -> None:
    """12,000 rows into a journal of one: the indexes set aside are all back, as declared,
    and the hot queries still find their rows through them."""
    assert run("toward", "before").code == 0
    indexes, _ = _schema_and_content(db_path)
    source = tmp_path / "big.json"
    source.write_text(json.dumps(_rows(12_000)))
    assert run("import", str(source)).code == 0
    after, _ = _schema_and_content(db_path)
    assert after == indexes
    conn = sqlite3.connect(db_path)
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM entries WHERE day = '2015-06-06' "
        "AND deleted_at IS NULL"
    ).fetchall()
    assert "entries_live_day" in str(plan)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 12_001
    conn.close()


def test_a_bad_row_after_the_indexes_went_aside_changes_nothing(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    assert run("toward", "before").code == 0
    before = _schema_and_content(db_path)
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(_rows(12_000, bad_at=11_000)))
    result = run("import", str(source))
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "trustlog: Nothing was imported: entry 11000, field 'amount': should be a whole number."
    ]
    assert _schema_and_content(db_path) == before


_KILL_WHEN_ASIDE = """
import os, signal, sys
from trustlog.features.exchange.queries import aside
wrote = aside.IndexesAside.wrote
def wrote_then_die(self, rows):
    wrote(self, rows)
    if self.aside:
        os.kill(os.getpid(), signal.SIGKILL)
aside.IndexesAside.wrote = wrote_then_die
from trustlog.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_killing_an_import_while_the_indexes_are_aside_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL right after the indexes were dropped: the journal is whole, every index is
    there, and none of the file's rows are (all or nothing)."""
    db = tmp_path / "j.db"
    env = dict(os.environ, TRUSTLOG_DB=str(db))
    command = [sys.executable, "-c", _KILL_WHEN_ASIDE]
    subprocess.run([*command, "toward", "before"], env=env, check=True, capture_output=True)
    before = _schema_and_content(db)
    source = tmp_path / "big.json"
    source.write_text(json.dumps(_rows(12_000)))
    done = subprocess.run([*command, "import", str(source)], env=env, capture_output=True)
    assert done.returncode == -signal.SIGKILL
    assert _schema_and_content(db) == before


_ODD = [
    {"kind": " toward ", "on": "2026-11-20"},
    {"kind": "deposit", "on": "2026-11-20"},
    {"kind": "toward", "on": "2026-11-20", "amount": 1.0},
    {"kind": "toward", "on": "2026-11-20", "amount": True},
    {"kind": "away", "on": "2026-11-20", "amount": "5"},
    {"kind": "away", "on": "2026-11-20", "amount": "--5"},
    {"kind": "toward", "on": "2026-11-20", "amount": -1},
    {"kind": "note", "on": "2026-11-20", "amount": 2},
    {"kind": "repair", "on": "2026-11-20", "step": " reveal "},
    {"kind": "toward", "on": "20261120"},
    {"kind": "toward", "on": " 2026-11-20 "},
    {"kind": "toward", "on": "2026-11-27"},
    {"kind": "toward", "on": "1899-12-31"},
    {"kind": "toward", "on": ["2026-11-20"]},
    {"kind": "toward", "on": "2026-11-20", "tags": "a  b"},
    {"kind": "toward", "on": "2026-11-20", "tags": [" a ", "b"]},
    {"kind": "toward", "on": "2026-11-20", "tags": ["a", " "]},
    {"kind": "toward", "on": "2026-11-20", "tags": [1]},
    {"kind": "toward", "on": "2026-11-20", "note": 3},
    {"kind": "toward", "on": "2026-11-20", "by": "partner "},
    {"kind": "toward", "on": "2026-11-20", "promise_id": 2},
    {"kind": "kept", "on": "2026-11-20", "promise_uuid": " p ", "occurrence": "2026-11-19"},
    {"kind": "toward", "on": "2026-11-20", "injury_uuid": ""},
    {"kind": "toward", "on": "2026-11-20", "recorded_at": "2026-11-20T21:30:00+02:00"},
    {"kind": "toward", "on": "2026-11-20", "recorded_at": "2026-11-20T21:30:00"},
    {"kind": "toward", "on": "2026-11-20", "recorded_at": ""},
    {"kind": "toward", "on": "2026-11-20", "deleted_at": "yesterday"},
    {"kind": "toward", "on": "2026-11-20", "changed_at": "2026-11-20T21:30:00.000001+00:00"},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("row", _ODD)
@pytest.mark.parametrize("uuid", [None, " u-1 ", "", 7])
def test_the_quick_check_gives_what_the_full_check_gives(row: Any, uuid: Any) -> None:
    """Whatever the quick check takes comes out exactly as the full check has it; what
    it is unsure of goes to the full check, which accepts it or names the field."""
    if isinstance(row, dict) and uuid is not None:
        row = row | {"uuid": uuid}
    quick = QuickCheck(DEFAULT_WEIGHTS, TODAY, NOW).entry(row)
    try:
        full = check_entry(row, 1, DEFAULT_WEIGHTS, "entry", TODAY, RowIds(NOW))
    except BadInput:
        assert quick is None
        return
    assert quick is None or quick == full


def test_an_export_shaped_row_takes_the_quick_check() -> None:
    quick = QuickCheck(DEFAULT_WEIGHTS, TODAY, NOW)
    for row in _rows(50):
        assert quick.entry(row) == check_entry(row, 1, DEFAULT_WEIGHTS, "entry", TODAY, RowIds(NOW))


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_the_json_reader_reads_what_json_reads(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Values at every place a buffer can end (numbers, strings, nested lists, spaces)."""
    monkeypatch.setattr(jsonstream.JsonStream, "CHUNK", chunk)
    values: list[Any] = [12345, -1.5e3, "a, b]", {"x": [1, 2, {"y": "}"}]}, [], None, True]
    text = "[ " + " ,\n ".join(json.dumps(v) for v in values * 3) + " ]\n"
    got = [value for _key, value in jsonstream.json_items(io.StringIO(text))]
    assert got == values * 3


@pytest.mark.parametrize("text", ["[1 2]", "[1,]", "[1,,2]", '[{"a": 1},\n{"a": ]'])
def test_the_json_reader_refuses_what_json_refuses(text: str) -> None:
    with pytest.raises(BadInput, match="not valid JSON"):
        list(jsonstream.json_items(io.StringIO(text)))


def _home_marks(db: Path, recompute: bool = False) -> tuple[list[Any], list[Any]]:
    """The running totals and streak mark as kept, or as `running.reset` makes them."""
    from trustlog.journal import running

    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN")
        if recompute:
            running.reset(conn)
        totals = conn.execute("SELECT * FROM running_totals ORDER BY by").fetchall()
        mark = conn.execute("SELECT start, through FROM streak_mark").fetchall()
        conn.execute("ROLLBACK")
        return totals, mark
    finally:
        conn.close()


@pytest.mark.parametrize("only_entry", [False, True])
def test_a_big_import_keeps_the_home_screen_marks_without_reading_every_day(
    run: Run, tmp_path: Path, db_path: Path, only_entry: bool
) -> None:
    """A run of 55 active days; a big import deletes an entry inside it (the day's only
    one, or one of several) and adds 2,000 rows: the totals and the streak mark equal
    what reading every day gives."""
    days = [f"2026-{m:02d}-{d:02d}" for m in (10, 11) for d in range(1, 32)][:55]
    rows = _rows(len(days) * 20)
    for n, row in enumerate(rows):
        row["on"] = days[n % len(days)]
    if only_entry:
        rows = [r for n, r in enumerate(rows) if r["on"] != "2026-10-10" or n == 9]
    first = tmp_path / "first.json"
    first.write_text(json.dumps(rows))
    assert run("import", str(first)).code == 0
    target = next(r for r in rows if r["on"] == "2026-10-10")
    gone = target | {"deleted_at": "2026-11-24T10:00:00.000000+00:00"}
    more = [r | {"uuid": r["uuid"].replace("0000-4", "1111-4")} for r in _rows(2000)]
    second = tmp_path / "second.json"
    second.write_text(json.dumps([gone, *more]))
    assert run("import", str(second)).code == 0
    assert _home_marks(db_path) == _home_marks(db_path, recompute=True)

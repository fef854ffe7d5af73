"""The hundred-year benchmark journal is what the app itself would have written.

`benchmarks/century.py` fills its history with the triggers set aside and one
statement per table they feed; here a two-year journal is built that way and
again entry by entry through the door's own capture path (`insert_entry`,
then `settle` after each resolution, as `trustlog kept` does), and every table
the triggers keep must come out the same.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

from trustlog.app.clock import FixedClock
from trustlog.core.models import NewEntry
from trustlog.journal import Journal
from trustlog.journal.settled import settle

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import century

TODAY = date(2026, 11, 25)
YEARS = 2
ENTRIES = 6_000
TABLES = {
    "entries": f"SELECT id, {century.COLUMNS}, changed_at FROM entries ORDER BY id",
    "days": "SELECT * FROM days ORDER BY day, by",
    "months": "SELECT * FROM months ORDER BY month, by",
    "search index": "SELECT rowid, note, tags FROM entries_fts ORDER BY rowid",
    "search matches": "SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'dinner' ORDER BY 1",
    "sync changes": "SELECT kind, uuid, floor FROM sync_changes ORDER BY id",
    "promise marks": "SELECT * FROM promise_marks ORDER BY promise_id",
    "schema": "SELECT type, name, sql FROM sqlite_master ORDER BY type, name",
}


def _slow(path: Path, ids: list[int]) -> None:
    """The same history, one entry at a time with every trigger live."""
    first = TODAY - timedelta(days=365 * YEARS - 1)
    journal = Journal.open(path, FixedClock(TODAY), owner_name="bench")
    try:
        with journal.writing() as conn:
            for row in list(century.history(conn, ids, ENTRIES, first, TODAY, seed=7)):
                uuid, kind, amount, by, day, note, tags, promise_id, injury_id = row[:9]
                occurrence, step, recorded_at, deleted_at = row[9:]
                journal.insert_entry(
                    conn,
                    NewEntry(str(kind), int(amount), date.fromisoformat(str(day)), str(by),  # type: ignore[call-overload]
                             str(note), tuple(str(tags).split()), promise_id, injury_id,  # type: ignore[arg-type]
                             date.fromisoformat(str(occurrence)) if occurrence else None,
                             step, str(uuid), str(recorded_at), deleted_at),  # type: ignore[arg-type]
                )  # fmt: skip
                if promise_id is not None:
                    settle(conn, int(promise_id))  # type: ignore[call-overload]
    finally:
        journal.close()


def _read(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}
    finally:
        conn.close()


def test_the_bulk_builder_writes_what_the_capture_path_writes(tmp_path: Path) -> None:
    bulk, slow = tmp_path / "bulk.db", tmp_path / "slow.db"
    ids = century.furnish(bulk, TODAY - timedelta(days=365 * YEARS - 1), TODAY)
    shutil.copyfile(bulk, slow)  # the same promises, injuries and steps (uuids too)
    century.fill(bulk, ids, ENTRIES, YEARS, TODAY, seed=7)
    _slow(slow, ids)
    built, captured = _read(bulk), _read(slow)
    assert len(built["entries"]) >= ENTRIES
    assert len(built["promise marks"]) == len(century.PROMISES)
    assert built["search matches"]
    for name in TABLES:
        assert built[name] == captured[name], name


def test_every_occurrence_but_today_is_resolved_and_settled(tmp_path: Path) -> None:
    path = tmp_path / "bulk.db"
    century.make(path, ENTRIES, YEARS, TODAY, seed=7)
    conn = sqlite3.connect(path)
    try:
        throughs = {through for (through,) in conn.execute("SELECT through FROM promise_marks")}
        open_today = conn.execute(
            "SELECT count(*) FROM entries WHERE occurrence >= ?", (TODAY.isoformat(),)
        ).fetchone()[0]
    finally:
        conn.close()
    assert max(throughs) < TODAY.isoformat()
    assert (TODAY - timedelta(days=1)).isoformat() in throughs  # the daily ones
    assert open_today == 0

"""Import in one pass: a big import sums the `days` roll-up again only for the days it
touched, a bad row at the end of a big file leaves the journal's content exactly as
it was, and a file whose promises follow its entries is still linked whole."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from conftest import Run

_FULL_SUM = (
    "SELECT day, by, sum(amount), sum(max(amount, 0)), sum(max(-amount, 0)), "
    "sum(amount > 0), sum(amount < 0), sum(kind = 'toward'), sum(kind = 'away'), "
    "sum(kind = 'against'), sum(kind = 'kept'), sum(kind = 'broken'), count(*) "
    "FROM entries WHERE deleted_at IS NULL GROUP BY day, by ORDER BY day, by"
)
_ROLLED = (
    "SELECT day, by, net, deposits, withdrawals, positives, negatives, toward, away, "
    "against, kept, broken, entries FROM days WHERE entries > 0 ORDER BY day, by"
)


def _rows(count: int, month: int, word: str = "m") -> list[dict[str, Any]]:
    return [
        {
            "kind": kind,
            "on": f"2026-{month:02d}-{n % 20 + 1:02d}",
            "by": by,
            "note": f"{word}{n} " + "a moment worth a line " * 5,
        }
        for n, (kind, by) in enumerate(
            [(k, b) for k in ("toward", "away", "against") for b in ("me", "partner")]
            * (count // 6 + 1)
        )
    ][:count]


def test_a_big_import_sums_only_the_days_it_touched(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    """New days, an edit that moves an entry to another day and a deletion from the
    file: the roll-up equals a full GROUP BY, and untouched days keep their rows."""
    early = tmp_path / "early.json"
    early.write_text(json.dumps(_rows(1200, 8)))  # August: never touched again
    assert run("import", str(early)).code == 0
    assert run("toward", "--on", "2026-09-05", "moved", "later").code == 0
    assert run("away", "--on", "2026-09-06", "deleted", "later").code == 0
    exported = run("export", "--since", "2026-09-01").json()
    assert isinstance(exported, dict)
    moved, gone = sorted(exported["entries"], key=lambda e: e["note"])[:2][::-1]
    assert (moved["note"], gone["note"]) == ("moved later", "deleted later")
    moved |= {"on": "2026-10-30", "changed_at": "2026-11-26T00:00:00.000000+00:00"}
    gone |= {"deleted_at": "2026-11-24T10:00:00.000000+00:00"}
    exported["entries"] = [moved, gone, *_rows(1100, 10)]
    conn = sqlite3.connect(db_path)
    august = conn.execute("SELECT * FROM days WHERE day < '2026-09-01' ORDER BY day, by").fetchall()
    conn.close()
    source = tmp_path / "later.json"
    source.write_text(json.dumps(exported))
    result = run("import", str(source))
    assert result.code == 0, result.err
    assert "1 entry marked deleted" in result.out and "1 entry edited" in result.out
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute(_ROLLED).fetchall() == conn.execute(_FULL_SUM).fetchall()
        assert (
            conn.execute("SELECT * FROM days WHERE day < '2026-09-01' ORDER BY day, by").fetchall()
            == august
        )
        assert not conn.execute(
            "SELECT 1 FROM days WHERE day = '2026-09-05' AND entries > 0"
        ).fetchall()
        assert conn.execute("SELECT entries FROM days WHERE day = '2026-10-30'").fetchall()
        assert not conn.execute("SELECT * FROM temp.sqlite_master").fetchall()
    finally:
        conn.close()
    more = tmp_path / "more.json"  # new rows on days that already have sums: added to them
    more.write_text(json.dumps(_rows(1100, 10, "again") + _rows(300, 8, "again")))
    assert run("import", str(more)).code == 0
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute(_ROLLED).fetchall() == conn.execute(_FULL_SUM).fetchall()
    finally:
        conn.close()
    balance = run("balance", "--json").json()
    assert isinstance(balance, dict) and balance["entries"] == 1200 + 1 + 1100 + 1400


def _content(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_bad_row_at_the_end_of_a_big_file_changes_nothing(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    first = tmp_path / "first.json"
    first.write_text(json.dumps(_rows(1500, 9)))
    assert run("import", str(first)).code == 0
    before = _content(db_path)
    rows: list[dict[str, Any]] = _rows(6000, 10)
    rows.append({"kind": "toward", "on": "2026-10-01", "amount": "lots"})
    source = tmp_path / "bad-at-the-end.json"
    source.write_text(json.dumps(rows))
    result = run("import", str(source))
    assert result.code == 2 and result.out == ""
    assert (
        result.err
        == "trustlog: Nothing was imported: entry 6001, field 'amount': should be a whole number.\n"
    )
    assert _content(db_path) == before


def test_a_file_with_its_promises_after_its_entries_still_links_them(
    run: Run, tmp_path: Path
) -> None:
    """One pass cannot link an entry to a promise not yet read: the import reads the
    whole file first instead, and the link holds (nothing is dropped)."""
    assert run("toward", "already here").code == 0
    promise = "0b8f9a52-1c6e-4d4f-9a43-2f3f7f1f0a01"
    document = {
        "trustlog": 1,
        "entries": [{"kind": "toward", "on": "2026-11-20", "note": "kept my word",
                     "promise_uuid": promise}],
        "promises": [{"uuid": promise, "text": "call at lunch", "made_on": "2026-11-19",
                      "due": "2026-11-20"}],
    }  # fmt: skip
    source = tmp_path / "late.json"
    source.write_text(json.dumps(document))
    result = run("import", str(source))
    assert result.code == 0, result.err
    assert result.out == "Imported 1 entry, 1 promise from late.json.\n"
    exported = run("export").json()
    assert isinstance(exported, dict)
    linked = [e for e in exported["entries"] if e["note"] == "kept my word"]
    assert [e["promise_uuid"] for e in linked] == [promise]


def test_an_id_link_to_no_promise_is_refused_mid_stream(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    assert run("toward", "already here").code == 0
    before = _content(db_path)
    rows: list[dict[str, Any]] = _rows(2000, 10)
    rows.append({"kind": "kept", "on": "2026-10-02", "promise_id": 7})
    source = tmp_path / "links.json"
    source.write_text(json.dumps(rows))
    result = run("import", str(source))
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        "entry 2001, field 'promise_id': there is no promise 7 in this journal.\n"
    )
    assert _content(db_path) == before


def test_a_big_import_marks_every_new_entry_for_sync(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    """The sync marks are made in one statement after a big import: one per entry,
    in the order the entries went in, and the trigger marks captures again after."""
    assert run("toward", "before").code == 0
    source = tmp_path / "many.json"
    source.write_text(json.dumps(_rows(1500, 10)))
    assert run("import", str(source)).code == 0
    assert run("toward", "after").code == 0
    conn = sqlite3.connect(db_path)
    try:
        marked = conn.execute(
            "SELECT e.id FROM sync_changes c JOIN entries e ON e.uuid = c.uuid "
            "WHERE c.kind = 'entry' ORDER BY c.id"
        ).fetchall()
        entries = conn.execute("SELECT id FROM entries ORDER BY id").fetchall()
    finally:
        conn.close()
    assert len(entries) == 1502 and marked == entries


def test_the_new_rows_sum_walks_them_by_id(run: Run, db_path: Path) -> None:
    """The planner would rather scan the whole day index; the sum of a big import's
    new rows must walk only them (a hundred years of entries lie before them)."""
    from trustlog.journal import schema

    assert run("toward", "x").code == 0
    sql = schema._SUM_DAYS.format(source="entries NOT INDEXED", where="AND id > ?")
    conn = sqlite3.connect(db_path)
    try:
        plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (0,)))
    finally:
        conn.close()
    assert "USING INTEGER PRIMARY KEY (rowid>?)" in plan and "entries_live_day" not in plan


def test_the_home_screen_counts_a_big_import_and_what_follows(run: Run, tmp_path: Path) -> None:
    """The home screen's totals are kept apart from the roll-up: after a big import
    (triggers set aside) and a capture, they equal the sums of the entries."""
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps(_rows(1300, 9)))
    assert run("import", str(rows)).code == 0
    assert run("toward", "hello again").code == 0
    entries = run("log", "--json", "--since", "2000-01-01").json()
    assert isinstance(entries, list) and len(entries) == 1301
    home = run("balance", "--json").json()
    assert isinstance(home, dict)
    assert home["balance"] == sum(e["amount"] for e in entries)
    assert home["entries"] == 1301
    assert home["deposits"] == sum(max(e["amount"], 0) for e in entries)

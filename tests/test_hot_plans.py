"""EXPLAIN QUERY PLAN for the queries a hundred-year journal made slow.

Each must read an index range, never walk `entries` or `days`: undo's last
edit, the chart's injuries and buckets, a promise's settled mark and the
resolutions after it, and search's newest-matches window.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import TODAY
from test_reports import _no_full_scan, _plans
from trustlog.app.clock import FixedClock
from trustlog.core.models import DEFAULT_WEIGHTS, NewEntry
from trustlog.features.entries.queries import undo
from trustlog.features.promises.promises import NewPromise, add_promise, list_promises, resolve
from trustlog.features.reports import queries as store_reports
from trustlog.journal import Journal

BASE = TODAY - timedelta(days=30)


def journal_with_history(path: Path) -> Journal:
    journal = Journal.open(path, FixedClock(TODAY), "test")
    journal.add([NewEntry(kind="toward", amount=1, on=BASE, note="dinner together")])
    add_promise(journal, NewPromise("walk", "me", BASE, rule="FREQ=DAILY"), TODAY)
    for offset in range(3):
        resolve(journal, 1, "kept", BASE + timedelta(offset), "", DEFAULT_WEIGHTS, TODAY)
    return journal


def test_undo_finds_the_last_edit_through_its_partial_index(tmp_path: Path) -> None:
    journal = journal_with_history(tmp_path / "j.db")
    plans = _plans(journal, lambda: undo(journal))
    # The newest entry by insertion is a walk back from the last rowid that stops
    # at the first live row (ORDER BY id DESC LIMIT 1): "SCAN" in the plan, one
    # row in practice.  Every other step must use an index.
    _no_full_scan([d for d in plans if d != "SCAN entries"])
    assert any("INDEX entries_changed" in d for d in plans), plans
    journal.close()


def test_chart_reads_injuries_and_buckets_from_indexes(tmp_path: Path) -> None:
    journal = journal_with_history(tmp_path / "j.db")
    hurt = _plans(journal, lambda: store_reports.injuries(journal, BASE, TODAY))
    _no_full_scan(hurt)
    assert any("INDEX entries_injuries" in d for d in hurt), hurt
    buckets = _plans(journal, lambda: store_reports.bucket_nets(journal, BASE, TODAY, 7))
    _no_full_scan(buckets)
    assert any("days USING PRIMARY KEY" in d for d in buckets), buckets
    journal.close()


def test_promise_status_reads_the_mark_and_what_follows(tmp_path: Path) -> None:
    journal = journal_with_history(tmp_path / "j.db")
    plans = _plans(journal, lambda: list_promises(journal, TODAY))
    _no_full_scan(plans)
    assert any("promise_marks USING INTEGER PRIMARY KEY" in d for d in plans), plans
    assert any("(promise_id=? AND occurrence>?)" in d for d in plans), plans
    journal.close()


def test_search_ranks_only_a_window_of_the_newest_matches(tmp_path: Path) -> None:
    journal = journal_with_history(tmp_path / "j.db")
    plans = _plans(journal, lambda: store_reports.search(journal, '"dinner"', 50))
    _no_full_scan(plans)
    assert sum("VIRTUAL TABLE INDEX" in d for d in plans) >= 2, plans
    journal.close()


def test_checkin_lists_open_occurrences_after_the_mark_only(tmp_path: Path) -> None:
    from trustlog.features.promises.promises import open_occurrences

    journal = journal_with_history(tmp_path / "j.db")  # BASE .. BASE+2 kept
    plans = _plans(journal, lambda: open_occurrences(journal, 1, TODAY))
    _no_full_scan(plans)
    assert any("promise_marks USING INTEGER PRIMARY KEY" in d for d in plans), plans
    assert open_occurrences(journal, 1, BASE + timedelta(4)) == [BASE + timedelta(3),
                                                                  BASE + timedelta(4)]  # fmt: skip
    with journal.writing() as conn:  # an old resolution taken back: the mark goes
        conn.execute(
            "UPDATE entries SET deleted_at = 'x' WHERE occurrence = ?", (BASE.isoformat(),)
        )
    assert open_occurrences(journal, 1, BASE + timedelta(3)) == [BASE, BASE + timedelta(3)]
    journal.close()


def test_undo_of_a_checkin_finds_its_entries_by_their_moment(tmp_path: Path) -> None:
    from trustlog.features.checkin.queries import insert_checkin

    journal = journal_with_history(tmp_path / "j.db")
    with journal.writing() as conn:
        insert_checkin(conn, TODAY, "", journal.stamp())
    sent: list[str] = []
    journal.conn.set_trace_callback(sent.append)
    undo(journal)
    journal.conn.set_trace_callback(None)
    updates = [sql for sql in sent if sql.lstrip().upper().startswith("UPDATE ENTRIES")]
    plans = [row[3] for sql in updates for row in journal.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert plans and all("INDEX entries_recorded" in d for d in plans), plans
    journal.close()

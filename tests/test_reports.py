"""Reports, search and their SQL: oracles, JSON shapes, errors and query plans."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, Run, examples
from trustlog.app.clock import Clock, FixedClock
from trustlog.core.models import NewEntry
from trustlog.core.periods import build_report, default_range, period_start, periods
from trustlog.features.entries.queries import LogFilter, log
from trustlog.features.home.queries import totals
from trustlog.features.reports import queries as store_reports
from trustlog.journal import Journal
from trustlog.main import main

ROW_KEYS = [
    "period", "start", "end", "deposits", "withdrawals", "net", "balance",
    "toward", "away", "against", "kept", "broken", "turn_toward_rate",
]  # fmt: skip
BASE = date(2026, 7, 1)
KINDS = ("toward", "away", "against", "kept", "broken", "deposit", "withdraw", "injury")


def _json(args: list[str], db: Path, today: date = TODAY) -> Any:
    out = io.StringIO()
    env = dict(os.environ) | {"TRUSTLOG_DB": str(db)}
    with contextlib.redirect_stdout(out):
        code = main(args, env=env, clock=FixedClock(today))
    assert code == 0
    return json.loads(out.getvalue())


entry_strategy = st.tuples(
    st.integers(0, 150),  # day offset from BASE
    st.sampled_from(KINDS),
    st.integers(-30, 30),
    st.booleans(),  # partner
    st.integers(0, 9),  # deleted when 0
)


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=st.lists(entry_strategy, max_size=40),
    unit=st.sampled_from(["week", "month", "year"]),
    since=st.integers(-10, 140),  # --since may not be in the future
    length=st.integers(0, 160),
)
def test_running_balance_is_the_sum_of_live_amounts(
    entries: list[tuple[int, str, int, bool, int]], unit: str, since: int, length: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "j.db"
        journal = Journal.open(db, Clock(), "test")
        journal.add(
            [
                NewEntry(
                    kind=kind,
                    amount=amount,
                    on=BASE + timedelta(days=offset),
                    by="partner" if partner else "me",
                    deleted_at="2026-11-01T00:00:00+00:00" if deleted == 0 else None,
                )
                for offset, kind, amount, partner, deleted in entries
            ]
        )
        journal.close()
        first = BASE + timedelta(days=since)
        last = first + timedelta(days=length)
        flag = f"--{unit}"
        args = ["report", flag, "--since", first.isoformat(), "--until", last.isoformat(), "--json"]
        report = _json(args, db)
    live = [(BASE + timedelta(days=o), a, k) for o, k, a, _, d in entries if d != 0]

    def upto(day: date) -> int:
        return sum(amount for on, amount, _ in live if on <= day)

    rows = report["rows"]
    assert rows, "every range has at least one period"
    # --since before the journal's first period starts at that period (spec → robustness)
    oldest = min((on for on, _, _ in live), default=None)
    if oldest is not None and oldest <= last:
        first = max(first, period_start(unit, oldest))
    assert rows[0]["start"] == first.isoformat() and rows[-1]["end"] == last.isoformat()
    opening = upto(first - timedelta(days=1))
    assert opening + sum(row["net"] for row in rows) == rows[-1]["balance"]
    previous_end = first - timedelta(days=1)
    for row in rows:
        assert list(row) == ROW_KEYS
        start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        assert start == previous_end + timedelta(days=1), "periods are contiguous"
        previous_end = end
        inside = [(a, k) for on, a, k in live if start <= on <= end]
        assert row["balance"] == upto(end)
        assert row["net"] == sum(a for a, _ in inside)
        assert row["deposits"] == sum(a for a, _ in inside if a > 0)
        assert row["withdrawals"] == -sum(a for a, _ in inside if a < 0)
        for kind in ("toward", "away", "against", "kept", "broken"):
            assert row[kind] == sum(1 for _, k in inside if k == kind)
    totals = report["totals"]
    assert totals["balance"] == upto(last)
    assert totals["net"] == sum(row["net"] for row in rows)


def test_weeks_are_iso_weeks_clipped_to_the_range(run: Run) -> None:
    run("toward", "--on", "2026-11-01", "a note")  # a Sunday: still ISO week 44
    run("away", "--on", "2026-11-02")  # Monday: week 45
    result = run("report", "--week", "--since", "2026-10-28", "--until", "2026-11-10", "--json")
    assert result.code == 0
    rows = result.json()["rows"]  # type: ignore[index]
    assert [(r["period"], r["start"], r["end"]) for r in rows] == [
        ("2026-W44", "2026-10-28", "2026-11-01"),
        ("2026-W45", "2026-11-02", "2026-11-08"),
        ("2026-W46", "2026-11-09", "2026-11-10"),
    ]
    assert [r["net"] for r in rows] == [1, -5, 0]
    assert [r["balance"] for r in rows] == [1, -4, -4]
    assert [r["turn_toward_rate"] for r in rows] == [1.0, 0.0, None]


def test_empty_periods_appear_as_zero_rows(run: Run) -> None:
    run("deposit", "3", "--on", "2026-01-15")
    run("withdraw", "2", "--on", "2026-04-02")
    rows = run("report", "--month", "--since", "2026-01-01", "--until", "2026-05-31", "--json")
    data = rows.json()
    assert isinstance(data, dict)
    assert [r["period"] for r in data["rows"]] == [f"2026-0{m}" for m in range(1, 6)]
    assert [r["balance"] for r in data["rows"]] == [3, 3, 3, 1, 1]
    assert data["totals"]["period"] == "total"
    assert (data["totals"]["deposits"], data["totals"]["withdrawals"]) == (3, 2)


def test_default_is_month_from_the_first_entry_to_today(run: Run) -> None:
    run("toward", "--on", "2026-09-10")
    data = run("report", "--json").json()
    assert isinstance(data, dict)
    assert data["unit"] == "month"
    assert (data["since"], data["until"]) == ("2026-09-10", TODAY.isoformat())
    assert [r["period"] for r in data["rows"]] == ["2026-09", "2026-10", "2026-11"]


def test_default_range_is_at_most_twelve_periods() -> None:
    since, until = default_range("month", TODAY, date(2016, 1, 1), None, None)
    assert (since, until) == (date(2025, 12, 1), TODAY)
    assert len(periods("month", since, until)) == 12
    since, _ = default_range("week", TODAY, None, None, None)
    assert since == date(2026, 9, 7) and len(periods("week", since, TODAY)) == 12


def test_opening_balance_counts_entries_before_the_range(run: Run) -> None:
    run("deposit", "10", "--on", "2025-06-01")
    run("toward", "--on", "2026-11-20")
    data = run("report", "--year", "--since", "2026-01-01", "--json").json()
    assert isinstance(data, dict)
    assert [(r["period"], r["net"], r["balance"]) for r in data["rows"]] == [("2026", 1, 11)]


def test_report_on_a_missing_journal_creates_nothing(run: Run, db_path: Path) -> None:
    result = run("report")
    assert result.code == 0 and "empty" in result.out
    data = run("report", "--week", "--json").json()
    assert isinstance(data, dict) and all(r["net"] == 0 for r in data["rows"])
    assert run("search", "anything", "--json").json() == []
    assert run("chart").code == 0 and run("calendar").code == 0
    assert not db_path.exists()


# -- search ---------------------------------------------------------------------


def test_search_ranks_stems_and_leaves_out_deleted(run: Run) -> None:
    run("toward", "--on", "2026-11-01", "we walked to the river")
    run("toward", "--on", "2026-11-02", "walk walk walk by the river")
    run("away", "--on", "2026-11-03", "missed the walk")
    run("undo")  # the last one is deleted
    run("deposit", "2", "--on", "2026-11-04", "told the truth")
    found = run("search", "walk", "--json").json()
    assert isinstance(found, list)
    assert [e["note"] for e in found] == ["walk walk walk by the river", "we walked to the river"]
    assert set(found[0]) >= {"id", "uuid", "kind", "amount", "by", "on", "note", "tags"}
    both = run("search", "river", "walked", "--json").json()
    assert isinstance(both, list) and len(both) == 2
    prefix = run("search", "tru*", "--json").json()
    assert isinstance(prefix, list) and [e["note"] for e in prefix] == ["told the truth"]


@pytest.mark.parametrize(
    "words",
    [['"'], ["AND"], ["NOT", "walk"], ["walk", "OR"], ["(", "walk"], ["NEAR(walk"],
     ["col:walk"], ["*"], ['"walk'], ["walk*"], ["-walk"], ["^walk"], ["'"]],
)  # fmt: skip
def test_search_input_never_breaks_fts_syntax(run: Run, words: list[str]) -> None:
    run("toward", "walk AND NOT near the river")
    result = run("search", "--json", "--", *words)
    if store_reports.fts_query(words):
        assert result.code == 0, result.err
        assert isinstance(result.json(), list)
    else:
        assert result.code == 2 and result.err.count("\n") == 1


def test_fts_query_quotes_every_word() -> None:
    assert store_reports.fts_query(['say "hi"', "walk*", "--"]) == '"say ""hi""" "walk"*'


def test_search_limit(run: Run) -> None:
    for day in range(1, 8):
        run("toward", "--on", f"2026-11-0{day}", "coffee together")
    found = run("search", "coffee", "--limit", "3", "--json").json()
    assert isinstance(found, list) and len(found) == 3
    # Equal ranks: the most recently recorded first.
    assert [e["on"] for e in found] == ["2026-11-07", "2026-11-06", "2026-11-05"]


# -- errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--since", "someday"],
        ["report", "--until", "32 Smarch"],
        ["report", "--since", "2026-11-20", "--until", "2026-11-01"],
        ["report", "--since", "tomorrow"],
        ["report", "--week", "--month"],
        ["report", "--fortnight"],
        ["chart", "--since", "nope"],
        ["chart", "--since", "2026-11-20", "--until", "2026-11-01"],
        ["calendar", "--year", "1850"],
        ["calendar", "--year", "2027"],
        ["calendar", "--year", "twenty"],
        ["search"],
        ["search", "--limit", "0", "walk"],
        ["search", "?!"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(run: Run, args: list[str], db_path: Path) -> None:
    run("toward", "a note that must not leak")
    result = run(*args)
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and result.err.startswith("trustlog:")
    assert "must not leak" not in result.err
    assert result.out == ""


def test_an_svg_into_a_missing_folder_is_bad_input(run: Run, tmp_path: Path) -> None:
    run("toward")
    result = run("calendar", "--svg", str(tmp_path / "no" / "such" / "dir.svg"))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "does not exist" in result.err


# -- query plans --------------------------------------------------------------------


def _plans(journal: Journal, call: Any) -> list[str]:
    """Run `call`, then EXPLAIN QUERY PLAN every statement it sent."""
    sent: list[str] = []
    journal.conn.set_trace_callback(sent.append)
    call()
    journal.conn.set_trace_callback(None)
    details = []
    for sql in sent:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        details += [row[3] for row in journal.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert details, "the call ran no query"
    return details


def _no_full_scan(details: list[str]) -> None:
    """No plain scan of a real table: scans of subqueries walk already-grouped rows."""
    for detail in details:
        words = detail.split()
        if words[0] == "SCAN" and words[1] in ("entries", "e", "days", "checkins"):
            assert "USING" in detail and "INDEX" in detail, details


def test_hot_queries_use_indexes(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "plan.db", Clock(), "test")
    journal.add([NewEntry(kind="toward", amount=1, on=BASE, note="dinner together")])
    month = _plans(journal, lambda: store_reports.period_sums(journal, "month", BASE, TODAY))
    _no_full_scan(month)
    assert any("days USING PRIMARY KEY" in d for d in month), month
    found = _plans(journal, lambda: store_reports.search(journal, '"dinner"', 50))
    _no_full_scan(found)
    assert any("VIRTUAL TABLE INDEX" in d for d in found), found
    assert any("SEARCH e USING INTEGER PRIMARY KEY" in d for d in found), found
    newest = _plans(journal, lambda: log(journal, LogFilter(limit=50)))
    _no_full_scan(newest)
    assert any("INDEX entries_live_day" in d for d in newest), newest
    sums = _plans(journal, lambda: totals(journal, TODAY))
    _no_full_scan(sums)
    assert any("days USING PRIMARY KEY" in d for d in sums), sums
    first = _plans(journal, lambda: store_reports.first_day(journal))
    _no_full_scan(first)
    journal.close()


def test_report_reads_the_rollup_not_the_entries(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "r.db", Clock(), "test")
    sent: list[str] = []
    journal.conn.set_trace_callback(sent.append)
    store_reports.period_sums(journal, "week", BASE, TODAY)
    store_reports.daily_nets(journal, BASE, TODAY)
    journal.conn.set_trace_callback(None)
    assert sent and not any("FROM entries" in sql for sql in sent)
    journal.close()


def test_build_report_is_pure() -> None:
    report = build_report("year", date(2025, 6, 1), date(2026, 2, 1), 5, [])
    assert [(r.period, r.start, r.end, r.balance) for r in report.rows] == [
        ("2025", date(2025, 6, 1), date(2025, 12, 31), 5),
        ("2026", date(2026, 1, 1), date(2026, 2, 1), 5),
    ]
    assert report.totals.balance == 5


def test_a_journal_of_another_program_is_refused(run: Run, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    sqlite3.connect(db_path).execute("CREATE TABLE x (y)").connection.commit()
    result = run("report")
    assert result.code == 1 and result.err.count("\n") == 1


def test_a_word_in_very_many_notes_lists_the_newest_first(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `RANKED` matches, ranking would count every match of the word: newest first."""
    monkeypatch.setattr(store_reports, "RANKED", 3)
    run("toward", "--on", "2026-11-01", "walk walk walk by the river")  # the best match
    for day in range(2, 7):
        run("toward", "--on", f"2026-11-0{day}", "a long evening walk after a long day")
    found = run("search", "walk", "--limit", "2", "--json").json()
    assert isinstance(found, list)
    assert [e["on"] for e in found] == ["2026-11-06", "2026-11-05"]
    monkeypatch.setattr(store_reports, "RANKED", 100)
    ranked = run("search", "walk", "--limit", "1", "--json").json()
    assert isinstance(ranked, list) and ranked[0]["note"] == "walk walk walk by the river"


def test_a_narrow_calendar_keeps_the_recent_weeks(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A review: at 40 columns the calendar showed January to September and cut off
    # November, where every recorded day was.
    assert run("away", "--on", "2026-11-24", "late").code == 0
    monkeypatch.setenv("COLUMNS", "40")
    shown = run("calendar").out
    assert "Nov" in shown and "Jan" not in shown and "=" in shown
    assert all(len(line) <= 40 for line in shown.splitlines())

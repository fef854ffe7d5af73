"""The month roll-up (journal/months.py) is `days` summed by month, kept by triggers:
whatever changes `days` (captures, edits, undo, purge, merge, a big import, sync), it
must equal a fresh sum of `days`, and what reads it must answer as the days would."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Run
from test_import_bulk import _rows
from test_reports import _no_full_scan, _plans
from test_sync import Device, connect, deliver
from trustlog.app.clock import FixedClock
from trustlog.core.models import NewEntry
from trustlog.features.reports import queries
from trustlog.journal import Journal, months

_MONTHS = "SELECT month, by, net, kept, entries FROM months WHERE entries != 0 ORDER BY 1, 2"
_FRESH = (
    "SELECT substr(day, 1, 8) || '01', by, sum(net), sum(kept), sum(entries) FROM days "
    "GROUP BY 1, 2 HAVING sum(entries) != 0 ORDER BY 1, 2"
)


def _in_step(db: Path) -> list[Any]:
    """The month roll-up as kept; asserts it equals a fresh sum of `days`."""
    conn = sqlite3.connect(db)
    try:
        kept = conn.execute(_MONTHS).fetchall()
        assert kept == conn.execute(_FRESH).fetchall()
        assert not months.differ(conn)
        return kept
    finally:
        conn.close()


def _ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.code == 0, result.err
    return result.out


def test_every_change_to_days_moves_the_month_roll_up(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    for n, on in enumerate(("2026-09-30", "2026-10-01", "2026-10-31", "2026-11-25")):
        _ok(run, "toward", "--on", on, f"walk {n}")
        _ok(run, "away", "-p", "--on", on, f"late {n}")
    before = _in_step(db_path)
    _ok(run, "edit", "1", "--on", "2026-08-15", "--amount", "3")  # to another month
    _in_step(db_path)
    _ok(run, "rm", "2", "3")
    _in_step(db_path)
    _ok(run, "restore", "3")
    _in_step(db_path)
    _ok(run, "deposit", "--on", "2026-06-02", "4", "paid the plumber")
    _ok(run, "undo")  # takes that deposit back
    _in_step(db_path)
    copy = tmp_path / "laptop.db"
    _ok(run, "backup", str(copy))
    _ok(run, "purge", "4", "--yes")
    _in_step(db_path)
    _ok(run, "merge", str(copy))  # the purge holds; the rest is already here
    _in_step(db_path)
    source = tmp_path / "big.json"  # over the bulk threshold: `rebuild_touched_days`
    source.write_text(json.dumps(_rows(1_200)))
    _ok(run, "import", str(source))
    after = _in_step(db_path)
    assert after != before and len(after) > 50


def test_a_big_import_that_deletes_and_moves_keeps_the_months(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    rows = _rows(1_500)
    first = tmp_path / "first.json"
    first.write_text(json.dumps(rows))
    _ok(run, "import", str(first))
    changed = [rows[0] | {"deleted_at": "2026-11-24T10:00:00.000000+00:00"}]
    changed += [rows[1] | {"on": "2026-11-20"}]
    more = [r | {"uuid": r["uuid"].replace("0000-4", "2222-4")} for r in _rows(1_100)]
    second = tmp_path / "second.json"
    second.write_text(json.dumps(changed + more))
    _ok(run, "import", str(second))
    _in_step(db_path)


def test_sync_moves_the_month_roll_up_on_the_other_device(tmp_path: Path) -> None:
    now = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    laptop, desktop = Device(tmp_path, "laptop"), Device(tmp_path, "desktop")
    connect([laptop, desktop], now)
    laptop.ok(now, "toward", "--on", "2026-10-12", "cooked together")
    laptop.ok(now, "deposit", "--on", "2026-07-01", "3", "fixed the shelf")
    laptop.ok(now, "sync")
    deliver(laptop, desktop)
    desktop.ok(now, "sync")
    laptop.ok(now, "rm", "1")
    laptop.ok(now, "sync")
    deliver(laptop, desktop)
    desktop.ok(now, "sync")
    taken = _in_step(desktop.root / "trustlog.db")
    sent = _in_step(laptop.root / "trustlog.db")
    older = [row for row in sent if row[0] < "2026-11-01"]  # the months sync brought
    assert older == [("2026-07-01", "me", 3, 0, 1), ("2026-10-01", "me", 1, 0, 1)]
    assert [row for row in taken if row[0] < "2026-11-01"] == older


def test_a_drifted_month_roll_up_is_found_and_mended_by_doctor(run: Run, db_path: Path) -> None:
    _ok(run, "toward", "--on", "2026-10-03", "asked about her day")
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("UPDATE months SET net = net + 5")
    conn.close()
    found = run("doctor")
    assert found.code == 1
    assert "days: the monthly totals do not match the daily ones" in found.out
    assert run("doctor", "--fix").code == 0
    _in_step(db_path)
    assert run("doctor").code == 0


def _journal_over_years(path: Path) -> Journal:
    journal = Journal.open(path, FixedClock(TODAY), "test")
    rng = random.Random(11)
    first = TODAY - timedelta(days=3 * 365)
    journal.add(
        [
            NewEntry("toward", rng.choice((1, 2)), first + timedelta(days=rng.randint(0, 1095)))
            for _ in range(400)
        ]
        + [NewEntry("away", -5, first + timedelta(days=n), by="partner") for n in (0, 31, 400)]
    )
    return journal


def test_a_range_read_through_months_sums_as_its_days_do(tmp_path: Path) -> None:
    journal = _journal_over_years(tmp_path / "j.db")
    rng = random.Random(3)
    first = TODAY - timedelta(days=3 * 365 + 40)
    edges = [date(2025, 1, 1), date(2025, 1, 31), date(2025, 2, 28), date(2024, 2, 29)]
    for _ in range(300):
        since = rng.choice([first + timedelta(days=rng.randint(0, 1200)), *edges])
        until = since + timedelta(days=rng.choice((0, 1, 27, 30, 31, 95, 400, 2000)))
        spanned = journal.conn.execute(
            f"SELECT coalesce(sum(net), 0), count(*) FROM ({months.spanned('net')})",
            months.spans(since, until),
        ).fetchone()[0]
        plain = journal.conn.execute(
            "SELECT coalesce(sum(net), 0) FROM days WHERE day BETWEEN ? AND ?",
            (since.isoformat(), until.isoformat()),
        ).fetchone()[0]
        assert spanned == plain, (since, until)
    for as_of in (date.min, date(1, 1, 31), date.max, TODAY, TODAY - timedelta(days=500)):
        plain = journal.conn.execute(
            "SELECT coalesce(sum(net), 0) FROM days WHERE day <= ?", (as_of.isoformat(),)
        ).fetchone()[0]
        assert journal.balance(as_of) == plain
    journal.close()


@pytest.mark.parametrize("unit", ["month", "year"])
def test_reports_by_month_and_year_read_whole_months_not_every_day(
    tmp_path: Path, unit: str
) -> None:
    journal = _journal_over_years(tmp_path / "j.db")
    since, until = date(2023, 11, 14), TODAY
    plans = _plans(journal, lambda: queries.period_sums(journal, unit, since, until))
    _no_full_scan(plans)
    assert any("months USING PRIMARY KEY" in d for d in plans), plans
    # `days` is read only at the range's ends, by its key
    assert all("USING PRIMARY KEY" in d for d in plans if d.split()[1:2] == ["days"]), plans
    balance = _plans(journal, lambda: journal.balance(TODAY))
    assert any("months USING PRIMARY KEY" in d for d in balance), balance
    journal.close()


def test_doctor_on_a_journal_from_before_the_month_roll_up_finds_nothing_wrong(
    run: Run, db_path: Path
) -> None:
    from conftest import old_journal

    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = old_journal(db_path, stop_before="011_scale_months")
    conn.close()
    found = run("doctor")
    assert "monthly" not in found.out and "could not be read" not in found.out, found.out


@pytest.mark.parametrize(
    "damage",
    [
        ("DROP TRIGGER days_months_insert", "DROP TRIGGER days_months_update"),
        ("DROP TABLE months",),
        ("DROP TRIGGER days_totals_insert", "DROP TRIGGER days_totals_update"),
        ("DROP TABLE running_totals",),
    ],
)
def test_a_roll_up_another_tool_broke_is_made_again(
    run: Run, db_path: Path, damage: tuple[str, ...]
) -> None:
    # A review dropped the months triggers with sqlite3: captures then printed a
    # wrong balance and `doctor --fix` did not put them back; a dropped table
    # made every capture fail while doctor said "good health".
    assert run("toward", "--on", "2020-05-04", "first").code == 0
    conn = sqlite3.connect(db_path)
    for statement in damage:
        conn.execute(statement)
    conn.commit()
    conn.close()
    after = run("toward", "--on", "2020-05-05", "second")
    assert after.code == 0, after.err
    assert "another program changed this journal" in after.err
    assert run("balance", "--json").json()["balance"] == 2  # type: ignore[index]
    assert run("doctor").code == 0
    year = run("report", "--year", "--since", "2020-01-01", "--json").json()
    assert year["totals"]["toward"] == 2  # type: ignore[index,call-overload]

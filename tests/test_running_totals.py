"""The home screen's totals and streak come from counters kept by triggers
(journal/running.py); whatever is recorded, edited, deleted or checked in, they
must equal the plain answer read from every row, and read only a few rows."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from conftest import TODAY
from test_reports import _no_full_scan, _plans
from trustlog.app.clock import FixedClock
from trustlog.core.ledger import streak as plain_streak
from trustlog.core.models import NewEntry, Totals
from trustlog.features.home import queries
from trustlog.features.home.home import build_home
from trustlog.journal import Journal
from trustlog.journal.schema import rebuild_days

SUMS = (
    "sum(net), sum(deposits), sum(withdrawals), sum(entries), sum(positives), "
    "sum(negatives), sum(toward), sum(away), sum(against), sum(kept), sum(broken)"
)


def _plain_totals(journal: Journal, as_of: date) -> dict[str, Totals]:
    people = {"me": Totals(), "partner": Totals()}
    for by, *row in journal.conn.execute(
        f"SELECT by, {SUMS} FROM days WHERE day <= ? GROUP BY by", (as_of.isoformat(),)
    ):
        people[by] = Totals(*(int(v) for v in row))
    return people


def _plain_active(journal: Journal, as_of: date) -> list[date]:
    rows = journal.conn.execute(
        "SELECT day FROM days WHERE entries > 0 AND day <= :d "
        "UNION SELECT day FROM checkins WHERE day <= :d ORDER BY day DESC",
        {"d": as_of.isoformat()},
    )
    return [date.fromisoformat(day) for (day,) in rows]


def _check(journal: Journal) -> None:
    for back in (0, 1, 9, -3):
        as_of = TODAY - timedelta(days=back)
        assert queries.totals_by_person(journal, as_of) == _plain_totals(journal, as_of)
        assert queries.streak(journal, as_of) == plain_streak(_plain_active(journal, as_of), as_of)
    mark = journal.conn.execute("SELECT start, through FROM streak_mark").fetchone()
    if mark:  # a mark only ever claims days that are all active
        start, through = (date.fromisoformat(d) for d in mark)
        active = set(_plain_active(journal, through))
        assert all(start + timedelta(n) in active for n in range((through - start).days + 1))


def _step(journal: Journal, rng: random.Random) -> None:
    day = TODAY - timedelta(days=rng.randint(0, 12))
    action = rng.choice(("add", "add", "add", "delete", "restore", "move", "checkin", "uncheck"))
    conn = journal.conn
    with journal.writing():
        if action == "add":
            kind, amount = rng.choice((("toward", 1), ("away", -5), ("deposit", 3), ("kept", 1)))
            journal.insert_entry(conn, NewEntry(kind, amount, day, rng.choice(("me", "partner"))))
        elif action in ("delete", "restore", "move"):
            row = conn.execute("SELECT id FROM entries ORDER BY random() LIMIT 1").fetchone()
            if row:
                sql = {
                    "delete": "UPDATE entries SET deleted_at = 'x' WHERE id = ?",
                    "restore": "UPDATE entries SET deleted_at = NULL WHERE id = ?",
                    "move": f"UPDATE entries SET day = '{day.isoformat()}' WHERE id = ?",
                }[action]
                conn.execute(sql, row)
        elif action == "checkin":
            conn.execute(
                "INSERT INTO checkins (uuid, day, recorded_at) VALUES (?, ?, 'x')",
                (f"c{rng.random()}", day.isoformat()),
            )
        else:
            conn.execute("DELETE FROM checkins WHERE id IN (SELECT id FROM checkins LIMIT 1)")


def test_counters_equal_the_plain_sums_through_every_change(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.db", FixedClock(TODAY), "test")
    rng = random.Random(14)
    for _ in range(150):
        _step(journal, rng)
        _check(journal)
    with journal.writing() as conn:  # a big import's path: the roll-up summed again
        rebuild_days(conn)
    _check(journal)
    journal.close()


def test_a_long_unbroken_run_is_counted_from_the_mark(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.db", FixedClock(TODAY), "test")
    days = 400
    journal.add([NewEntry("toward", 1, TODAY - timedelta(n)) for n in range(days)])
    journal.add([NewEntry("toward", 1, TODAY - timedelta(days + 5))])  # after a gap
    assert queries.streak(journal, TODAY) == days
    assert journal.conn.execute("SELECT start, through FROM streak_mark").fetchone() == (
        (TODAY - timedelta(days - 1)).isoformat(),
        TODAY.isoformat(),
    )
    sent: list[str] = []
    journal.conn.set_trace_callback(sent.append)
    assert queries.streak(journal, TODAY) == days
    journal.conn.set_trace_callback(None)
    assert len(sent) <= 4, sent  # the mark, the newest day, one window below the run
    journal.close()


def test_the_home_screen_reads_counters_not_the_whole_roll_up(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.db", FixedClock(TODAY), "test")
    journal.add([NewEntry("toward", 1, TODAY - timedelta(n)) for n in range(40)])
    plans = _plans(journal, lambda: build_home(journal, TODAY))
    _no_full_scan(plans)
    assert any("running_totals" in d for d in plans), plans
    assert any("streak_mark" in d for d in plans), plans
    # every read of `days` is a range of the primary key, never the whole table
    assert all("USING PRIMARY KEY" in d or "USING COVERING" in d for d in plans
               if d.split()[1:2] == ["days"]), plans  # fmt: skip
    journal.close()

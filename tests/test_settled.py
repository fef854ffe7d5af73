"""A promise's settled mark gives the same status as its whole history."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run
from trustlog.core import recurrence

D = date.fromisoformat

RULES = [
    ("FREQ=DAILY", "2020-02-29"),
    ("FREQ=DAILY;INTERVAL=3", "2021-01-05"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", "2021-01-06"),
    ("FREQ=WEEKLY", "2021-03-04"),
    ("FREQ=MONTHLY", "2020-01-31"),
    ("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR", "2020-01-10"),
    ("FREQ=YEARLY", "2020-02-29"),
    ("FREQ=MONTHLY;COUNT=30", "2020-03-30"),
]


@pytest.mark.parametrize(("rule", "made"), RULES)
def test_resuming_a_rule_on_its_own_occurrence_gives_the_same_days(rule: str, made: str) -> None:
    start, until = D(made), D("2032-12-31")
    every = recurrence.occurrences(rule, start, until)
    beyond = recurrence.occurrences(rule, start, D("2045-12-31"))
    for since in every[:: max(1, len(every) // 25)]:
        resumed = recurrence.occurrences(rule, start, until, since)
        assert resumed == [day for day in every if day > since]
        ahead = recurrence.after(rule, start, since + timedelta(3), since)
        assert next(ahead, None) == next((d for d in beyond if d > since + timedelta(3)), None)


def promises_json(run: Run, today: date = TODAY) -> object:
    result = run("promises", "--all", "--json", today=today)
    assert result.code == 0, result.err
    return result.json()


def forget_marks(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("DELETE FROM promise_marks").rowcount


def test_status_is_the_same_with_and_without_marks(run: Run, db_path: Path) -> None:
    run("promise", "walk", "together", "--every", "day", "--on", "40 days ago")
    run("promise", "call", "mum", "--every", "sunday", "--on", "40 days ago")
    run("promise", "no", "phone", "at", "dinner", "--on", "40 days ago")  # standing
    for back in range(40, 2, -1):
        day = (TODAY - timedelta(days=back)).isoformat()
        run("kept" if back % 7 else "broken", "1", "--on", day)
        run("kept", "3", "--on", day)
    run("kept", "2", "--on", (TODAY - timedelta(days=37)).isoformat())  # Sun 18 Oct
    with sqlite3.connect(db_path) as conn:
        marks = dict(conn.execute("SELECT promise_id, through FROM promise_marks"))
    assert marks[1] == (TODAY - timedelta(days=3)).isoformat()
    assert 2 in marks and 3 in marks
    settled = [promises_json(run, TODAY - timedelta(days=n)) for n in (0, 10, 39)]
    assert forget_marks(db_path) == 3
    assert settled == [promises_json(run, TODAY - timedelta(days=n)) for n in (0, 10, 39)]


def test_taking_back_a_settled_kept_makes_that_day_overdue_again(run: Run, db_path: Path) -> None:
    run("promise", "walk", "--every", "day", "--on", "5 days ago")
    kept = [
        run("kept", "1", "--on", (TODAY - timedelta(days=back)).isoformat(), "--json").json()
        for back in range(5, -1, -1)
    ]
    (before,) = run("promises", "--json").json()  # type: ignore[misc]
    assert (before["status"], before["next_due"]) == ("open", (TODAY + timedelta(1)).isoformat())
    oldest = kept[0]
    assert isinstance(oldest, dict)
    assert run("rm", str(oldest["id"])).code == 0
    (walk,) = run("promises", "--json").json()  # type: ignore[misc]
    assert (walk["status"], walk["next_due"], walk["kept"]) == ("overdue", oldest["occurrence"], 5)
    again = run("kept", "1", "--json").json()
    assert isinstance(again, dict)
    assert again["occurrence"] == oldest["occurrence"]
    with sqlite3.connect(db_path) as conn:
        (through,) = conn.execute("SELECT through FROM promise_marks").fetchone()
    assert through == TODAY.isoformat()

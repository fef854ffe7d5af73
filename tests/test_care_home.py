"""The home screen as a mirror, not a scorecard (spec: Views, JSON shapes → balance).

Your own turning toward comes first, as a rate with its count and 95%
Wilson interval (checked against a table worked by hand); the partner's
responses are counts; no divorce figure and no 5:1 beside a day's tally;
days kept out of the last 28 instead of a streak.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from test_merge import import_doc

#: (toward, bids) → the screen's words and the interval's ends, worked by hand:
#: centre (p + z²/2n)/(1 + z²/n), half-width z·√(p(1−p)/n + z²/4n²)/(1 + z²/n), z = 1.96.
#: For 0 of 1, z²/(1 + z²) = 3.8415/4.8415 = 0.7935; 1 of 1 is its mirror.
#: The spec's example says 74–85% for 140 of 175; the interval is 73.5–85.3%: 73–85%.
WILSON_TABLE = [
    (0, 0, "no bids logged yet", None),
    (0, 1, "0% of 1 bid, 0–79%", (0.0, 0.7935)),
    (1, 1, "100% of 1 bid, 21–100%", (0.2065, 1.0)),
    (86, 100, "86% of 100 bids, 78–91%", (0.7786, 0.9147)),
    (140, 175, "80% of 175 bids, 73–85%", (0.7346, 0.8525)),
]


def _bids(toward: int, bids: int, by: str = "me") -> list[dict[str, Any]]:
    kinds = ["toward"] * toward + ["away"] * (bids - toward)
    return [{"kind": kind, "on": "2026-11-20", "by": by} for kind in kinds]


@pytest.mark.parametrize(("toward", "bids", "shown", "interval"), WILSON_TABLE)
def test_my_turning_toward_is_a_rate_with_its_count_and_interval(
    run: Run,
    db_path: Path,
    tmp_path: Path,
    toward: int,
    bids: int,
    shown: str,
    interval: tuple[float, float] | None,
) -> None:
    # The partner's bids are there too, and never become a rate.
    entries = _bids(toward, bids) + _bids(3, 4, by="partner")
    import_doc(run, db_path, tmp_path, {"entries": entries})
    out = " ".join(run("balance").out.split())
    assert f"You turned toward {shown}" in out
    assert "Your partner 3 toward, 1 away, 0 against" in out
    assert "75%" not in out  # the partner's 3 of 4 is counted, never rated
    data: Any = run("balance", "--json").json()
    assert data["my_bids"] == bids
    if interval is None:
        assert data["my_turn_toward_rate"] is None and data["my_turn_toward_interval"] is None
    else:
        assert data["my_turn_toward_rate"] == toward / bids  # not rounded
        assert data["my_turn_toward_interval"] == pytest.approx(list(interval), abs=1e-4)
    everyone = toward + 3, bids + 4
    assert data["turn_toward_rate"] == everyone[0] / everyone[1]
    assert data["partner_bids"] == {"toward": 3, "away": 1, "against": 0}


def test_rates_and_ratio_are_not_rounded_in_json(run: Run, db_path: Path, tmp_path: Path) -> None:
    entries = [*_bids(1, 3), {"kind": "toward", "on": "2026-11-21", "by": "partner"}]
    import_doc(run, db_path, tmp_path, {"entries": entries})
    data: Any = run("balance", "--json").json()
    assert data["turn_toward_rate"] == 2 / 4
    assert data["my_turn_toward_rate"] == 1 / 3  # 0.3333…, not 0.3333
    assert data["ratio"] == 2 / 2
    low, high = data["turn_toward_interval"]
    assert 0 < low < 0.5 < high < 1


def test_the_home_screen_names_its_source_and_never_a_verdict(run: Run) -> None:
    for args in (("toward",), ("away",), ("against", "-p"), ("deposit", "40"), ("withdraw", "3")):
        assert run(*args, "x").code == 0
    out = " ".join(run().out.split())
    assert "Gottman" in out and "trustlog help research" in out
    for absent in ("divorce", "33%", "5 : 1", "5:1", "Streak", "streak"):
        assert absent not in out
    # The reference line comes right after my own rate; my partner's counts come only
    # after my own promises and days, never right under it (a review read them together).
    assert out.index("You turned toward") < out.index("Reference: 86%") < out.index("Days")
    assert out.index("Days") < out.index("Your partner")
    lines = run().out.splitlines()
    reference = next(n for n, line in enumerate(lines) if "Reference: 86%" in line)
    assert "Your partner" not in lines[reference + 1]


@pytest.mark.parametrize(
    ("days", "as_of", "kept"),
    [
        # February 2026 has 28 days: the window ending 1 March starts on 2 February.
        (["2026-02-01", "2026-02-02", "2026-02-15", "2026-02-15", "2026-03-01"], "2026-03-01", 3),
        # Across the end of October: 4 to 31 October; 1 November is after the day asked.
        (["2026-10-03", "2026-10-04", "2026-10-31", "2026-11-01"], "2026-10-31", 2),
        # Across the year's end, with a long gap: one day in the window.
        (["2025-11-01", "2025-12-20", "2026-01-03"], "2026-01-10", 2),
        (["2026-01-01"], "2026-03-01", 0),
    ],
)
def test_days_kept_in_the_last_28_across_gaps_and_month_ends(
    run: Run, db_path: Path, tmp_path: Path, days: list[str], as_of: str, kept: int
) -> None:
    entries = [{"kind": "toward", "on": day} for day in days]
    import_doc(run, db_path, tmp_path, {"entries": entries})
    data: Any = run("balance", "--on", as_of, "--json").json()
    assert data["days_kept_28"] == kept
    out = " ".join(run("balance", "--on", as_of).out.split())
    if kept:
        assert f"kept {kept} of the last 28 days" in out
    else:
        assert "nothing logged in the last 28 days — today is a good day to start" in out


def test_a_checkin_alone_keeps_a_day(run: Run) -> None:
    assert run("checkin", "--yes", today=date(2026, 11, 24)).code == 0
    assert run("balance", "--json").json()["days_kept_28"] == 1  # type: ignore[index]


def test_a_missed_promise_reads_kindly_on_the_home_screen(run: Run) -> None:
    assert run("promise", "walk", "together", "--every", "daily", "--on", "5 days ago").code == 0
    out = " ".join(run().out.split())
    assert "missed 5 days — mark them or let them go" in out
    assert "overdue" not in out


def test_the_partner_s_promises_are_counted_never_rated(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    import_doc(
        run,
        db_path,
        tmp_path,
        {
            "promises": [{"uuid": "p", "text": "call", "by": "partner", "made_on": "2026-11-01"}],
            "entries": [
                {"kind": "kept", "on": "2026-11-20", "promise_uuid": "p", "by": "partner"},
                {"kind": "broken", "on": "2026-11-21", "promise_uuid": "p", "by": "partner"},
            ],
        },
    )
    lines = run().out.splitlines()
    theirs = next(line for line in lines if line.startswith("Partner's promises"))
    assert "1 kept, 1 broken" in theirs and "%" not in theirs
    mine = next(line for line in lines if line.startswith("Your promises kept"))
    assert "none marked yet" in mine

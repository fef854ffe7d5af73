"""Dates at their edges: 1900 to today for entries, 9999 for due dates, --since from the start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run


@pytest.mark.parametrize(
    "args",
    [
        ("balance", "--on", "0001-01-01"),
        ("toward", "--on", "1899-12-31", "x"),
        ("log", "--until", "0001-01-01"),
        ("promise", "x", "--every", "daily", "--on", "0001-01-01"),
    ],
)
def test_a_day_before_1900_is_a_clear_exit_2(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 2
    assert "1900" in result.err and "too large" not in result.err


def test_a_due_date_may_be_far_ahead(run: Run) -> None:
    result = run("promise", "plant", "an", "oak", "--due", "9999-12-31", "--json")
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--week", "--since", "0001-01-01", "--json"),
        ("chart", "--since", "10000 months ago"),
        ("log", "--since", "1000000000 days ago", "--json"),
    ],
)
def test_since_before_the_first_day_starts_at_the_first_day(
    run: Run, args: tuple[str, ...]
) -> None:
    run("toward", "--on", "2026-11-02", "walk")
    result = run(*args)
    assert result.code == 0, result.err
    if args[0] == "report":
        periods = result.json()["rows"]  # type: ignore[index]
        assert len(periods) == 4  # the weeks from Nov 2 to Nov 25, not 100,000 of them


def test_an_import_dated_tomorrow_is_accepted(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "travel.json"
    source.write_text(json.dumps([{"kind": "toward", "on": "2026-11-26", "note": "flight"}]))
    result = run("import", str(source))
    assert result.code == 0, result.err

"""The read-only commands read without Typer (`app.quick`) must show what the Typer app shows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import TODAY
from trustlog.app import quick
from trustlog.app.cli import run as run_typer
from trustlog.app.clock import FixedClock
from trustlog.main import main as run_main

LOOKS = [
    ["log"],
    ["log", "--limit", "3"],
    ["log", "--limit=2", "--json"],
    ["log", "-p"],
    ["log", "--me", "--kind", "away"],
    ["log", "-t", "kids", "--since", "2026-11-01", "--until=yesterday"],
    ["log", "--deleted"],
    ["log", "--limit", "0"],
    ["log", "--since", "not a day"],
    ["log", "--kind", "nonsense"],
    ["report"],
    ["report", "--month"],
    ["report", "--week", "--since", "3 weeks ago"],
    ["report", "--year", "--json"],
    ["report", "--week", "--month"],
    ["promises"],
    ["promises", "--all", "--json"],
    ["search", "dinner"],
    ["search", "dinner", "--limit", "1"],
    ["search", "--json", "kids", "dinner"],
    ["search", "--limit", "0", "dinner"],
    ["search", "!!!"],
    ["chart"],
    ["chart", "--since", "2026-11-10"],
    ["chart", "--since", "2026-11-20", "--until", "2026-11-01"],
]


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    db = tmp_path / "j.db"
    clock = FixedClock(TODAY)
    for argv in (
        ["toward", "--on", "2026-11-02", "dinner", "together", "@kids"],
        ["away", "-p", "--on", "2026-11-12", "missed", "the", "call"],
        ["deposit", "4", "--on", "2026-11-20", "told", "the", "truth"],
        ["withdraw", "2", "late", "for", "dinner"],
        ["promise", "call", "mum", "--every", "sunday", "--on", "2026-11-01"],
        ["rm", "2"],
    ):
        assert run_main(["--db", str(db), *argv], clock=clock) == 0, argv
    return db


@pytest.mark.parametrize("argv", LOOKS, ids=" ".join)
def test_quick_and_typer_show_the_same(
    journal: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    quick.read(argv[0], argv[1:])  # main takes these without Typer
    clock = FixedClock(TODAY)
    args = ["--db", str(journal), *argv]
    capsys.readouterr()
    quick_code = run_main(args, clock=clock)
    seen = capsys.readouterr()
    typer_code = run_main_through_typer(args, clock)
    typer_seen = capsys.readouterr()
    assert (quick_code, seen.out, seen.err) == (typer_code, typer_seen.out, typer_seen.err)


def run_main_through_typer(args: list[str], clock: FixedClock) -> int:
    """`main` with the Typer app forced (its error lines come from `main` too)."""
    from trustlog.app.errors import TrustlogError

    try:
        return run_typer(args, dict(os.environ), clock)
    except TrustlogError as error:
        import sys

        print(f"trustlog: {error.message}", file=sys.stderr)
        return error.exit_code


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "--help"],
        ["log", "-h"],
        ["log", "--limit", "x"],
        ["log", "--limit", "+5"],
        ["log", "--limit"],
        ["log", "extra"],
        ["log", "-pt", "kids"],
        ["log", "-t=kids"],
        ["log", "--json=1"],
        ["log", "--tag", "-p"],
        ["search"],
        ["search", "--", "-x"],
        ["chart", "--svg", "x.svg"],
        ["promises", "--al"],
        ["report", "--unknown"],
        ["calendar"],
    ],
)
def test_anything_unusual_goes_to_typer(argv: list[str]) -> None:
    with pytest.raises(quick.NotQuick):
        quick.read(argv[0], argv[1:])


def test_the_usual_forms_are_read() -> None:
    assert quick.read("log", ["--limit", "50"]) == ("entries.listing:show_log", {"limit": 50})
    assert quick.read("search", ["--limit=5", "walk", "--json", "dinner"]) == (
        "reports.screens:show_search",
        {"limit": 5, "as_json": True, "words": ["walk", "dinner"]},
    )
    assert quick.read("report", ["--since", ""]) == ("reports.screens:show_report", {"since": ""})

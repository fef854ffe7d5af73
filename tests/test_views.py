"""What people see: report table, chart, calendar and search at a fixed width, colour off."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from conftest import Run
from trustlog.app.clock import Clock
from trustlog.core.models import NewEntry
from trustlog.core.periods import level, nice_ticks, split_marked
from trustlog.journal import Journal

ESC = "\x1b["


@pytest.fixture
def journal_with_a_month(run: Run, db_path: Path) -> Path:
    run("toward", "--on", "2026-11-02", "asked about her day")
    run("toward", "-p", "--on", "2026-11-02", "made coffee [for me]")
    run("away", "--on", "2026-11-03", "missed the text")
    run("deposit", "4", "--on", "2026-11-10", "told the truth about the card")
    run("against", "--on", "2026-11-12", "snapped at dinner")
    journal = Journal.open(db_path, Clock(), "test")
    journal.add([NewEntry(kind="injury", amount=-100, on=date(2026, 11, 15), note="a hard day")])
    journal.close()
    run("withdraw", "2", "--on", "2026-10-05", "late again")
    return db_path


def test_report_table(run: Run, journal_with_a_month: Path) -> None:
    result = run("report", "--month", "--since", "2026-10-01")
    assert result.code == 0 and result.err == ""
    assert ESC not in result.out
    lines = result.out.splitlines()
    assert lines[0].startswith("Report by month · 2026-10-01 to 2026-11-25")
    header = lines[1].split()
    assert header[:5] == ["Period", "In", "Out", "Net", "Balance"]
    october = next(line for line in lines if line.startswith("2026-10")).split()
    assert october[:5] == ["2026-10", "0", "−2", "-2", "-2"]
    november = next(line for line in lines if line.startswith("2026-11")).split()
    assert november[:5] == ["2026-11", "+6", "−115", "-109", "-111"]
    assert november[-1] == "50%"  # 2 toward of 4 bids
    total = next(line for line in lines if line.startswith("total")).split()
    assert total[:5] == ["total", "+6", "−117", "-111", "-111"]
    # The rate holds both people's bids: no research beside it, not even a pointer.
    assert "trustlog help research" not in result.out and "not a score" in result.out
    assert "86%" not in result.out and "33%" not in result.out and "divorce" not in result.out
    assert all(len(line) <= 100 for line in lines)


def test_chart_has_axes_zero_line_and_injury(run: Run, journal_with_a_month: Path) -> None:
    result = run("chart", "--since", "2026-10-01")
    assert result.code == 0 and ESC not in result.out
    out = result.out
    # --since before the first entry (Oct 5) starts at the first entry (spec → robustness)
    assert "Running balance · 2026-10-05 to 2026-11-25" in out
    assert "balance" in out and "day" in out  # axis labels
    assert "2026-10-05" in out and "2026-11-25" in out  # dates along the x axis
    zero_row = next(line for line in out.splitlines() if line.lstrip().startswith("0 ┼"))
    assert zero_row.count("─") > 20, "the zero line crosses the chart"
    assert "✕" in out and "injury (1)" in out
    assert "lowest -111" in out
    assert all(len(line) <= 100 for line in out.splitlines())


def test_chart_of_an_empty_range(run: Run) -> None:
    run("toward", "--on", "2026-11-20")
    result = run("chart", "--since", "2026-11-01", "--until", "2026-11-05")
    assert (result.code, result.out) == (
        0,
        "Nothing was recorded by 2026-11-05, so there is no line to draw.\n",
    )


def test_chart_of_a_journal_with_nothing_live(run: Run) -> None:
    run("toward")
    run("undo")
    result = run("chart")
    assert result.code == 0 and "Nothing recorded yet" in result.out
    assert run("chart", "--since", "2026-11-01").code == 0


def test_calendar(run: Run, journal_with_a_month: Path) -> None:
    result = run("calendar")
    assert result.code == 0 and ESC not in result.out
    lines = result.out.splitlines()
    assert lines[0].startswith("2026 · daily net")
    months = lines[1].split()
    assert months == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                      "Nov", "Dec"]  # fmt: skip
    rows = lines[2:9]
    assert [row[:3] for row in rows[::2]] == ["Mon", "Wed", "Fri", "Sun"]
    # 2026-01-01 is a Thursday: the first column starts on Monday 2025-12-29.
    first = date(2025, 12, 29)
    cell = 1  # 100 columns hold 53 one-character weeks, not two-character ones

    def glyph(day: date) -> str:
        week, weekday = divmod((day - first).days, 7)
        return rows[weekday][4 + week * cell]

    assert glyph(date(2026, 11, 2)) == "░"  # +2: two turns toward
    assert glyph(date(2026, 11, 3)) == "="  # -5
    assert glyph(date(2026, 11, 10)) == "▒"  # +4: a deposit of 4
    assert glyph(date(2026, 11, 12)) == "≡"  # -10
    assert glyph(date(2026, 11, 15)) == "#"  # -100
    assert glyph(date(2026, 11, 4)) == "·"
    assert glyph(date(2026, 1, 1)) == "·"
    assert rows[3][4] == "·" and rows[0][4] == " "  # Thu Jan 1 vs Mon Dec 29 (last year)
    legend = lines[9] + lines[10]
    assert "deposits" in legend and "withdrawals" in legend and "nothing recorded" in legend
    assert "6 days recorded, net -111 · 2 up, 4 down" in result.out


def test_calendar_of_another_year(run: Run, journal_with_a_month: Path) -> None:
    result = run("calendar", "--year", "2024")
    assert result.code == 0
    assert "0 days recorded, net 0" in result.out
    assert "2024 ·" in result.out


def test_search_view_shows_notes_as_typed(run: Run, journal_with_a_month: Path) -> None:
    result = run("search", "coffee")
    assert result.code == 0 and ESC not in result.out
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "Date", "Amount", "Kind", "By", "Note"]
    assert "made coffee [for me]" in lines[1]
    assert "partner" in lines[1] and "2026-11-02" in lines[1]


def test_search_highlights_matches_in_colour(run: Run, journal_with_a_month: Path) -> None:
    from rich.console import Console

    from trustlog.features.reports import queries as reports
    from trustlog.features.reports.view import search_results

    journal = Journal.existing(journal_with_a_month, Clock())
    assert journal is not None
    found = reports.search(journal, reports.fts_query(["truth"]), 50)
    journal.close()
    out = Console(record=True, width=100, force_terminal=True, color_system="standard")
    search_results(out, ["truth"], found, 50)
    text = out.export_text(styles=True)
    assert "\x1b[1;7mtruth\x1b[0m" in text


def test_search_without_matches_is_kind(run: Run, journal_with_a_month: Path) -> None:
    result = run("search", "elephant")
    assert result.code == 0
    assert "No entries mention 'elephant'" in result.out


@pytest.mark.parametrize("command", [["chart"], ["calendar"], ["chart", "--since", "2026-11-01"]])
def test_svg_is_valid_xml_and_private(
    run: Run, journal_with_a_month: Path, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "picture.svg"
    result = run(*command, "--svg", str(target))
    assert result.code == 0, result.err
    assert str(target) in result.out
    root = ET.parse(target).getroot()
    assert root.tag.endswith("svg")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text()
    assert "#" in text and "fill" in text  # coloured, even though the terminal is not
    target.write_text("old")
    target.chmod(0o644)
    assert run(*command, "--svg", str(target)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_views_of_a_missing_journal(run: Run, db_path: Path, tmp_path: Path) -> None:
    for command in (["report"], ["chart"], ["calendar"], ["search", "walk"]):
        result = run(*command)
        assert result.code == 0 and "journal is empty" in result.out
    assert run("chart", "--svg", str(tmp_path / "x.svg")).code == 0
    assert not db_path.exists()


def test_tone_is_plain_not_blaming(run: Run, journal_with_a_month: Path) -> None:
    words = " ".join(run(*c).out.lower() for c in (["report"], ["chart"], ["calendar"]))
    words = " ".join(words.split())  # a phrase wrapped at the terminal's edge is still one
    for blame in ("fail", "bad", "fault", "blame", "worst", "score"):
        assert blame not in words.replace("not a score", "")


def test_help_texts() -> None:
    from typer.testing import CliRunner

    from trustlog.app.cli import app

    for command in ("report", "chart", "calendar", "search"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 200


def test_levels_and_ticks() -> None:
    assert [level(n) for n in (0, 1, 2, 3, 6, 10, 99)] == [0, 1, 1, 2, 3, 4, 4]
    assert [level(n) for n in (-1, -5, -10, -11, -25, -250)] == [-1, -2, -3, -3, -4, -4]
    assert nice_ticks(-7, 3) == [-8, -6, -4, -2, 0, 2, 4]
    assert 0 in nice_ticks(120, 5000) and nice_ticks(0, 0) == [0]
    assert split_marked("a \x02b\x03 c", "\x02", "\x03") == [
        ("a ", False),
        ("b", True),
        (" c", False),
    ]


def test_svg_never_replaces_a_journal_or_a_backup(run: Run, db_path: Path, tmp_path: Path) -> None:
    run("toward", "x")
    before = db_path.read_bytes()
    for target in (db_path, Path(f"{db_path}-wal")):
        for command in ("chart", "calendar"):
            result = run(command, "--svg", str(target))
            assert result.code == 1, result.err
            assert "part of your journal" in result.err
    assert db_path.read_bytes() == before
    backup = tmp_path / "copy.db"
    assert run("backup", str(backup)).code == 0
    copy = backup.read_bytes()
    refused = run("calendar", "--svg", str(backup))
    assert refused.code == 1 and "SQLite database" in refused.err
    assert backup.read_bytes() == copy
    picture = tmp_path / "year.svg"
    assert run("calendar", "--svg", str(picture)).code == 0
    assert run("calendar", "--svg", str(picture)).code == 0  # its own picture may be redrawn

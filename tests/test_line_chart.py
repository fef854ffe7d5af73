"""The chart's line, drawn with braille dots: what a reader sees on the screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import Run
from trustlog.views.line_chart import INJURY, draw

ESC = "\x1b["


def _plain(rows: list[list[tuple[str, str]]]) -> list[str]:
    return ["".join(text for text, _ in row) for row in rows]


def _top_dot_row(lines: list[str], column: int) -> int:
    """The highest screen row with a dot of the line in this column."""
    return next(y for y, line in enumerate(lines) if 0x2800 < ord(line[column]) <= 0x28FF)


def _days(count: int) -> list[date]:
    return [date(2026, 1, 1) + timedelta(days=i) for i in range(count)]


def test_the_line_rises_where_the_balance_rises_and_falls_where_it_falls() -> None:
    balances = [0, 10, 20, 30, 40, 30, 20, 10, 0, -10, -20]
    lines = _plain(draw(_days(len(balances)), balances, [], width=60))
    plot = [line.ljust(60) for line in lines[2:-2]]
    start = plot[0].index("┤") + 1 if "┤" in plot[0] else plot[0].index("│") + 1
    width = len(lines[-2]) - start - 4  # the x axis, less " day"
    peak = start + width * 4 // 10
    assert _top_dot_row(plot, peak) < _top_dot_row(plot, start)  # up (rows count down)
    assert _top_dot_row(plot, start + width - 1) > _top_dot_row(plot, start)  # down below zero


def test_zero_line_labels_and_dates() -> None:
    days = _days(40)
    lines = _plain(draw(days, [i - 20 for i in range(40)], [], width=70))
    assert lines[0] == "Running balance · 2026-01-01 to 2026-02-09"
    assert lines[1].strip() == "balance" and lines[-2].endswith(" day")
    zero = next(line for line in lines if line.lstrip().startswith("0 ┼"))
    assert zero.count("─") > 20
    assert any(line.lstrip().startswith("+20 ┤") for line in lines)
    assert any(line.lstrip().startswith("-20 ┤") for line in lines)
    assert lines[-1].split()[0] == "2026-01-01" and lines[-1].split()[-1] == "2026-02-09"
    assert all(len(line) <= 70 for line in lines)


def test_injuries_are_marked_on_the_line_where_they_happened() -> None:
    days = _days(30)
    balances = [5] * 15 + [-40] * 15
    lines = _plain(draw(days, balances, [(date(2026, 1, 16), -45)], width=60))
    marked = [(y, line.index(INJURY)) for y, line in enumerate(lines) if INJURY in line]
    assert len(marked) == 1
    row, column = marked[0]
    below_zero = next(y for y, line in enumerate(lines) if line.lstrip().startswith("0 ┼"))
    assert row > below_zero  # on the low part of the line, not floating above it
    assert 0.4 < (column - 4) / 56 < 0.65  # halfway across, like the day
    later = draw(days, balances, [(date(2026, 3, 1), -1)], width=60)
    assert not any(INJURY in line for line in _plain(later))  # outside the range: not drawn


def test_one_day_draws_a_dot() -> None:
    lines = _plain(draw([date(2026, 1, 1)], [3], [], width=40))
    assert sum(1 for line in lines for ch in line if 0x2800 < ord(ch) <= 0x28FF) == 1


def test_chart_fits_columns_and_is_plain_when_piped(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day, amount in (("2026-11-01", "5"), ("2026-11-08", "9")):
        run("deposit", amount, "--on", day, "a kind morning")
    run("withdraw", "12", "--on", "2026-11-15", "a cold evening")
    for columns in ("44", "80", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        result = run("chart")
        assert result.code == 0 and ESC not in result.out
        lines = result.out.splitlines()
        assert all(len(line) <= max(40, min(int(columns), 160)) for line in lines[:-2])
        assert "2026-11-01" in result.out and "2026-11-25" in result.out


def test_chart_is_coloured_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    from io import StringIO

    from rich.console import Console

    from trustlog.features.reports.view import chart

    out = StringIO()
    screen = Console(file=out, force_terminal=True, width=60, color_system="standard")
    chart(screen, _days(3), [1, 2, 3], [(date(2026, 1, 2), -1)], colour=True)
    text = out.getvalue()
    assert ESC + "36m" in text and ESC + "1;31m" in text  # the line cyan, the injury red

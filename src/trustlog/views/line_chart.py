"""A line chart drawn in the terminal with braille dots: no plotting library.

plotext cost about half a second to import (it pulls in Pillow) for a
picture of at most ~120 points; these few lines of arithmetic draw it in a
millisecond.  Each character cell holds 2×4 braille dots, so a chart 60
cells wide has 120 dots across.  The result is rows of (text, part) pieces,
where the part ("line", "zero", "injury", "axis", "label") lets the view
colour it on a terminal and leave it plain in a pipe.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from trustlog.core.ledger import signed
from trustlog.core.periods import nice_ticks

Piece = tuple[str, str]
Row = list[Piece]

#: The dot bits of a braille cell, by (column, row within the cell).
_DOTS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
_BRAILLE = 0x2800
INJURY = "✕"


class Frame(NamedTuple):
    """Where the plot sits: cells across and down, and the balances at top and bottom."""

    across: int
    down: int
    top: int
    bottom: int

    def dot_row(self, balance: int) -> int:
        """The dot row (0 at the top) of a balance."""
        span = max(self.top - self.bottom, 1)
        return round((self.top - balance) / span * (self.down * 4 - 1))

    def cell_row(self, balance: int) -> int:
        return self.dot_row(balance) // 4

    def dot_column(self, index: int, count: int) -> int:
        return 0 if count < 2 else round(index * (self.across * 2 - 1) / (count - 1))


def draw(
    days: Sequence[date],
    balances: Sequence[int],
    injuries: Sequence[tuple[date, int]],
    width: int,
    height: int = 15,
) -> list[Row]:
    """The chart's rows, title first and the dates last, each at most `width` wide."""
    levels = nice_ticks(min(balances), max(balances))
    labels = {level: signed(level) for level in levels}
    gutter = max(len(label) for label in labels.values()) + 1
    frame = Frame(max(width - gutter - 5, 10), height, levels[-1], levels[0])
    cells = _plot(frame, balances)
    marks = _injury_cells(frame, days, balances, injuries)
    ticks = {frame.cell_row(level): labels[level] for level in reversed(levels)}
    zero = frame.cell_row(0)
    title = f"Running balance · {days[0].isoformat()} to {days[-1].isoformat()}"
    rows: list[Row] = [[(title, "label")], [("balance".rjust(gutter + 3), "label")]]
    for y in range(frame.down):
        edge = "┼" if y == zero else "┤" if y in ticks else "│"
        row: Row = [(ticks.get(y, "").rjust(gutter - 1) + " " + edge, "axis")]
        row += [_cell(cells, marks, x, y, y == zero) for x in range(frame.across)]
        rows.append(_merged(row))
    rows.append([(" " * (gutter - 1) + " └" + "─" * frame.across, "axis"), (" day", "label")])
    rows.append([(_date_line(days, frame, gutter + 1), "label")])
    return rows


def _plot(frame: Frame, balances: Sequence[int]) -> dict[tuple[int, int], int]:
    """The braille bits of every cell the line passes through, each point joined to the next."""
    count = len(balances)
    points = [(frame.dot_column(i, count), frame.dot_row(b)) for i, b in enumerate(balances)]
    cells: dict[tuple[int, int], int] = {}
    for (x0, y0), (x1, y1) in zip(points, points[1:] or points, strict=False):
        slope = (y1 - y0) / max(x1 - x0, 1)
        for x in range(x0, x1 + 1):
            here = y1 if x == x1 else round(y0 + slope * (x - x0))
            before = y0 if x == x0 else round(y0 + slope * (x - 1 - x0))
            for y in range(min(here, before), max(here, before) + 1):
                key = (x // 2, y // 4)
                cells[key] = cells.get(key, 0) | _DOTS[x % 2][y % 4]
    return cells


def _injury_cells(
    frame: Frame,
    days: Sequence[date],
    balances: Sequence[int],
    injuries: Sequence[tuple[date, int]],
) -> set[tuple[int, int]]:
    """The cell of each injury in the drawn range, on the point that ends its run of days."""
    from bisect import bisect_left

    marks: set[tuple[int, int]] = set()
    for day, _ in injuries:
        if day <= days[-1]:
            index = bisect_left(days, day)
            column = frame.dot_column(index, len(days)) // 2
            marks.add((column, frame.cell_row(balances[index])))
    return marks


def _merged(row: Row) -> Row:
    """Neighbouring pieces of the same part as one (one colour code, not one a cell)."""
    merged: Row = []
    for text, part in row:
        if merged and merged[-1][1] == part:
            merged[-1] = (merged[-1][0] + text, part)
        else:
            merged.append((text, part))
    return merged


def _cell(
    cells: dict[tuple[int, int], int], marks: set[tuple[int, int]], x: int, y: int, zero: bool
) -> Piece:
    if (x, y) in marks:
        return INJURY, "injury"
    bits = cells.get((x, y))
    if bits:
        return chr(_BRAILLE + bits), "line"
    return ("─", "zero") if zero else (" ", "axis")


def _date_line(days: Sequence[date], frame: Frame, indent: int) -> str:
    """Dates under the points they name, never overlapping, the last one flush right."""
    count = max(2, min(len(days), frame.across // 16))
    step = (len(days) - 1) / (count - 1) if len(days) > 1 else 0
    chosen = sorted({round(i * step) for i in range(count)})
    line = " " * indent
    for index in chosen:
        label = days[index].isoformat()
        at = indent + frame.dot_column(index, len(days)) // 2
        at = min(at, indent + frame.across - len(label))
        if at >= len(line) + (1 if line.strip() else 0):
            line = line.ljust(at) + label
    return line

"""The balance chart: the running balance as a line over days, each injury marked and labelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from trustlog.views.svg import (
    DARK,
    LIGHT,
    MONTHS,
    Palette,
    day_label,
    document,
    signed,
    text,
    text_of,
)

# -- axes ------------------------------------------------------------------------------


def value_ticks(low: int, high: int, most: int = 6) -> list[int]:
    """Round axis values covering low..high and always 0: steps of 1, 2 or 5 times a power of
    ten, and 25, 250… too, so −60..+49 gets −75..+50 rather than an empty half to −100."""
    low = min(low, 0)
    high = max(high, 0, low + 1)
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 25 * magnitude // 10, 5 * magnitude):
            bottom, top = low // step * step, -(-high // step) * step
            if (top - bottom) // step + 1 <= most:
                return list(range(bottom, top + 1, step))
        magnitude *= 10


def _days(first: date, last: date, step: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(0, (last - first).days + 1, step)]


def _mondays(first: date, last: date, step: int) -> list[date]:
    return _days(first + timedelta(days=-first.weekday() % 7), last, 7 * step)


def _months(first: date, last: date, step: int) -> list[date]:
    starts = (date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13, step))
    return [day for day in starts if first <= day <= last]


def _years(first: date, last: date, step: int) -> list[date]:
    start = first.year if first == date(first.year, 1, 1) else first.year + 1
    return [date(y, 1, 1) for y in range(start, last.year + 1) if y % step == 0]


_DATE_STEPS = (
    (_days, 1), (_days, 2), (_mondays, 1), (_mondays, 2), (_months, 1), (_months, 2),
    (_months, 3), (_months, 6), (_years, 1), (_years, 2), (_years, 5), (_years, 10),
)  # fmt: skip


def date_ticks(first: date, last: date, most: int = 7) -> tuple[list[date], list[str]]:
    """Days for the x axis at a calendar step (days, Mondays, months, years) and their labels."""
    for every, step in _DATE_STEPS:
        days = every(first, last, step)
        if len(days) <= most:
            break
    if every is _years:
        return days, [str(day.year) for day in days]
    labels, shown_year = [], 0
    for day in days:
        text = MONTHS[day.month - 1] if every is _months else day_label(day)
        labels.append(text if day.year == shown_year else f"{text} {day.year}")
        shown_year = day.year
    return days, labels


# -- balance chart ---------------------------------------------------------------------

CHART_WIDTH = 760
_LEFT, _RIGHT, _ROW = 64, 28, 15  # plot margins; height of one row of injury labels
_LABEL_ROWS = 3


@dataclass(frozen=True)
class _Frame:
    """The plot area and its scales: days across, balance up."""

    left: float
    top: float
    right: float
    bottom: float
    first: date
    last: date
    low: int
    high: int

    def x(self, day: date) -> float:
        share = (day - self.first).days / max((self.last - self.first).days, 1)
        return self.left + share * (self.right - self.left)

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return self.bottom - share * (self.bottom - self.top)


def balance_on(points: Sequence[tuple[date, int]], day: date) -> float:
    """The drawn line's height on a day, so an injury's marker sits on the line."""
    for (before, low), (after, high) in pairwise(points):
        if before <= day <= after:
            share = (day - before).days / max((after - before).days, 1)
            return low + share * (high - low)
    return float(points[-1][1] if day >= points[-1][0] else points[0][1])


def _injury_labels(
    injuries: Sequence[tuple[date, str]], frame: _Frame, year: bool
) -> list[tuple[date, str, float, int]]:
    """Each injury with its label, x and the label row that has room (-1: no room)."""
    ends = [-1e9] * _LABEL_ROWS
    placed = []
    for day, label in sorted(injuries, key=lambda item: item[0]):
        x = frame.x(day)
        short = day_label(day, year=year)
        text = f"{short} · {label[:24]}{'…' if len(label) > 24 else ''}" if label else short
        row = -1
        for candidate in (text, short):
            width = len(candidate) * 6.4 + 4
            start = x - 3 if x + width < frame.right + _RIGHT else x - width + 3
            row = next((r for r in range(_LABEL_ROWS) if ends[r] + 10 <= start), -1)
            if row >= 0:
                ends[row], text = start + width, candidate
                break
        placed.append((day, text, x, row))
    return placed


def _unlabelled(injuries: Sequence[tuple[date, str]], frame: _Frame) -> int:
    year = frame.first.year != frame.last.year
    return sum(1 for *_, row in _injury_labels(injuries, frame, year) if row < 0)


def _plot_lines(frame: _Frame, points: Sequence[tuple[date, int]], colours: Palette) -> list[str]:
    body = []
    for value in value_ticks(frame.low, frame.high):
        y = frame.y(value)
        body.append(f'<line x1="{frame.left}" y1="{y:.1f}" x2="{frame.right}" y2="{y:.1f}" '
                    f'stroke="{colours.zero if value == 0 else colours.grid}" '
                    f'stroke-width="{1.5 if value == 0 else 1}"/>')  # fmt: skip
        body.append(text(frame.left - 8, y + 4, signed(value), colours.muted, 12,
                          ' text-anchor="end"'))  # fmt: skip
    if len(points) == 1:
        day, value = points[0]
        body.append(f'<circle cx="{frame.x(day):.1f}" cy="{frame.y(value):.1f}" r="4" '
                    f'fill="{colours.line}"/>')  # fmt: skip
    elif points:
        xy = " ".join(f"{frame.x(day):.1f},{frame.y(value):.1f}" for day, value in points)
        body.append(
            f'<polyline points="{xy}" fill="none" stroke="{colours.line}" '
            'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    return body


def _x_axis(frame: _Frame, colours: Palette) -> list[str]:
    body = [f'<line x1="{frame.left}" y1="{frame.bottom}" x2="{frame.right}" '
            f'y2="{frame.bottom}" stroke="{colours.zero}"/>']  # fmt: skip
    days, labels = date_ticks(frame.first, frame.last)
    for day, label in zip(days, labels, strict=True):
        x = frame.x(day)
        body.append(f'<line x1="{x:.1f}" y1="{frame.bottom}" x2="{x:.1f}" '
                    f'y2="{frame.bottom + 5}" stroke="{colours.zero}"/>')  # fmt: skip
        body.append(text(x, frame.bottom + 20, label, colours.muted, 12,
                          ' text-anchor="middle"'))  # fmt: skip
    return body


def _triangle(x: float, y: float, colour: str, edge: str) -> str:
    """An injury's mark: a downward triangle, told apart by shape as well as colour."""
    return (f'<path d="M{x - 6:.1f},{y - 11:.1f}H{x + 6:.1f}L{x:.1f},{y - 1:.1f}Z" '
            f'fill="{colour}" stroke="{edge}" stroke-width="1.2"/>')  # fmt: skip


def _injury_marks(
    frame: _Frame, points: Sequence[tuple[date, int]], injuries: Sequence[tuple[date, str]],
    colours: Palette,
) -> list[str]:  # fmt: skip
    body = []
    year = frame.first.year != frame.last.year
    for day, words, x, row in _injury_labels(injuries, frame, year):
        y = frame.y(balance_on(points, day))
        if row >= 0:
            top = frame.top - 6 - (_LABEL_ROWS - 1 - row) * _ROW
            body.append(f'<line x1="{x:.1f}" y1="{top + 3:.1f}" x2="{x:.1f}" y2="{y - 12:.1f}" '
                        f'stroke="{colours.injury}" stroke-dasharray="3 3"/>')  # fmt: skip
            anchor = "start" if x + len(words) * 6.4 < frame.right + _RIGHT else "end"
            body.append(text(x + (-3 if anchor == "start" else 3), top, words, colours.injury,
                              11, f' text-anchor="{anchor}"'))  # fmt: skip
        body.append(
            _triangle(x, y, colours.injury, colours.background).replace(
                "/>", f"><title>{text_of(day_label(day, year=True))}</title></path>"
            )
        )
    return body


def _chart_legend(y: float, injuries: int, unlabelled: int, colours: Palette) -> list[str]:
    left = _LEFT
    count = f"{injuries}; {unlabelled} without a label for lack of room" if unlabelled else injuries
    return [
        f'<line x1="{left}" y1="{y - 4}" x2="{left + 24}" y2="{y - 4}" stroke="{colours.line}" '
        'stroke-width="2.5"/>',
        text(left + 30, y, "Running balance", colours.ink),
        f'<line x1="{left + 160}" y1="{y - 4}" x2="{left + 184}" y2="{y - 4}" '
        f'stroke="{colours.zero}" stroke-width="1.5"/>',
        text(left + 190, y, "Zero: even", colours.ink),
        _triangle(left + 296, y + 2, colours.injury, colours.background),
        text(left + 308, y, f"Injury, with its day ({count})", colours.ink),
    ]


def _summary(points: Sequence[tuple[date, int]]) -> str:
    if not points:
        return "Nothing recorded in this range yet."
    (first, start), (last, end) = points[0], points[-1]
    values = [value for _, value in points]
    span = day_label(first, year=True) + (f" to {day_label(last, year=True)}" if last > first
                                           else "")  # fmt: skip
    return (f"{span}: from {signed(start)} to {signed(end)}; lowest {signed(min(values))}, "
            f"highest {signed(max(values))}.")  # fmt: skip


def _date_range(points: Sequence[tuple[date, int]]) -> tuple[date, date]:
    """The days across the plot; a lone day gets a day either side so it sits in the middle."""
    first, last = (points[0][0], points[-1][0]) if points else (date(2000, 1, 1),) * 2
    if first == last:
        return first - timedelta(days=1), last + timedelta(days=1)
    return first, last


def balance_chart(
    points: Sequence[tuple[date, int]],
    injuries: Sequence[tuple[date, str]],
    *,
    dark: bool = False,
    title: str = "Running balance of the emotional bank account",
) -> str:
    """The running balance as a line over days, the zero line, and each injury labelled."""
    colours = DARK if dark else LIGHT
    first, last = _date_range(points)
    shown = [(day, label) for day, label in injuries if points and first <= day <= last]
    values = [value for _, value in points] or [0]
    ticks = value_ticks(min(values), max(values))
    top = 58 + _LABEL_ROWS * _ROW if shown else 66
    frame = _Frame(_LEFT, top, CHART_WIDTH - _RIGHT, top + 250, first, last, ticks[0], ticks[-1])
    height = int(frame.bottom) + 72
    body = [
        text(_LEFT - 40, 26, title, colours.ink, 16, ' font-weight="600"'),
        text(_LEFT - 40, 46, _summary(points), colours.muted, 12),
        *_plot_lines(frame, points, colours),
        *(_x_axis(frame, colours) if points else []),
        *_injury_marks(frame, points, shown, colours),
        *_chart_legend(height - 16, len(shown), _unlabelled(shown, frame), colours),
    ]
    return document(CHART_WIDTH, height, title, body, colours)

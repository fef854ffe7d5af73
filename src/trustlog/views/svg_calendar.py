"""The year calendar: a contribution graph of daily nets, weeks across and days down."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from trustlog.views.svg import (
    DARK,
    DEPOSIT_STEPS,
    LIGHT,
    MONTHS,
    WEEKDAYS,
    WITHDRAWAL_STEPS,
    Palette,
    day_label,
    document,
    signed,
    text,
    text_of,
)  # fmt: skip

# -- calendar ----------------------------------------------------------------------------

_PITCH, _CELL, _GRID_LEFT, _GRID_TOP = 13, 11, 44, 62


def shade(net: int, colours: Palette) -> str:
    """A recorded day's colour: blue deposits, orange withdrawals, darker (or, on dark, brighter)
    as the day's net grows; fixed steps so a day looks the same in every year."""
    if net == 0:
        return colours.even
    steps, shades = (DEPOSIT_STEPS, colours.deposits) if net > 0 else (
        WITHDRAWAL_STEPS, colours.withdrawals)  # fmt: skip
    return shades[sum(1 for step in steps if abs(net) >= step) - 1]


def calendar_start(year: int) -> tuple[date, int]:
    """The Monday the year's grid starts on, and how many week columns it needs."""
    first = date(year, 1, 1) - timedelta(days=date(year, 1, 1).weekday())
    return first, (date(year, 12, 31) - first).days // 7 + 1


def _calendar_cells(
    year: int, nets: Mapping[date, int], until: date | None, colours: Palette
) -> list[str]:
    first, _ = calendar_start(year)
    body = []
    day = date(year, 1, 1)
    while day.year == year and (until is None or day <= until):
        column, row = (day - first).days // 7, day.weekday()
        net = nets.get(day)
        fill = colours.empty if net is None else shade(net, colours)
        tip = day_label(day, year=True) + (": nothing recorded" if net is None else
                                           f": net {signed(net)}")  # fmt: skip
        body.append(f'<rect x="{_GRID_LEFT + column * _PITCH}" y="{_GRID_TOP + row * _PITCH}" '
                    f'width="{_CELL}" height="{_CELL}" rx="2" fill="{fill}">'
                    f"<title>{text_of(tip)}</title></rect>")  # fmt: skip
        day += timedelta(days=1)
    return body


def _calendar_labels(year: int, colours: Palette) -> list[str]:
    """Month names over the column holding each month's 1st (by explicit x), weekday names."""
    first, _ = calendar_start(year)
    body = []
    for month in range(1, 13):
        column = (date(year, month, 1) - first).days // 7
        body.append(text(_GRID_LEFT + column * _PITCH, _GRID_TOP - 7, MONTHS[month - 1],
                          colours.muted, 11))  # fmt: skip
    for row in (0, 2, 4, 6):
        body.append(text(_GRID_LEFT - 6, _GRID_TOP + row * _PITCH + 9.5, WEEKDAYS[row],
                          colours.muted, 10, ' text-anchor="end"'))  # fmt: skip
    return body


def _swatch(x: float, y: float, fill: str, label: str, colours: Palette) -> tuple[str, float]:
    """One legend square with its words, and where the next one may start."""
    return (f'<rect x="{x}" y="{y - 10}" width="{_CELL}" height="{_CELL}" rx="2" fill="{fill}"/>'
            + text(x + _CELL + 5, y, label, colours.ink, 11),
            x + _CELL + 14 + len(label) * 6.2)  # fmt: skip


def _calendar_legend(y: float, colours: Palette) -> list[str]:
    body = []
    rows = (
        ("Deposits", colours.deposits, DEPOSIT_STEPS, 1),
        ("Withdrawals", colours.withdrawals, WITHDRAWAL_STEPS, -1),
    )
    for offset, (name, shades, steps, sign) in enumerate(rows):
        line = y + offset * 18
        body.append(text(_GRID_LEFT, line, name, colours.muted, 11))
        x: float = _GRID_LEFT + 78
        for index, (fill, step) in enumerate(zip(shades, steps, strict=True)):
            label = signed(sign * step) + (" or more" if index == 3 else
                                           f" to {signed(sign * (steps[index + 1] - 1))}"
                                           if steps[index + 1] - 1 > step else "")  # fmt: skip
            swatch, x = _swatch(x, line, fill, label, colours)
            body.append(swatch)
    for offset, (fill, label) in enumerate(
        ((colours.empty, "nothing recorded"), (colours.even, "ups and downs evened out"))
    ):
        body.append(_swatch(_GRID_LEFT + 500, y + offset * 18, fill, label, colours)[0])
    return body


def calendar(
    year: int, nets: Mapping[date, int], *, dark: bool = False, until: date | None = None
) -> str:
    """A year of daily nets as a contribution graph: weeks across (Monday first), days down.

    `nets` holds only days with entries; days after `until` (say, today) are left blank.
    """
    colours = DARK if dark else LIGHT
    _, weeks = calendar_start(year)
    width = _GRID_LEFT + weeks * _PITCH + 20
    legend_top = _GRID_TOP + 7 * _PITCH + 26
    height = legend_top + 18 + 16
    recorded = [net for day, net in nets.items() if day.year == year]
    summary = (f"{len(recorded)} day{'' if len(recorded) == 1 else 's'} recorded, net "
               f"{signed(sum(recorded))} · {sum(1 for n in recorded if n > 0)} up, "
               f"{sum(1 for n in recorded if n < 0)} down")  # fmt: skip
    title = f"{year} · daily net of the emotional bank account"
    body = [
        text(_GRID_LEFT - 30, 24, title, colours.ink, 16, ' font-weight="600"'),
        text(_GRID_LEFT - 30, 42, summary, colours.muted, 12),
        *_calendar_labels(year, colours),
        *_calendar_cells(year, nets, until, colours),
        *_calendar_legend(legend_top, colours),
    ]
    return document(width, height, title, body, colours)

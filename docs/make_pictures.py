"""Make docs/chart.png and docs/calendar.png from synthetic data (no journal is read).

Run from the repository root: `PYTHONPATH=src python docs/make_pictures.py` (needs rsvg-convert
from Debian's librsvg2-bin). The same SVG kit draws `chart --svg` and `calendar --svg`.
"""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

from trustlog.views.svg_calendar import calendar
from trustlog.views.svg_chart import balance_chart

HERE = Path(__file__).parent


def six_weeks() -> list[tuple[date, int]]:
    """A good start, a sharp dip after an injury, and a slow climb back."""
    balances = [0, 2, 3, 5, 6, 4, -8, -7, -6, -6, -4, -3, -1, 0, 1, 1, 2, 3, 3, 4, 5]
    balances += [5 + (n + 1) // 2 for n in range(21)]
    return [(date(2024, 3, 1) + timedelta(days=n), value) for n, value in enumerate(balances)]


def a_year(year: int) -> dict[date, int]:
    """Most days small deposits, some withdrawals, a hard week in spring, a quieter summer."""
    nets: dict[date, int] = {}
    day = date(year, 1, 1)
    while day.year == year:
        n = day.toordinal()
        if n % 5 != 0 and not (day.month == 8 and n % 3):
            nets[day] = (1, 2, 4, 0, 1, 3, 7, 2, 11, 1)[n % 10] if n % 6 else -(1 + n % 9)
        if date(year, 4, 8) <= day <= date(year, 4, 14):
            nets[day] = (-2, -6, -12, -30, -4, -1, 2)[day.weekday()]
        day += timedelta(days=1)
    return nets


def to_png(svg: str, name: str) -> None:
    command = ["rsvg-convert", "--zoom=1.5", "--output", str(HERE / name)]
    subprocess.run(command, input=svg.encode(), check=True)


if __name__ == "__main__":
    injuries = [(date(2024, 3, 7), "Forgot the anniversary"), (date(2024, 3, 20), "Sharp words")]
    to_png(balance_chart(six_weeks(), injuries), "chart.png")
    to_png(calendar(2024, a_year(2024)), "calendar.png")

"""Make docs/home.png, docs/chart.png and docs/calendar.png (no journal of yours is read).

Run from the repository root: `PYTHONPATH=src python docs/make_pictures.py` (needs
rsvg-convert from Debian's librsvg2-bin). The home screen and the chart come from the demo's
six weeks, through the real commands (`trustlog balance`, `trustlog chart --svg`); the
calendar is the SVG kit's drawing of a made-up full year, since six weeks leave it mostly
empty.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from trustlog.views.svg_calendar import calendar

HERE = Path(__file__).parent
HOME_WIDTH = 96


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


def to_png(svg: str, name: str, zoom: float = 1.5) -> None:
    command = ["rsvg-convert", f"--zoom={zoom}", "--output", str(HERE / name)]
    subprocess.run(command, input=svg.encode(), check=True)


def trustlog(journal: Path, *args: str) -> str:
    env = dict(os.environ, TRUSTLOG_DB=str(journal), FORCE_COLOR="1", COLUMNS=str(HOME_WIDTH))
    command = [sys.executable, "-m", "trustlog", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def home_screen_svg(ansi: str) -> str:
    """The terminal's home screen as a picture (Rich's export; only for this PNG)."""
    from rich.console import Console
    from rich.text import Text

    out = Console(record=True, width=HOME_WIDTH, force_terminal=True, color_system="truecolor",
                  file=open(os.devnull, "w"))  # fmt: skip
    out.print(Text.from_ansi(ansi.rstrip("\n")))
    # librsvg collapses the spaces between Rich's spans unless told to keep them.
    return out.export_svg(title="trustlog").replace("<svg ", '<svg xml:space="preserve" ', 1)


def demo_journal(folder: Path) -> Path:
    from trustlog.app.clock import Clock
    from trustlog.app.state import State
    from trustlog.features.demo.demo import build

    path = folder / "demo.db"
    build(State(env={"TRUSTLOG_DB": str(path)}, clock=Clock()), path, Clock().today())
    return path


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="trustlog-pictures-") as folder:
        journal = demo_journal(Path(folder))
        to_png(home_screen_svg(trustlog(journal, "balance")), "home.png", zoom=1.0)
        to_png(trustlog(journal, "chart", "--svg", "-"), "chart.png")
    to_png(calendar(2024, a_year(2024)), "calendar.png")

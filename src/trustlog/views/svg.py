"""Trustlog's own small SVG kit: what the chart and the calendar share (palette, text, page).

The drawings are in `svg_chart` and `svg_calendar`. All are pure functions returning SVG
text: nothing here reads the journal or touches a file, and nothing in the output points
outside it: no URL, no web font, no script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape

#: System fonts only: opening a picture must never fetch a font.
FONT_STACK = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif"
#: The namespace name a standalone SVG file needs; an identifier, never fetched.
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
#: A day's net at or above each step gets the next darker shade (same steps as the terminal).
DEPOSIT_STEPS = (1, 3, 6, 10)
WITHDRAWAL_STEPS = (1, 5, 10, 25)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Palette:
    """Colours for one background; blue/orange so colour-blind readers can tell them apart."""

    background: str
    ink: str
    muted: str
    grid: str
    zero: str
    line: str
    injury: str
    empty: str
    even: str
    deposits: tuple[str, str, str, str]
    withdrawals: tuple[str, str, str, str]


LIGHT = Palette(
    background="#ffffff", ink="#1f2328", muted="#59636e", grid="#e4e7eb", zero="#6e7781",
    line="#1f5fa8", injury="#c24e00", empty="#ebedf0", even="#b8bec6",
    deposits=("#a9cdee", "#5b9bd5", "#2166ac", "#0b3a6e"),
    withdrawals=("#fdd49e", "#f5a04a", "#d56a0c", "#8a3b00"),
)  # fmt: skip
DARK = Palette(
    background="#0d1117", ink="#e6edf3", muted="#9198a1", grid="#262c36", zero="#8b949e",
    line="#6cb6ff", injury="#ff9a4d", empty="#212830", even="#545d68",
    deposits=("#1d4a7a", "#2f6fb3", "#5a9be0", "#a8d1ff"),
    withdrawals=("#6b3510", "#a8561a", "#e0822f", "#ffc88f"),
)  # fmt: skip

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text_of(value: str) -> str:
    """User text made safe for XML: escaped, and without characters XML cannot hold."""
    return escape(_NOT_XML.sub("", value), quote=True)


def signed(amount: float) -> str:
    """+3, −2 or 0, with a true minus sign so it reads well in print."""
    number = f"{abs(amount):g}"
    return f"+{number}" if amount > 0 else f"\u2212{number}" if amount < 0 else "0"


def day_label(day: date, *, year: bool = False) -> str:
    """5 Mar (or 5 Mar 2024): the way a person says a day, whatever the locale."""
    return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


def text(x: float, y: float, content: str, fill: str, size: int = 12, extra: str = "") -> str:
    """One line of escaped text at a point."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}"{extra}>'
        f"{text_of(content)}</text>"
    )


def document(width: int, height: int, label: str, body: list[str], colours: Palette) -> str:
    """A standalone SVG file: the namespace, a title for screen readers, the background."""
    return (
        f'<svg xmlns="{SVG_NAMESPACE}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{text_of(label)}" '
        f'font-family="{FONT_STACK}">'
        f"<title>{text_of(label)}</title>"
        f'<rect width="{width}" height="{height}" fill="{colours.background}"/>'
        + "".join(body)
        + "</svg>\n"
    )

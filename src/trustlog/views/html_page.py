"""One self-contained, printable page to bring to a counselling session.

Everything is inline (SVG pictures, CSS) and escaped; a Content-Security-Policy forbids the
browser to load anything, so opening or printing the page never contacts anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from trustlog.views.svg import FONT_STACK, SVG_NAMESPACE

_STYLE = """
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: FONTS; color: #1f2328; background: #fff; margin: 0 auto;
       max-width: 180mm; font-size: 11pt; line-height: 1.45; }
h1 { font-size: 18pt; margin: 0 0 2pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; break-after: avoid; }
.period, .none, .quiet { color: #59636e; }
.period { margin: 0 0 10pt; }
figure { margin: 0 0 10pt; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
ul { margin: 0; padding-left: 16pt; }
li { margin: 0 0 2pt; break-inside: avoid; }
.notes li { list-style: none; margin-left: -16pt; }
.day { font-weight: 600; display: inline-block; width: 7.5em; white-space: nowrap; }
.notes li { margin: 0; }
.quiet { font-size: 9pt; margin-top: 16pt; }
""".replace("FONTS", FONT_STACK)

#: The page may use its own inline style and nothing else: no fetch of any kind.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _inline(svg: str) -> str:
    """An SVG from the kit as HTML5 inline markup (the parser supplies the namespace)."""
    return svg.replace(f' xmlns="{SVG_NAMESPACE}"', "", 1).strip()


def _section(heading: str, lines: Sequence[str]) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    body = f"<ul>{items}</ul>" if lines else '<p class="none">Nothing in this period.</p>'
    return f"<section><h2>{escape(heading)}</h2>{body}</section>"


def _notes(notes: Sequence[tuple[str, str]]) -> str:
    items = "".join(
        f'<li><span class="day">{escape(day)}</span>{escape(text)}</li>' for day, text in notes
    )
    body = f'<ul class="notes">{items}</ul>' if notes else '<p class="none">No notes.</p>'
    return f"<section><h2>Notes</h2>{body}</section>"


def counselling_page(
    *,
    title: str,
    period: str,
    chart_svg: str,
    calendar_svg: str,
    sections: Sequence[tuple[str, Sequence[str]]],
    notes: Sequence[tuple[str, str]] | None,
) -> str:
    """The page: title, period, the two pictures, the given sections, and notes only if given.

    `chart_svg` and `calendar_svg` must come from `trustlog.views.svg` (trusted markup); every
    other string is user text and is escaped here.
    """
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f'<header><h1>{escape(title)}</h1><p class="period">{escape(period)}</p></header>',
        f"<figure>{_inline(chart_svg)}</figure>",
        f"<figure>{_inline(calendar_svg)}</figure>",
        *(_section(heading, lines) for heading, lines in sections),
        _notes(notes) if notes is not None else "",
        '<p class="quiet">Made by trustlog on this computer. This page loads nothing from '
        "anywhere.</p>",
        "</body></html>\n",
    ]
    return "\n".join(part for part in parts if part)

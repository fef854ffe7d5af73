"""Everything people see, drawn with Rich.  The only module that imports Rich.

User text (notes, promise texts) always goes in as `rich.text.Text`, never as
markup, so a note with [brackets] is shown as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderableType, RenderHook
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.text import Text

from trustlog.app.state import State
from trustlog.core.ledger import signed
from trustlog.core.models import Entry
from trustlog.views.visible import visible

SPARKS = "▁▂▃▄▅▆▇█"


class ShowControls(RenderHook):
    """Every text segment a console draws goes through `visible`.

    Rich adds its own styling after rendering, and its cursor moves are
    `control` segments, so neither is touched.
    """

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Shown(renderable) for renderable in renderables]


class _Shown:
    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        for segment in console.render(self.renderable, options):
            if segment.control:
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style, segment.control)


def console(state: State, stderr: bool = False) -> Console:
    """Every view draws on one of these; journal text's control characters show, not act."""
    out = Console(
        stderr=stderr,
        no_color=state.no_color,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )
    out.push_render_hook(ShowControls())
    return out


def money(amount: int) -> Text:
    style = "green" if amount > 0 else "red" if amount < 0 else "dim"
    return Text(signed(amount), style=style)


def sparkline(values: Sequence[int]) -> str:
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[len(SPARKS) // 2] * len(values)
    span = high - low
    return "".join(SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)


def empty_state(out: Console, path: Path) -> None:
    out.print(Text("Your journal is empty — nothing has been recorded yet.", style="bold"))
    out.print(Text(f"(It will be created at {path} when you record the first moment.)"))
    out.print()
    out.print("Try one of these:")
    for example in (
        "trustlog toward asked about her day",
        "trustlog away -p missed my text",
        "trustlog deposit 3 told the truth about the card",
        "trustlog demo            # a populated example, in a temporary file",
    ):
        out.print(Text(f"  {example}", style="cyan"))


class EntryColumns(NamedTuple):
    """Widths of the columns before an entry's note, shared by `log` and `search`."""

    id: int
    amount: int
    kind: int

    @classmethod
    def fit(cls, entries: Sequence[Entry]) -> EntryColumns:
        return cls(
            max(2, *(len(str(e.id)) for e in entries)),
            max(6, *(len(signed(e.amount)) for e in entries)),
            max(4, *(len(e.kind) for e in entries)),
        )

    @property
    def width(self) -> int:
        return self.id + 2 + 10 + 2 + self.amount + 2 + self.kind + 2 + 7 + 2

    def header(self) -> Text:
        text = f"{'ID':>{self.id}}  {'Date':<10}  {'Amount':>{self.amount}}  "
        return Text(text + f"{'Kind':<{self.kind}}  {'By':<7}  Note", style="bold")

    def prefix_text(self, entry: Entry) -> str:
        """`prefix` as a plain string."""
        amount = signed(entry.amount)
        return (
            f"{entry.id:>{self.id}}  {entry.on.isoformat()}  {amount:>{self.amount}}"
            f"  {entry.kind:<{self.kind}}  {entry.by:<7}  "
        )

    def prefix(self, entry: Entry) -> Text:
        line = Text(f"{entry.id:>{self.id}}  {entry.on.isoformat()}  ")
        line.append(" " * (self.amount - len(signed(entry.amount))))
        line.append_text(money(entry.amount))
        line.append(f"  {entry.kind:<{self.kind}}  {entry.by:<7}  ")
        return line


def entries_stream(
    out: Console,
    batches: Iterable[list[Entry]],
    page: int | None,
    nothing: str = "No entries match.",
) -> int:
    """Entries as aligned lines, a batch at a time, in constant memory; returns how
    many entries there were (up to `page` + 1 of them are read, `page` are shown).

    Aligned lines rather than a rich Table: a 50-row Table costs ~25 ms to lay
    out.  The columns fit the first batch (the newest entries), which holds the
    whole of most journals.
    """
    seen, columns = 0, None
    for batch in batches:
        if columns is None:
            columns = EntryColumns.fit(batch)
            out.print(columns.header(), **_fit(out))
        shown = batch if page is None else batch[: max(0, page - seen)]
        seen += len(batch)
        if shown and _plain(out):
            chunk = "".join(
                f"{columns.prefix_text(e)}{' '.join(e.note.splitlines())}\n" for e in shown
            )
            out.file.write(_as_rich_prints(chunk, out.tab_size))
        elif shown:
            lines = [columns.prefix(e).append(" ".join(e.note.splitlines())) for e in shown]
            out.print(Text("\n").join(lines), **_fit(out))
    if columns is None:
        out.print(nothing)
    return seen


def _plain(out: Console) -> bool:
    """A pipe or file without colour: lines are written as strings, not through Rich
    (one Rich `print` per 2,000 lines cost ~0.1 ms a line, 2 minutes for a million)."""
    return not out.is_terminal and out.color_system is None


def _as_rich_prints(lines: str, tab_size: int) -> str:
    """What Rich prints for these lines in a pipe: bells and backspaces dropped (as
    `Text` does), tabs expanded, other controls shown (`ShowControls`).  None of
    these crosses a newline, so a whole batch is done at once, and the character
    tables only when a control character is there at all."""
    if _CONTROLS.search(lines):
        lines = strip_control_codes(lines)
    if "\t" in lines:
        lines = lines.expandtabs(tab_size)
    return visible(lines) if _CONTROLS.search(lines) else lines


#: Any control character but newline and tab (what `strip_control_codes` or `visible` change).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _fit(out: Console) -> dict[str, Any]:
    """One line per entry on screen; whole notes in a pipe or file."""
    if out.is_terminal:
        return {"no_wrap": True, "overflow": "ellipsis", "crop": True}
    return {"soft_wrap": True}


def log_page_hint(out: Console, page: int) -> None:
    out.print(
        Text(
            f"The newest {page}; `trustlog log --limit N` for more, `trustlog log | less` for all.",
            style="dim",
        )
    )


def aligned(
    out: Console, headers: Sequence[str], rows: Sequence[Sequence[Text]], left: int = 1
) -> None:
    """Rows of cells in aligned columns (the first `left` to the left, the rest to
    the right), two spaces apart: a Rich Table costs ~1 ms a row to lay out."""
    widths = [
        max(len(header), *(row[i].cell_len for row in rows)) for i, header in enumerate(headers)
    ]
    lines = []
    for cells in [[Text(h, style="bold") for h in headers], *rows]:
        line = Text()
        for column, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            padding = " " * (width - cell.cell_len)
            if column:
                line.append("  ")
            if column < left:
                line.append_text(cell)
                if column < len(widths) - 1:
                    line.append(padding)
            else:
                line.append(padding)
                line.append_text(cell)
        lines.append(line)
    out.print(Text("\n").join(lines), soft_wrap=True)


def entry_line(out: Console, verb: str, entry: Entry) -> None:
    """`Edited entry 3: +1 toward by your partner on 2026-11-25 · note`: whose the
    entry is shows, so an edit of who acted can be seen to have worked."""
    line = Text(f"{verb} entry {entry.id}: ")
    line.append(money(entry.amount))
    who = "your partner" if entry.by == "partner" else "you"
    line.append(f" {entry.kind} by {who} on {entry.on.isoformat()}")
    if entry.note:
        line.append(" · ")
        line.append(Text(entry.note))
    out.print(line)

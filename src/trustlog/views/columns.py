"""A borderless table drawn by hand when every row fits the screen.

`promises` drew its list with Rich's `Table` (no box, no edge padding, bold
headers), whose import pulls in `fractions` and `decimal`: ~4–5 ms of a ~70 ms
start.  The table is only needed to wrap a long cell on a narrow screen.  When
every row fits, `Columns` yields the very segments the `Table` would (each cell
padded inside its own style, a space on each side of the gap between columns,
the header's padding bold too), so the bytes on screen are the same with or
without colour; `tests/test_columns.py` compares the two.  When a row would not
fit, or a cell holds a control character the table would lay out its own way,
`fits` says no and the caller draws the `Table`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


class Columns:
    """Headers and rows of cells; `right` names the right-justified columns."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Text | str]],
        right: Iterable[str] = (),
        header_style: str = "bold",
    ) -> None:
        self.headers: list[Text | str] = list(headers)
        self.rows: list[list[Text | str]] = [list(row) for row in rows]
        self.right = {list(headers).index(name) for name in right}
        self.header_style = header_style

    def _texts(self, console: Console) -> list[list[Text]]:
        """Every cell as the table would see it: a string goes through markup."""
        return [
            [cell if isinstance(cell, Text) else console.render_str(cell) for cell in row]
            for row in [self.headers, *self.rows]
        ]

    def fits(self, console: Console) -> bool:
        """Whether every row fits the console's width with no cell wrapped."""
        texts = self._texts(console)
        if any(_laid_out_by_the_table(cell.plain) for row in texts for cell in row):
            return False
        return sum(_widths(texts)) + 2 * (len(self.headers) - 1) <= console.width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        texts = self._texts(console)
        widths = _widths(texts)
        last = len(widths) - 1
        header = console.get_style(self.header_style)
        for number, row in enumerate(texts):
            style = header if number == 0 else None
            for column, (cell, width) in enumerate(zip(row, widths, strict=True)):
                if column:
                    yield Segment(" ", style)
                yield from _cell(console, cell, width, column in self.right, style)
                if column < last:
                    yield Segment(" ", style)
            yield Segment.line()


def _widths(texts: list[list[Text]]) -> list[int]:
    return [max(row[column].cell_len for row in texts) for column in range(len(texts[0]))]


def _laid_out_by_the_table(plain: str) -> bool:
    """Tabs, line breaks and other control characters: the table wraps and expands them.
    Zero-width joiners and other format characters too: the table measures a cell
    ending in one a column wider than its own width says (found by a review)."""
    return any(
        ord(char) < 32 or 127 <= ord(char) < 160 or 0x200B <= ord(char) <= 0x200F
        or 0x2028 <= ord(char) <= 0x202E or 0x2060 <= ord(char) <= 0x206F or ord(char) == 0xFEFF
        for char in plain
    )  # fmt: skip


def _cell(
    console: Console, cell: Text, width: int, right: bool, style: Style | None
) -> Iterable[Segment]:
    """The cell padded to `width` inside its own style, under the row's style."""
    padded = cell.copy()  # padded inside the cell's own style, as a table pads it
    if right:
        padded.rstrip()
        padded.pad_left(width - padded.cell_len)
    else:
        padded.pad_right(width - padded.cell_len)
    for segment in Text().append_text(padded).render(console):
        if style is None:
            yield segment
        else:
            yield Segment(segment.text, style + segment.style if segment.style else style)

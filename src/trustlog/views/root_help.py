"""`trustlog --help` drawn the way Typer draws it, without Typer.

Typer and Click, and every room to list their commands, cost more than the
whole budget of `--help`; the listing is a table (`app.listing`) and this
module draws it with the same Rich pieces, styles and highlighters as
`typer.rich_utils` (0.28) for a root group in "rich" markup mode.
tests/test_root_help.py requires the same characters as the Typer app's,
with colour and without, at several widths.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import ClassVar

from rich.columns import Columns
from rich.console import Console
from rich.highlighter import RegexHighlighter
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from trustlog.app.listing import COMMAND_HELP, DESCRIPTION, ROOT_OPTIONS

USAGE = "Usage: trustlog [OPTIONS] COMMAND [ARGS]..."


class _Options(RegexHighlighter):
    highlights: ClassVar[list[str]] = [
        r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
        r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
        r"(?P<types>\<[^\>]+\>)",
        r"(?P<usage>Usage: )",
    ]


class _Types(RegexHighlighter):
    highlights: ClassVar[list[str]] = [
        r"^(?P<types_sep>(\[|<))",
        r"(?P<types_sep>\|)",
        r"(?P<types_sep>(\]|>))(\.\.\.)?$",
    ]


_THEME = {
    "option": "bold cyan",
    "switch": "bold green",
    "negative_option": "bold magenta",
    "negative_switch": "bold red",
    "types": "bold yellow",
    "types_sep": "dim",
    "usage": "yellow",
}


def _console(env: Mapping[str, str]) -> Console:
    """Typer's help console: the same theme, and its colour and width switches."""
    forced = bool(env.get("GITHUB_ACTIONS") or env.get("FORCE_COLOR") or env.get("PY_COLORS"))
    terminal: bool | None = True if forced else None
    if env.get("_TYPER_FORCE_DISABLE_TERMINAL"):
        terminal = False
    width = env.get("TERMINAL_WIDTH")
    return Console(
        theme=Theme(_THEME),
        highlighter=_Options(),
        color_system="auto",
        force_terminal=terminal,
        width=int(width) if width else None,
    )


def show_root_help(env: Mapping[str, str] | None = None) -> None:
    """Usage, description, the root options and every command, as `trustlog --help`."""
    out = _console(os.environ if env is None else env)
    options = _Options()
    out.print(Padding(options(USAGE), 1), style="bold")
    out.print(Padding(options(Text.from_markup(DESCRIPTION)), (0, 1, 1, 1)))
    table = _table(highlight=True)
    types = _Types()
    for long, short, kind, text in ROOT_OPTIONS:
        help_text = Columns([options(Text.from_markup(text))])
        row = (options(long), options(short), options(""), options(""))
        table.add_row(*row, types(Text(kind, style="bold yellow", overflow="fold")), help_text)
    out.print(Panel(table, border_style="dim", title="Options", title_align="left"))
    commands = _table(highlight=False)
    widest = max(len(name) for name, _ in COMMAND_HELP)
    commands.add_column(style="bold cyan", no_wrap=True, width=widest)
    commands.add_column("Description", justify="left", no_wrap=False, ratio=10)
    for name, text in COMMAND_HELP:
        commands.add_row(Text(name), options(Text.from_markup(text)))
    out.print(Panel(commands, border_style="dim", title="Commands", title_align="left"))
    print()  # Click echoes the (empty) plain help after Typer's Rich one: one blank line


def _table(highlight: bool) -> Table:
    """A panel's table as Typer makes it: no box, no header, one space between columns."""
    return Table(
        highlight=highlight,
        show_header=False,
        expand=True,
        box=None,
        show_lines=False,
        leading=0,
        border_style=None,
        row_styles=None,
        pad_edge=False,
        padding=(0, 1),
    )

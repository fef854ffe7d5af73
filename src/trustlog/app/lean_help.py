"""`--help` without the Markdown renderer: Typer imports it whether or not it is used.

`typer.rich_utils` imports `rich.markdown` (and with it markdown-it, ~26 ms of
every command's start-up) at import time, although only
`rich_markup_mode="markdown"` ever makes a `Markdown`.  trustlog's help uses
Rich's own markup, so until something really asks for a `Markdown` a light
stand-in takes the module's place; the first real use imports the real one.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


def _real() -> types.ModuleType:
    if isinstance(sys.modules.get("rich.markdown"), _StandIn):
        del sys.modules["rich.markdown"]
    return importlib.import_module("rich.markdown")


class Markdown:
    """Becomes a real `rich.markdown.Markdown` the moment one is made."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return _real().Markdown(*args, **kwargs)


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # `from … import` asks for __path__: not a package
            raise AttributeError(name)
        return getattr(_real(), name)


def install() -> None:
    """Put the stand-in in place, unless the real module is already loaded."""
    if "rich.markdown" not in sys.modules:
        stand_in = _StandIn("rich.markdown", __doc__)
        stand_in.Markdown = Markdown  # type: ignore[attr-defined]
        sys.modules["rich.markdown"] = stand_in

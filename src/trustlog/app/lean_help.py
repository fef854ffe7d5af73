"""`--help` without the Markdown renderer or the traceback printer: Typer imports
both whether or not they are used.

`typer.rich_utils` imports `rich.markdown` (and with it markdown-it, ~26 ms of
every command's start-up) and `rich.traceback` (with Pygments and
`rich.pretty`, ~10 ms) at import time, although only
`rich_markup_mode="markdown"` ever makes a `Markdown` and only Typer's pretty
exceptions (turned off: `main` owns every error) make a `Traceback`.
trustlog's help uses Rich's own markup, so until something really asks for
one a light stand-in takes each module's place; the first real use imports
the real one.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


def _real(module: str) -> types.ModuleType:
    if isinstance(sys.modules.get(module), _StandIn):
        del sys.modules[module]
    return importlib.import_module(module)


class Markdown:
    """Becomes a real `rich.markdown.Markdown` the moment one is made."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return _real("rich.markdown").Markdown(*args, **kwargs)


class Traceback:
    """Becomes a real `rich.traceback.Traceback` the moment one is made."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return _real("rich.traceback").Traceback(*args, **kwargs)

    @classmethod
    def from_exception(cls, *args: Any, **kwargs: Any) -> Any:
        return _real("rich.traceback").Traceback.from_exception(*args, **kwargs)


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # `from … import` asks for __path__: not a package
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


_STAND_INS = {"rich.markdown": Markdown, "rich.traceback": Traceback}


def install() -> None:
    """Put the stand-ins in place, unless the real modules are already loaded."""
    for module, lazy in _STAND_INS.items():
        if module not in sys.modules:
            stand_in = _StandIn(module, __doc__)
            setattr(stand_in, lazy.__name__, lazy)
            sys.modules[module] = stand_in

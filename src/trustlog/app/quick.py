"""The read-only commands people look at most, read without Typer.

Building the Typer app costs more than the rest of `log --limit 50` or
`search WORD` together (importing Typer and Click, then making the command),
so `main` reads these few commands' usual forms here and calls the same
function the Typer command calls.  Anything unusual — `--help`, an option
not listed, a value that is not a plain whole number, `--`, short options
run together — is not read here at all: it goes to the Typer app, which owns
every error message, so a user sees exactly the same either way
(tests/test_fastpath.py runs both paths on the same arguments).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class NotQuick(Exception):
    """The arguments are not one of the usual forms: let the Typer app read them."""


class Look:
    """One read-only command: where its function lives and the options it takes
    (a plain class: a NamedTuple costs ~1 ms of start-up)."""

    __slots__ = ("flags", "function", "numbers", "values", "words")

    def __init__(
        self,
        function: str,
        flags: Mapping[str, str],
        values: Mapping[str, str],
        numbers: frozenset[str] = frozenset(),
        words: str | None = None,
    ) -> None:
        self.function = function  # "room.module:function", under trustlog.features
        self.flags = flags  # option → parameter, True when given
        self.values = values  # option → parameter, the next argument
        self.numbers = numbers  # parameters read as whole numbers
        self.words = words  # the parameter that takes the other arguments (one or more)


_JSON = {"--json": "as_json"}
_RANGE = {"--since": "since", "--until": "until"}

LOOKS: Mapping[str, Look] = {
    "log": Look(
        "entries.listing:show_log",
        {"--partner": "partner", "-p": "partner", "--me": "me", "--deleted": "deleted", **_JSON},
        {**_RANGE, "--kind": "kind", "--tag": "tag", "-t": "tag", "--limit": "limit"},
        frozenset({"limit"}),
    ),
    "report": Look(
        "reports.screens:show_report",
        {"--week": "week", "--month": "month", "--year": "year", **_JSON},
        _RANGE,
    ),
    "promises": Look("promises.listing:show_promises", {"--all": "include_all", **_JSON}, {}),
    "search": Look(
        "reports.screens:show_search", _JSON, {"--limit": "limit"}, frozenset({"limit"}), "words"
    ),
    "chart": Look("reports.screens:show_chart", {}, _RANGE),
}


def read(command: str, rest: list[str]) -> tuple[str, dict[str, Any]]:
    """The function to call and its keyword arguments, or NotQuick."""
    look = LOOKS.get(command)
    if look is None:
        raise NotQuick
    arguments: dict[str, Any] = {}
    words: list[str] = []
    tokens = iter(rest)
    for token in tokens:
        if not _option(look, token, tokens, arguments):
            words.append(token)
    if look.words is not None:
        if not words:
            raise NotQuick
        arguments[look.words] = words
    elif words:
        raise NotQuick
    return look.function, arguments


def _option(look: Look, token: str, tokens: Iterator[str], arguments: dict[str, Any]) -> bool:
    """Read one option into `arguments` (False for a word); NotQuick for anything unusual."""
    name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
    if token in look.flags:
        arguments[look.flags[token]] = True
    elif name in look.values:
        given = value if equals else next(tokens, None)
        arguments[look.values[name]] = _value(look, look.values[name], given)
    elif token.startswith("-"):
        raise NotQuick
    else:
        return False
    return True


def _value(look: Look, parameter: str, given: str | None) -> Any:
    if given is None or given.startswith("-"):
        raise NotQuick
    if parameter in look.numbers:
        if not (given.isascii() and given.isdigit()):
            raise NotQuick
        return int(given)
    return given

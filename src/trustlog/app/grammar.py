"""The one declaration of the capture commands' words and options.

Captures are typed many times a day, often through an alias, so `main`
parses them before Typer is even imported; the Typer commands are built from
this same declaration, so the two ways in cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The bids and free-form moments, in the order `--help` lists them.
CAPTURES = ("toward", "away", "against", "deposit", "withdraw")
#: Captures whose first word is the AMOUNT.
AMOUNT_CAPTURES = ("deposit", "withdraw")


class CaptureOption:
    """One option of every capture command (a plain class: a NamedTuple costs ~1 ms
    of every capture's start-up)."""

    __slots__ = ("field", "help", "metavar", "names", "repeats", "takes_value")

    def __init__(
        self,
        field: str,
        names: tuple[str, ...],
        takes_value: bool,
        repeats: bool,
        help: str,
        metavar: str = "",
    ) -> None:
        self.field = field
        self.names = names
        self.takes_value = takes_value
        self.repeats = repeats
        self.help = help
        self.metavar = metavar


PARTNER = CaptureOption(
    "partner", ("--partner", "-p"), False, False, "Your partner did this (default: you did)."
)
ON = CaptureOption(
    "on",
    ("--on",),
    True,
    False,
    "The day it happened: today, yesterday, '3 days ago', friday, 2026-11-20.",
    "DATE",
)
TAG = CaptureOption(
    "tags",
    ("--tag", "-t"),
    True,
    True,
    "A tag; repeat for more. @word in the note works too.",
    "TAG",
)
JSON = CaptureOption("as_json", ("--json",), False, False, "Print one JSON document instead.")
CAPTURE_OPTIONS = (PARTNER, ON, TAG, JSON)
NOTE_HELP = "What happened, in your own words; no quotes needed. @word is a tag."
AMOUNT_HELP = "A positive whole number."

#: argv cannot hold a NUL byte, so it safely marks a number that is a note word.
_WORD_MARK = "\x00"


def is_number_word(token: str) -> bool:
    """`-1` in a note is a word ("she said -1 to my idea"), not an option."""
    return len(token) > 1 and token[0] == "-" and token[1:].isascii() and token[1:].isdigit()


def mark_number_words(args: Sequence[str]) -> list[str]:
    """Hide `-1`-like note words from Click's option parser (up to a `--`)."""
    marked: list[str] = []
    for index, token in enumerate(args):
        if token == "--":
            return marked + list(args[index:])
        marked.append(_WORD_MARK + token if is_number_word(token) else token)
    return marked


def unmark(words: Sequence[str]) -> list[str]:
    return [word.removeprefix(_WORD_MARK) for word in words]


class Capture:
    """One capture command line, as read by `parse_capture` (a plain class: start-up)."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.words: list[str] = []
        self.partner = False
        self.on: str | None = None
        self.tags: list[str] = []
        self.as_json = False


class NotACapture(Exception):
    """This argv holds something the declaration does not know; Typer takes it."""


def _match(token: str, rest: list[str]) -> tuple[CaptureOption, object] | None:
    """The option `token` names (with its value taken from `rest`), or None."""
    for option in CAPTURE_OPTIONS:
        for name in option.names:
            if token == name:
                return option, _separate_value(option, rest)
            glued = _glued_value(option, name, token)
            if glued is not None:
                return option, glued
    return None


def _separate_value(option: CaptureOption, rest: list[str]) -> object:
    """A flag stands for True; an option with a value takes the next argument."""
    if not option.takes_value:
        return True
    if not rest:
        raise NotACapture
    return rest.pop(0)


def _glued_value(option: CaptureOption, name: str, token: str) -> str | None:
    """The value written into the token itself: `--on=friday`, `-twork` (not `--onfriday`)."""
    if not option.takes_value or not token.startswith(name) or len(token) <= len(name):
        return None
    glued = token[len(name) :]
    if not name.startswith("--"):
        return glued
    return glued[1:] if glued.startswith("=") else None


def parse_capture(command: str, args: Sequence[str]) -> Capture:
    """Read a capture's words and options exactly as the declaration says."""
    parsed = Capture(command)
    rest = list(args)
    only_words = False
    while rest:
        token = rest.pop(0)
        if only_words or token == "-" or not token.startswith("-") or is_number_word(token):
            parsed.words.append(token)
        elif token == "--":
            only_words = True
        elif (found := _match(token, rest)) is None:
            raise NotACapture
        else:
            option, value = found
            if option.repeats:
                getattr(parsed, option.field).append(value)
            else:
                setattr(parsed, option.field, value)
    return parsed

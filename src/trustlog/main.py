"""The single way in and out: run a command, turn errors into one line and an exit code.

Start-up is a feature.  Typer builds every command before it parses, which
costs more than the whole budget of a capture, so the few commands people
type many times a day — the captures and the home screen — are recognised
here with a small parser that understands exactly their documented options.
Anything else (``--help``, a typo, an option we do not know) goes to the
Typer app, which owns the full interface and its error messages; both paths
call the same functions, and tests run the same argv through each.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from trustlog.errors import BadInput, TrustlogError
from trustlog.models import AMOUNT_KINDS, CAPTURE_KINDS

_CAPTURE = {kind.value for kind in CAPTURE_KINDS}
_AMOUNT = {kind.value for kind in AMOUNT_KINDS}


class _Parsed:
    """One hot command, as the fast path read it (a plain class: see models.py)."""

    def __init__(self, command: str, db: str | None = None) -> None:
        self.command = command
        self.db = db
        self.words: list[str] = []
        self.amount: int | None = None
        self.partner = False
        self.on: str | None = None
        self.tags: list[str] = []
        self.as_json = False


def _option_value(token: str, rest: list[str], names: tuple[str, ...]) -> str | None:
    """The value of `--on X`, `--on=X` or `-tX` style options; None if not one of `names`."""
    for name in names:
        if token == name:
            if not rest:
                raise _NotMine
            return rest.pop(0)
        if name.startswith("--") and token.startswith(name + "="):
            return token[len(name) + 1 :]
        if not name.startswith("--") and token.startswith(name) and len(token) > len(name):
            return token[len(name) :]
    return None


class _NotMine(Exception):
    """This argv is not one the fast path understands; Typer takes it."""


def _parse(argv: Sequence[str]) -> _Parsed | None:
    rest = list(argv)
    db = None
    while rest and rest[0].startswith("--db"):
        value = _option_value(rest.pop(0), rest, ("--db",))
        if value is None:
            return None
        db = value
    if not rest:
        return _Parsed("balance", db=db)
    command = rest.pop(0)
    if command not in _CAPTURE and command != "balance":
        return None
    parsed = _Parsed(command, db=db)
    only_words = False
    while rest:
        token = rest.pop(0)
        if only_words or token == "-" or not token.startswith("-") or _is_number(token):
            parsed.words.append(token)
            continue
        if token == "--":
            only_words = True
        elif token == "--json":
            parsed.as_json = True
        elif token in ("-p", "--partner") and command in _CAPTURE:
            parsed.partner = True
        elif (value := _option_value(token, rest, ("--on",))) is not None:
            parsed.on = value
        elif command in _CAPTURE and (value := _option_value(token, rest, ("--tag", "-t"))):
            parsed.tags.append(value)
        else:
            return None
    if command == "balance" and parsed.words:
        return None
    if command in _AMOUNT:
        from trustlog.capture import parse_amount

        parsed.amount = parse_amount(command, parsed.words.pop(0) if parsed.words else None)
    return parsed


def _is_number(token: str) -> bool:
    """`-1` in a note is a word ("she said -1 to my idea"), not an option."""
    return token[1:].isascii() and token[1:].isdigit()


def _fast(argv: Sequence[str], env: Mapping[str, str], clock: object) -> int | None:
    try:
        parsed = _parse(argv)
    except _NotMine:
        return None
    if parsed is None:
        return None
    from trustlog.state import Clock, State

    state = State(
        env=env, clock=clock if isinstance(clock, Clock) else Clock(), db_option=parsed.db
    )
    if parsed.command == "balance":
        from trustlog.home import show_home

        show_home(state, parsed.on, parsed.as_json)
        return 0
    from trustlog.capture import capture, capture_output

    entry, balance = capture(
        state,
        parsed.command,
        parsed.words,
        amount=parsed.amount,
        partner=parsed.partner,
        on=parsed.on,
        tags=parsed.tags,
    )
    print(capture_output(entry, balance, state.today().isoformat(), parsed.as_json))
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    clock: object = None,
) -> int:
    """Run trustlog; the exit code is 0 ok, 1 cannot be done, 2 bad input, 130 interrupted."""
    args = list(sys.argv[1:] if argv is None else argv)
    environ = dict(os.environ) if env is None else dict(env)
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that cannot show "→" or "−" must not turn a saved
        # entry into a crash report.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        _check_text(args)
        code = _fast(args, environ, clock)
        if code is None:
            from trustlog.cli import run

            code = run(args, environ, clock)
        return code
    except TrustlogError as error:
        print(f"trustlog: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("\ntrustlog: interrupted; nothing more was saved.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; that is not an error for us.
        sys.stderr.close()
        return 0
    except OverflowError:
        print("trustlog: a number given is too large.", file=sys.stderr)
        return 2
    except Exception as error:
        if environ.get("TRUSTLOG_DEBUG"):
            raise
        # Never echo the exception text: it could quote a private note.  And
        # promise nothing about what was saved: the failure may come after a commit.
        print(
            f"trustlog: something unexpected went wrong ({type(error).__name__}). "
            "`trustlog log` shows what is saved; TRUSTLOG_DEBUG=1 shows details.",
            file=sys.stderr,
        )
        return 1


def _check_text(args: Sequence[str]) -> None:
    """Arguments that are not valid text (bytes from a wrong locale) are refused up front."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise BadInput(
                "An argument is not valid UTF-8 text; check your terminal's encoding."
            ) from None

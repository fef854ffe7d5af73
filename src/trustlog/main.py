"""The single way in and out: run a command, turn errors into one line and an exit code.

Start-up is a feature.  Even a lazily built Typer app costs more than the
whole budget of a capture, so the few commands people type many times a day
— the captures and the home screen — are read here by the parser made from
the one capture grammar (`app.grammar`), which also builds the Typer
commands.  Anything else (``--help``, a typo, an option the grammar does not
know) goes to the Typer app, which owns the full interface and its error
messages; both paths call the same use cases.  The read-only commands looked
at most (`log`, `report`, `promises`, `search`, `chart`) get the same
treatment in their usual forms (`app.quick`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from trustlog.app.errors import BadInput, TrustlogError

if TYPE_CHECKING:
    from trustlog.app.clock import Clock
    from trustlog.app.grammar import Capture
    from trustlog.app.state import State


_ROOT_OPTIONS = ("--db", "--passphrase-file")


def _hot_command(argv: Sequence[str]) -> tuple[dict[str, str], Capture] | None:
    """Root options and a capture or the home screen, read by the capture grammar; else None."""
    from trustlog.app import grammar

    rest = list(argv)
    try:
        options = _root_options(rest)
        return options, _hot_capture(rest)
    except grammar.NotACapture:
        return None


def _root_options(rest: list[str]) -> dict[str, str]:
    """Take the leading `--db PATH` / `--passphrase-file=FILE` options off `rest`; last wins."""
    from trustlog.app.grammar import NotACapture

    options: dict[str, str] = {}
    while rest and rest[0].startswith(_ROOT_OPTIONS):
        name, equals, value = rest.pop(0).partition("=")
        if name not in _ROOT_OPTIONS or not (equals or rest):
            raise NotACapture
        options[name] = value if equals else rest.pop(0)
    return options


def _hot_capture(rest: list[str]) -> Capture:
    """A capture, or the home screen (no command, or `balance` with at most --on/--json)."""
    from trustlog.app import grammar

    command = rest.pop(0) if rest else "balance"
    if command not in grammar.CAPTURES and command != "balance":
        raise grammar.NotACapture
    parsed = grammar.parse_capture(command, rest)
    if command == "balance" and (parsed.words or parsed.partner or parsed.tags):
        raise grammar.NotACapture
    return parsed


def _fast(argv: Sequence[str], env: Mapping[str, str], clock: Clock) -> int | None:
    hot = _hot_command(argv)
    if hot is None:
        return None
    options, parsed = hot
    state = _state(options, env, clock)
    if parsed.command == "balance":
        from trustlog.features.home.screen import show_home

        show_home(state, parsed.on, parsed.as_json)
        return 0
    from trustlog.features.entries.entries import capture_command

    print(capture_command(state, parsed))
    return 0


def _quick(argv: Sequence[str], env: Mapping[str, str], clock: Clock) -> int | None:
    """A read-only command in a usual form (`app.quick`), shown without the Typer app; else None."""
    from trustlog.app import quick
    from trustlog.app.grammar import NotACapture

    rest = list(argv)
    try:
        options = _root_options(rest)
        function, arguments = quick.read(rest.pop(0) if rest else "", rest)
    except (NotACapture, quick.NotQuick):
        return None
    from importlib import import_module

    module, _, name = function.partition(":")
    show = getattr(import_module(f"trustlog.features.{module}"), name)
    show(_state(options, env, clock), **arguments)
    return 0


def _state(options: Mapping[str, str], env: Mapping[str, str], clock: Clock) -> State:
    from trustlog.app.state import State

    return State(
        env=env,
        clock=clock,
        db_option=options.get("--db"),
        passphrase_file=options.get("--passphrase-file"),
    )


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    clock: Clock | None = None,
) -> int:
    """Run trustlog; the exit code is 0 ok, 1 cannot be done, 2 bad input, 130 interrupted."""
    args = list(sys.argv[1:] if argv is None else argv)
    environ = dict(os.environ) if env is None else dict(env)
    _drop_bad_width(environ)
    _replace_unprintable_characters()
    try:
        return _run(args, environ, clock)
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
        return _unexpected(error, environ)


def _drop_bad_width(environ: dict[str, str]) -> None:
    """Typer reads TERMINAL_WIDTH as a number when it is imported: a value that is not
    one would stop every command, so it is taken as unset (the terminal's width)."""
    if not environ.get("TERMINAL_WIDTH", "1").isdigit():
        environ.pop("TERMINAL_WIDTH")
        os.environ.pop("TERMINAL_WIDTH", None)


def _unexpected(error: Exception, environ: Mapping[str, str]) -> int:
    """The machine's failures (a full disk, permissions) get their own line; a true bug
    its name, never its text (it could quote a private note)."""
    if environ.get("TRUSTLOG_DEBUG"):
        raise error
    from trustlog.journal.failures import known_failure

    failure = known_failure(error)
    if failure is not None:
        print(f"trustlog: {failure.message}", file=sys.stderr)
        return failure.exit_code
    # Promise nothing about what was saved: the failure may come after a commit.
    print(
        f"trustlog: something unexpected went wrong ({type(error).__name__}). "
        "`trustlog log` shows what is saved; TRUSTLOG_DEBUG=1 shows details.",
        file=sys.stderr,
    )
    return 1


def _replace_unprintable_characters() -> None:
    """A terminal or pipe that cannot show "→" or "−" must not turn a saved entry into a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _run(args: list[str], env: Mapping[str, str], clock: Clock | None) -> int:
    """The fast path for captures and the home screen, else the Typer app."""
    _check_text(args)
    from trustlog.app.clock import Clock

    ticking = clock or Clock()
    if args == ["sync"]:  # what a timer or hook runs: no Typer (spec: ≤ 1.2× balance)
        from trustlog.app.state import State
        from trustlog.features.sync.steps import sync_now

        sync_now(State(env=env, clock=ticking, db_option=None), None)
        return 0
    if args in (["--help"], ["-h"]) and "TYPER_USE_RICH" not in env:  # drawn without Typer
        from trustlog.views.root_help import show_root_help

        show_root_help()
        return 0
    code = _fast(args, env, ticking)
    if code is None:
        code = _quick(args, env, ticking)
    if code is None:
        from trustlog.app.cli import run

        code = run(args, env, ticking)
    return code


def _check_text(args: Sequence[str]) -> None:
    """Arguments that are not valid text (bytes from a wrong locale) are refused up front."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise BadInput(
                "An argument is not valid UTF-8 text; check your terminal's encoding."
            ) from None

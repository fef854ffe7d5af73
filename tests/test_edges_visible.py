"""Control characters in journal text are shown, never sent raw to a terminal."""

from __future__ import annotations

import pytest

from tests.conftest import Run
from trustlog.views.visible import visible

TITLE = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J"


def test_visible_writes_out_control_characters() -> None:
    assert visible("a\x1b[2Jb") == "a^[[2Jb"
    assert visible("tab\there\nnext") == "tab\there\nnext"
    assert visible("\x7f\x9b") == "^?\\x9b"


@pytest.mark.parametrize(
    "args",
    [
        ("log",),
        ("search", "walk"),
        ("promises",),
        ("repair",),
        ("balance",),
        ("report", "--week"),
        ("log", "--deleted"),
    ],
)
def test_no_view_sends_an_escape_to_the_terminal(run: Run, args: tuple[str, ...]) -> None:
    run("toward", f"walk {CLEAR} @x")
    run("promise", f"call {TITLE} mum", "--due", "tomorrow")
    run("injury", f"lied {CLEAR}", "--severity", "minor")
    run("away", f"walk {TITLE}")
    if args[-1] == "--deleted":
        run("rm", "1")
    result = run(*args)
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out


def test_the_capture_line_shows_it_and_json_keeps_it(run: Run) -> None:
    captured = run("toward", f"x{CLEAR}")
    assert "\x1b" not in captured.out and "^[[2J" in captured.out
    assert run("log", "--json").json()[0]["note"] == f"x{CLEAR}"  # type: ignore[index]

"""Asking the check-in's questions: at a terminal, or one piped line per question.

A person at a terminal is asked again after a slip; a script gets one clear
error instead, without its line echoed (a piped line may be private text).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from trustlog.app.errors import BadInput

Ask = Callable[[str], str]

ANSWER_WORDS = {
    "k": "kept",
    "kept": "kept",
    "b": "broken",
    "broken": "broken",
    "s": "skip",
    "skip": "skip",
    "": "skip",
}


def line_reader(stream: TextIO, prompt_to: TextIO, tty: bool) -> Ask:
    """Ask on a terminal (`app.terminal`: Ctrl-C always interrupts); otherwise read one
    line per question.

    The end of input raises EOFError, which the check-in turns into
    "nothing was saved" — it never waits on a closed stdin.
    """

    def ask(question: str) -> str:
        from trustlog.views.visible import visible

        prompt = visible(question)  # a promise's text cannot drive the terminal
        if tty:
            from trustlog.app.terminal import read_line

            try:
                return read_line(stream, prompt, prompt_to)
            except (EOFError, KeyboardInterrupt):
                # The message that nothing was saved then starts on its own line.
                prompt_to.write("\n")
                prompt_to.flush()
                raise
        prompt_to.write(prompt)
        prompt_to.flush()
        line = stream.readline()
        if not line:
            prompt_to.write("\n")
            raise EOFError
        prompt_to.write("\n")
        return line.rstrip("\n")

    return ask


def ask_count(ask: Ask, question: str, retry: bool) -> int:
    """A person at a terminal gets asked again; a script gets a clear error."""
    while True:
        answer = ask(f"{question} [0]: ").strip()
        if not answer:
            return 0
        if answer.isdigit() and int(answer) < 1000:
            return int(answer)
        if not retry:
            # The answer is not echoed: a piped line may be private text.
            raise BadInput(f"{question}: expected a number; nothing was saved.")
        print("  Please type a number (or press Enter for none).", file=sys.stderr)


def ask_outcome(ask: Ask, question: str, retry: bool) -> str:
    while True:
        answer = ask(f"{question} [k]ept / [b]roken / [s]kip: ").strip().lower()
        if answer in ANSWER_WORDS:
            return ANSWER_WORDS[answer]
        if not retry:
            raise BadInput("Expected k, b or s for a promise; nothing was saved.")
        print("  Please type k, b or s.", file=sys.stderr)


EARLIER = {
    "m": "broken",
    "missed": "broken",
    "l": "excused",
    "let": "excused",
    "let go": "excused",
    "s": "skip",
    "skip": "skip",
    "": "skip",
}


def ask_earlier(ask: Ask, question: str, retry: bool) -> str:
    """Older unmarked days, all in one answer: missed, let go, or skip for now."""
    while True:
        answer = ask(f"{question} [m/l/s]: ").strip().lower()
        if answer in EARLIER:
            return EARLIER[answer]
        if not retry:
            raise BadInput("Expected m, l or s for the earlier days; nothing was saved.")
        print("  Please type m, l or s.", file=sys.stderr)

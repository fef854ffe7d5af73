"""A line read from the terminal that Ctrl-C always interrupts.

`input()` has a race in CPython: a SIGINT that arrives after Python checked for
signals but before the terminal read starts is only noticed once a line is
typed, so Ctrl-C at a prompt was sometimes ignored until Enter (seen by two
reviews; a check-in test waited out its 30 s).  Waiting with `select` in short
steps returns to Python between them, so a pending Ctrl-C is raised within a
quarter of a second, and the line is read only once the terminal has one.
"""

from __future__ import annotations

import select
from typing import TextIO

#: How long each wait lasts before Python looks at its signals again.
STEP_SECONDS = 0.25


def read_line(stream: TextIO, prompt: str, prompt_to: TextIO) -> str:
    """Show `prompt`, wait for a line, return it without its newline; EOFError at the end."""
    prompt_to.write(prompt)
    prompt_to.flush()
    while not select.select([stream], [], [], STEP_SECONDS)[0]:
        pass  # between two waits Python runs its signal handlers: Ctrl-C lands here
    line = stream.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")

"""One family of errors whose messages are written for the person at the keyboard.

`main` is the single place that turns them into a line on stderr and an exit
code, so no other module prints errors or calls `sys.exit`.
"""

from __future__ import annotations


class TrustlogError(Exception):
    """A request that cannot be done (exit 1)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(TrustlogError):
    """Bad usage or bad input (exit 2): a date, an amount, a rule."""

    exit_code = 2


class NotATrustlogJournal(TrustlogError):
    """A file that is corrupt or belongs to another program; never written to."""


class Conflict(TrustlogError):
    """Another trustlog wrote something that contradicts this write a moment ago."""


class Interrupted(TrustlogError):
    """Ctrl-C or a closed input before anything was saved (exit 130)."""

    exit_code = 130

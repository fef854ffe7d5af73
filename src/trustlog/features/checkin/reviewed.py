"""The reviewed-date marker: one line the shell hook can read without Python.

A check-in (and a capture after the hour) writes today's date here; the hook
compares it with `date +%F` at the prompt. It holds a date and nothing else,
yet stays private like every trustlog file, because even "used trustlog
today" is nobody else's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from datetime import date
from pathlib import Path

from trustlog.app.errors import TrustlogError
from trustlog.journal.private import write_private


def marker_path(env: Mapping[str, str]) -> Path:
    """`$XDG_STATE_HOME/trustlog/reviewed`, as the shell hook spells it too."""
    state = env.get("XDG_STATE_HOME") or ""
    base = Path(state) if state else Path(env.get("HOME") or Path.home()) / ".local" / "state"
    return base / "trustlog" / "reviewed"


def is_marked(day: date, env: Mapping[str, str]) -> bool:
    """Whether the marker says `day` was reviewed (never an error: a missing or odd
    marker says no)."""
    try:
        return marker_path(env).read_text(encoding="utf-8") == f"{day.isoformat()}\n"
    except (OSError, UnicodeDecodeError):
        return False


def mark_reviewed(day: date, env: Mapping[str, str]) -> bool:
    """Record `day` as reviewed; False (never an error) when the state folder is unwritable.

    The marker is a convenience for the prompt, so it must never stop a
    check-in that has already been saved.
    """
    if is_marked(day, env):
        return True  # already there: the capture path stays a single read
    try:
        write_private(marker_path(env), f"{day.isoformat()}\n".encode())
    except (OSError, TrustlogError):
        return False
    return True


def unmark_reviewed(day: date, env: Mapping[str, str]) -> None:
    """Take `day` off the marker (after `undo` takes its check-in back), so the
    shell hook asks again tonight as `remind` does; never an error."""
    if is_marked(day, env):
        with suppress(OSError):
            marker_path(env).unlink()

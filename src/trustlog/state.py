"""What every command needs to know, built once per run and handed down.

The clock is injected so "today" can be fixed in tests without patching
`datetime`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from pathlib import Path

from trustlog.config import Config, journal_path, load_config
from trustlog.store import Journal


class Clock:
    """The local calendar; tests pass a `FixedClock` instead."""

    def today(self) -> date:
        return date.today()


class FixedClock(Clock):
    """A clock stopped on one day."""

    def __init__(self, day: date) -> None:
        self.day = day

    def today(self) -> date:
        return self.day


class State:
    # A plain class, not a dataclass: this is on the capture path (see models.py).
    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        db_option: str | None = None,
    ) -> None:
        self.env: Mapping[str, str] = dict(os.environ) if env is None else env
        self.clock = clock or Clock()
        self.db_option = db_option

    @cached_property
    def config(self) -> Config:
        return load_config(self.env)

    @cached_property
    def journal_path(self) -> Path:
        return journal_path(self.db_option, self.env, self.config)

    def today(self) -> date:
        return self.clock.today()

    def owner_name(self) -> str:
        if self.config.name:
            return self.config.name
        import getpass

        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return "me"

    def writable_journal(self) -> Journal:
        """The journal, created on first write."""
        return Journal.open(self.journal_path, owner_name=self.owner_name())

    def readable_journal(self) -> Journal | None:
        """The journal, or None when it does not exist yet (nothing is created)."""
        return Journal.existing(self.journal_path)

    @property
    def no_color(self) -> bool:
        return "NO_COLOR" in self.env or self.env.get("TERM") == "dumb"

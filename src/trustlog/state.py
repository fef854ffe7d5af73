"""What every command needs to know, built once per run and handed down.

The clock is injected so "today" can be fixed in tests without patching
`datetime`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from trustlog.config import Config, journal_path, load_config
from trustlog.store import Journal


class Clock:
    """The local calendar; tests pass a `FixedClock` instead."""

    def today(self) -> date:
        return date.today()


@dataclass(frozen=True)
class FixedClock(Clock):
    day: date

    def today(self) -> date:
        return self.day


@dataclass
class State:
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    clock: Clock = field(default_factory=Clock)
    db_option: str | None = None

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

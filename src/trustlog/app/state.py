"""What every command needs to know, built once per run and handed down.

The clock is injected so "today" can be fixed in tests without patching
`datetime`; the journal is reached only through `State.journal`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from trustlog.app.clock import Clock
from trustlog.app.config import Config, journal_path, load_config

if TYPE_CHECKING:
    from trustlog.journal import Journal


class State:
    # A plain class, not a dataclass: this is on the capture path (see models.py).
    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        db_option: str | None = None,
        passphrase_file: str | None = None,
    ) -> None:
        self.env: Mapping[str, str] = dict(os.environ) if env is None else env
        self.clock = clock or Clock()
        self.db_option = db_option
        #: `--passphrase-file FILE`, for a locked journal opened by a script.
        self.passphrase_file = passphrase_file

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

    @contextmanager
    def journal(
        self, *, write: bool = False, if_missing: str | None = None, remembered_only: bool = False
    ) -> Iterator[Journal]:
        """The only way into the journal: `with state.journal(write=True) as j:`.

        A locked journal opens with its key (the keyring, `--passphrase-file`,
        `TRUSTLOG_PASSPHRASE`, else asked in a terminal; `remembered_only`: the
        keyring alone) or raises `Locked`; an inbox waiting beside it is folded in.
        Writers hold the journal's shared writer lock throughout.
        """
        from trustlog.journal import open_journal

        with open_journal(
            self.journal_path,
            self.clock,
            write=write,
            if_missing=if_missing,
            owner_name=self.owner_name() if write else "me",
            key_of=lambda: self._key(remembered_only),
        ) as journal:
            if journal.exists:
                self._settle_keys(journal, write=write)
            yield journal

    def journal_key(self) -> bytes | None:
        """A locked journal's key (remembered, given or asked), for what looks at the
        file outside the door (`doctor`); None for a plain journal or none yet."""
        return self._key(remembered_only=False)

    def _key(self, remembered_only: bool) -> bytes | None:
        from trustlog.journal.locked import find_key, is_encrypted

        path = self.journal_path
        if not is_encrypted(path):
            return None
        return find_key(
            path, self.env, self.clock.now(), self.passphrase_file, remembered_only=remembered_only
        )

    @staticmethod
    def _settle_keys(journal: Journal, *, write: bool) -> None:
        """Fold a waiting inbox in; give a journal written to its age key pair."""
        from trustlog.journal.folding import fold, waiting

        if waiting(journal.path):
            fold(journal)
        elif write:
            from trustlog.journal.keys import has_keys, journal_keys

            if not has_keys(journal):
                journal_keys(journal)

    @property
    def no_color(self) -> bool:
        return "NO_COLOR" in self.env or self.env.get("TERM") == "dumb"

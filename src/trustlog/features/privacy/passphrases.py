"""Where a new passphrase comes from: a file, the environment, or asked twice in a terminal."""

from __future__ import annotations

from collections.abc import Mapping

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.journal.locked import ask, given_passphrase, in_terminal

NO_PASSPHRASE = (
    "No passphrase was given: run this in a terminal, or give --new-passphrase-file "
    "or TRUSTLOG_NEW_PASSPHRASE."
)


def new_passphrase(
    env: Mapping[str, str], passphrase_file: str | None, *, also_plain: bool = False
) -> str:
    """`--new-passphrase-file`, `TRUSTLOG_NEW_PASSPHRASE` (for encrypt also
    `TRUSTLOG_PASSPHRASE`), else asked twice in a terminal."""
    given = _given(env, passphrase_file, also_plain)
    if given is not None:
        return given
    if not in_terminal():
        raise TrustlogError(NO_PASSPHRASE)
    return _asked_twice()


def _given(env: Mapping[str, str], passphrase_file: str | None, also_plain: bool) -> str | None:
    if passphrase_file:
        return given_passphrase({}, passphrase_file)
    names = (
        ("TRUSTLOG_NEW_PASSPHRASE", "TRUSTLOG_PASSPHRASE")
        if also_plain
        else ("TRUSTLOG_NEW_PASSPHRASE",)
    )
    return next((env[name] for name in names if env.get(name)), None)


def _asked_twice() -> str:
    first = ask("New passphrase: ")
    if not first:
        raise BadInput("A passphrase cannot be empty.")
    if ask("The same passphrase again: ") != first:
        raise BadInput("The two passphrases differ; nothing was changed.")
    return first

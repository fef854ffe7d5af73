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
    given = given_passphrase({}, passphrase_file) if passphrase_file else None
    given = given or env.get("TRUSTLOG_NEW_PASSPHRASE") or None
    if given is None and also_plain:
        given = env.get("TRUSTLOG_PASSPHRASE") or None
    if given is not None:
        return given
    if not in_terminal():
        raise TrustlogError(NO_PASSPHRASE)
    first = ask("New passphrase: ")
    if not first:
        raise BadInput("A passphrase cannot be empty.")
    if ask("The same passphrase again: ") != first:
        raise BadInput("The two passphrases differ; nothing was changed.")
    return first

"""An encrypted journal in a sync folder: the passphrase that seals its identity,
and a joining device's journal made encrypted before anything reaches it.

What goes into the folder of an encrypted journal is sealed: its batches to the
journal's own age key (`batches.write_batch(recipient=)`), its identity (owner
and that age key) to a key derived from the journal's SQLCipher key
(`sealkey`, `identities.write_identity(sealed=)`).  So a journal that opens (key
remembered by `unlock`, or the passphrase given) syncs without being asked
again; only `sync join DIR` on a new device asks the passphrase.  A journal
and its folder are both encrypted or both plain: a plain copy among encrypted
ones would send everyone's notes in clear.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trustlog.app.errors import TrustlogError
from trustlog.app.state import State
from trustlog.journal.locked import ask, given_passphrase, in_terminal, is_encrypted, writer_lock

NEEDS_PASSPHRASE = (
    "This journal is encrypted: its passphrase is needed to join it. Run this in a terminal, "
    "or give --passphrase-file or TRUSTLOG_PASSPHRASE. Nothing was written."
)
PLAIN_AMONG_SEALED = (
    "The other devices keep this journal encrypted, and this copy is plain: its notes would "
    "reach the sync folder in clear. Nothing was sent; `trustlog encrypt` here first."
)
SEALED_HERE_PLAIN_THERE = (
    "This journal is encrypted and the journal in {root} is not: its notes would reach the "
    "folder in clear from the other devices. Nothing was changed; encrypt the journal there "
    "first (`trustlog encrypt`, then `trustlog sync DIR` again), or join from a plain journal."
)


def passphrase(state: State) -> str:
    """The journal's passphrase: `--passphrase-file`, `TRUSTLOG_PASSPHRASE`, else asked
    in the terminal without echo."""
    given = given_passphrase(state.env, state.passphrase_file)
    if given is None and in_terminal():
        given = ask("Passphrase for the journal: ")
    if not given:
        raise TrustlogError(NEEDS_PASSPHRASE)
    return given


def with_passphrase(state: State, given: str) -> State:
    """The same State, opening the journal with `given` (asked once, not twice)."""
    env = {**state.env, "TRUSTLOG_PASSPHRASE": given}
    return State(env=env, clock=state.clock, db_option=state.db_option)


def encrypted(path: Path) -> bool:
    return path.exists() and is_encrypted(path)


def lock_before_joining(state: State, given: str) -> bool:
    """Make this device's journal encrypted with the folder's passphrase before it
    adopts the journal's key or takes a single batch (a new device gets an empty
    journal first; one with entries keeps them, now encrypted).  False when it
    was encrypted already: it keeps its own passphrase."""
    path = state.journal_path
    if encrypted(path):
        return False
    with state.journal(write=True):
        pass  # made (0600 in 0700) and migrated, or an inbox folded in
    from trustlog.journal import cipher

    with writer_lock(path, exclusive=True):
        fresh = path.with_name(f".{path.name}.encrypting")
        for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
            leftover.unlink(missing_ok=True)
        key = cipher.encrypt_copy(path, fresh, given)
        old, new = sqlite3.connect(path), cipher.connect(fresh, key)
        try:
            cipher.verify_same(old, new)
        finally:
            old.close()
            new.close()
        cipher.swap_into_place(fresh, path)
    return True

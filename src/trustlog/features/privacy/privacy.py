"""Turning a journal into a locked one and back, changing its passphrase, remembering its key.

Each swap runs under the journal's exclusive writer lock: a new file is
written beside the journal, checked (integrity, the same tables and counts,
the same balance), then renamed over it and the old bytes overwritten. A kill
leaves the old journal or the new one whole; the next swap, or the next
writer, removes a half-written copy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustlog.app.errors import TrustlogError
from trustlog.journal.locked import is_encrypted, writer_lock

if TYPE_CHECKING:
    from trustlog.app.state import State

ALREADY = (
    "This journal is already locked (encrypted); `trustlog passphrase` changes its passphrase."
)
NOT_YET = "This journal is not locked; `trustlog encrypt` locks it."
NO_JOURNAL = "There is no journal yet; write an entry first."
DEFAULT_FOR = "12h"


def encrypt(state: State, passphrase: str) -> None:
    """Lock the journal with `passphrase`; it does not unlock it (no key is remembered)."""
    path = _existing(state)
    if is_encrypted(path):
        raise TrustlogError(ALREADY)
    from trustlog.journal import cipher
    from trustlog.journal.keys import journal_keys

    with state.journal(write=True) as journal:  # folds an inbox, makes the age key pair
        journal_keys(journal)
    with writer_lock(path, exclusive=True):
        fresh = _fresh(path, "encrypting")
        key = cipher.encrypt_copy(path, fresh, passphrase)
        _verify(sqlite3.connect(path), cipher.connect(fresh, key))
        cipher.swap_into_place(fresh, path)


def plain_copies_beside(path: Path) -> list[Path]:
    """Backups `trustlog backup` left beside the journal that are still plain SQLite:
    encrypting the journal does not encrypt them, so they are named after `encrypt`."""
    from trustlog.journal.outputs import dated_backups
    from trustlog.journal.private import SQLITE_HEADER, read_header

    found = []
    for copy in (c for c in dated_backups(path.parent) if c != path):
        try:
            if copy.is_file() and read_header(copy) == SQLITE_HEADER:
                found.append(copy)
        except TrustlogError:
            continue
    return found


def decrypt(state: State) -> None:
    """Back to a plain SQLite file; the remembered key is forgotten."""
    path = _existing(state)
    if not is_encrypted(path):
        raise TrustlogError(NOT_YET)
    from trustlog.journal import cipher, keyring

    with state.journal(write=True) as journal:  # folds the inbox in first
        key = journal.key  # the passphrase is asked once, here (it was asked twice)
    if key is None:
        raise TrustlogError(NOT_YET)
    with writer_lock(path, exclusive=True):
        fresh = _fresh(path, "decrypting")
        cipher.decrypt_copy(path, key, fresh)
        _verify(cipher.connect(path, key), sqlite3.connect(fresh))
        cipher.swap_into_place(fresh, path)
    keyring.forget(path, state.env)


def change_passphrase(state: State, new_passphrase: Callable[[], str]) -> None:
    """Re-key in place (the salt stays); the remembered key is forgotten.  The
    current passphrase is asked first, then the new one (someone who has
    forgotten the old one learns it before typing a new one twice)."""
    path = _existing(state)
    if not is_encrypted(path):
        raise TrustlogError(NOT_YET)
    from trustlog.journal import cipher, keyring

    key = _key(state, passphrase_only=True)
    new = new_passphrase()
    with writer_lock(path, exclusive=True):
        conn = cipher.connect(path, key)
        try:
            cipher.rekey(conn, new)
        finally:
            conn.close()
    keyring.forget(path, state.env)


def unlock(state: State, for_: str | None) -> datetime:
    """Remember the key for this login session until the returned moment."""
    from trustlog.core.durations import parse_duration
    from trustlog.journal import keyring

    path = _existing(state)
    if not is_encrypted(path):
        raise TrustlogError(NOT_YET)
    until = state.clock.now() + parse_duration(for_ or DEFAULT_FOR)
    key = _key(state)
    if not keyring.remember(path, key, until, state.env):
        raise TrustlogError(
            "There is no private session folder ($XDG_RUNTIME_DIR) to keep the key in, "
            "so nothing was remembered; each command will ask for the passphrase."
        )
    with state.journal(write=True):
        pass  # folds what was captured while locked
    return until


def lock(state: State) -> bool:
    """Forget the key now; True when the journal is a locked one."""
    from trustlog.journal import keyring

    keyring.forget(state.journal_path, state.env)
    return is_encrypted(state.journal_path)


def public_key_of(state: State) -> str:
    """The journal's age public key (`age1…`), made on the spot for an older journal."""
    from trustlog.journal.keys import journal_keys, public_key

    found = public_key(state.journal_path)
    if found is not None:
        return found
    # Not a read: a partner may give their key before writing a first moment, so
    # `key` makes the journal and its key when there is none yet.
    with state.journal(write=True) as journal:
        return journal_keys(journal)[1]


def _key(state: State, *, passphrase_only: bool = False) -> bytes:
    from trustlog.journal.locked import find_key

    return find_key(
        state.journal_path,
        state.env,
        state.clock.now(),
        state.passphrase_file,
        passphrase_only=passphrase_only,
    )


def _existing(state: State) -> Path:
    path = state.journal_path
    if not path.is_file() or path.stat().st_size == 0:
        raise TrustlogError(NO_JOURNAL)
    return path


def _fresh(path: Path, doing: str) -> Path:
    """Where the new copy is written; a copy left by a killed run is removed first."""
    fresh = path.with_name(f".{path.name}.{doing}")
    for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
        leftover.unlink(missing_ok=True)
    return fresh


def _verify(old: Any, new: Any) -> None:
    from trustlog.journal import cipher

    try:
        cipher.verify_same(old, new, also=_same_balance)
    finally:
        old.close()
        new.close()


def _same_balance(old: Any, new: Any) -> bool:
    query = "SELECT coalesce(sum(amount), 0), count(*) FROM entries WHERE deleted_at IS NULL"
    return bool(old.execute(query).fetchone() == new.execute(query).fetchone())

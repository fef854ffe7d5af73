"""The door's lock and key: which key opens a locked journal, and who may write while it swaps.

Kept apart from `door.py` so a plain journal pays only a 16-byte sniff: the
crypto modules (`cipher`, `keyring`, `inbox`) are imported only once a file
turns out to be encrypted, or an inbox waits beside it.

Every writer holds a shared `flock` on `<journal>.lock`; `encrypt`, `decrypt`
and `passphrase` hold it exclusively while they swap files, so no capture is
left writing into the old file's orphaned inode.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from trustlog.app.errors import Interrupted, NotATrustlogJournal, TrustlogError
from trustlog.journal.private import SQLITE_HEADER, make_private_dir, read_header

LOCKED = "the journal is locked; run trustlog unlock"


class Locked(TrustlogError):
    """No key at hand for a locked journal (exit 1)."""

    def __init__(self) -> None:
        super().__init__(LOCKED)


#: SQLCipher writes whole pages (4,096 bytes by default): a file of another size
#: that is not plain SQLite is some other file, and is refused as such.
PAGE_SIZE = 4096


def is_encrypted(path: Path) -> bool:
    """A sniff without any crypto import: whole pages, and no plain SQLite header."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if size == 0 or size % PAGE_SIZE or not path.is_file():
        return False
    return read_header(path) != SQLITE_HEADER


def inbox_of(journal_path: Path) -> Path:
    return journal_path.with_name(journal_path.name + ".inbox")


@contextmanager
def writer_lock(journal_path: Path, *, exclusive: bool = False) -> Iterator[None]:
    """Shared for every writer; exclusive for a command that swaps the journal file."""
    lock = journal_path.with_name(journal_path.name + ".lock")
    made = not lock.exists()
    try:
        make_private_dir(journal_path.parent)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise TrustlogError(f"Could not create {journal_path}: {error.strerror}.") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        _clear_partial_copies(journal_path)
        yield
    except NotATrustlogJournal:
        if made:  # someone else's file, refused: leave nothing of ours beside it
            lock.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


def _clear_partial_copies(journal_path: Path) -> None:
    """A copy half-written by a killed encrypt or decrypt (plain text, for decrypt) goes.

    Safe under any writer lock: a swap in progress holds the lock exclusively.
    """
    for doing in ("encrypting", "decrypting"):
        fresh = journal_path.with_name(f".{journal_path.name}.{doing}")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)


def given_passphrase(env: Mapping[str, str], passphrase_file: str | None) -> str | None:
    """`--passphrase-file FILE` (one trailing newline stripped), else `TRUSTLOG_PASSPHRASE`."""
    if passphrase_file is not None:
        try:
            text = Path(passphrase_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise TrustlogError(f"Could not read the passphrase file ({reason}).") from None
        return text[:-1] if text.endswith("\n") else text
    return env.get("TRUSTLOG_PASSPHRASE") or None


def in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def ask(prompt: str) -> str:
    """Ask in the terminal without echo; Ctrl-C or Ctrl-D is an interruption, said in
    words (a bare exit 130 left a person wondering what had happened)."""
    import getpass

    try:
        return getpass.getpass(prompt, stream=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)  # the prompt's line is left open
        raise Interrupted("Interrupted at the passphrase: nothing was changed.") from None


def find_key(
    path: Path,
    env: Mapping[str, str],
    now: datetime,
    passphrase_file: str | None,
    *,
    remembered_only: bool = False,
    passphrase_only: bool = False,
) -> bytes:
    """The keyring's key, else one derived from the given or asked passphrase; else `Locked`.

    `passphrase_only` ignores the keyring: changing the passphrase must prove the
    current one, not just an unlocked session.
    """
    from trustlog.journal import cipher, keyring

    key = None if passphrase_only else keyring.recall(path, now, env)
    if key is not None or remembered_only:
        if key is None:
            raise Locked
        return key
    passphrase = given_passphrase(env, passphrase_file)
    if passphrase is None and in_terminal():
        return _asked_key(path)
    if passphrase is None:
        raise Locked
    key = cipher.derive_key(path, passphrase)
    cipher.connect(path, key, readonly=True).close()  # a wrong passphrase stops here
    return key


#: Tries at a terminal before giving up, as `sudo` gives: one slip is not the end.
ASKED_TRIES = 3


def _asked_key(path: Path) -> bytes:
    """Ask in the terminal; a mistyped passphrase is asked again (found by a review:
    one slip ended the whole command, a check-in half-typed in your head included)."""
    from trustlog.journal import cipher

    tries = 1
    while True:
        key = cipher.derive_key(path, ask("Passphrase for the journal: "))
        try:
            cipher.connect(path, key, readonly=True).close()
            return key
        except TrustlogError:
            if tries == ASKED_TRIES:
                raise
            tries += 1
            print(f"{cipher.WRONG_KEY} Try again.", file=sys.stderr)


def lock_status(path: Path, env: Mapping[str, str], now: datetime) -> str | None:
    """What the home screen says: `locked`, `unlocked until 23:10`, or None for a plain journal."""
    if not is_encrypted(path):
        return None
    from trustlog.journal import keyring

    until = keyring.unlocked_until(path, now, env)
    return "locked" if until is None else f"unlocked until {until:%H:%M}"

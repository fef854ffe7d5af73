"""The locked journal's inbox: captures saved without the passphrase, readable only with the key.

Each capture is one JSON record encrypted to the journal's own age public key
(X25519) and appended as one base64 line with O_APPEND in a single write, so
appenders never interleave. Every line starts with a newline too: a line torn
by a kill ends there and cannot swallow the next one. A fold takes the inbox
away by renaming it, so captures arriving meanwhile start a fresh inbox.
pyrage is imported inside the functions: a plain journal never loads it.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import json
import os
import time
from pathlib import Path
from typing import NamedTuple

from trustlog.app.errors import TrustlogError

FOLDING_SUFFIX = ".folding"


class Arrivals(NamedTuple):
    """What an inbox held: records in the order they were saved, and lines that could not be read.

    `skipped` counts lines that were torn by a kill or do not open with this
    key; the caller decides whether to keep the file when it is not zero.
    """

    records: list[dict[str, object]]
    skipped: int


def new_identity() -> tuple[str, str]:
    """A fresh age key pair: (secret `AGE-SECRET-KEY-1…`, public `age1…`)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def append(inbox_path: Path, public_key: str, record: dict[str, object]) -> None:
    """Encrypt one record to `public_key` and add it to the inbox (0600; its folder must exist)."""
    import pyrage
    from pyrage import x25519

    recipient = x25519.Recipient.from_str(public_key)
    sealed = pyrage.encrypt(json.dumps(record, ensure_ascii=False).encode(), [recipient])
    line = b"\n" + base64.b64encode(sealed) + b"\n"
    while True:
        fd = os.open(inbox_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            # Shared: appenders do not wait for each other, only for a fold taking the file.
            fcntl.flock(fd, fcntl.LOCK_SH)
            if _still_the_inbox(fd, inbox_path):
                os.fchmod(fd, 0o600)
                _write_all(fd, line)
                return
        finally:
            os.close(fd)


def read(inbox_path: Path, secret_key: str) -> Arrivals:
    """Decrypt every line in file order (an inbox, or a taken `.folding` file)."""
    import pyrage
    from pyrage import x25519

    identity = x25519.Identity.from_str(secret_key)
    try:
        data = inbox_path.read_bytes()
    except FileNotFoundError:
        return Arrivals([], 0)
    records: list[dict[str, object]] = []
    skipped = 0
    for line in data.split(b"\n"):
        if not line:
            continue
        try:
            plain = pyrage.decrypt(base64.b64decode(line, validate=True), [identity])
            record = json.loads(plain)
        except (binascii.Error, ValueError, pyrage.DecryptError):
            skipped += 1
            continue
        if isinstance(record, dict):
            records.append(record)
        else:
            skipped += 1
    return Arrivals(records, skipped)


def take(inbox_path: Path) -> Path | None:
    """Move the inbox aside for a fold and return where it went (None when there is none).

    Waits for appenders already writing to it; later ones start a fresh inbox.
    After folding, the caller removes the returned file.
    """
    taken = inbox_path.with_name(
        f"{inbox_path.name}.{time.time_ns():020d}-{os.urandom(4).hex()}{FOLDING_SUFFIX}"
    )
    try:
        os.rename(inbox_path, taken)
    except FileNotFoundError:
        return None
    fd = os.open(taken, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    finally:
        os.close(fd)
    return taken


def leftover_folding(inbox_path: Path) -> list[Path]:
    """Inboxes taken by a fold that was killed before it finished, oldest first."""
    pattern = f"{inbox_path.name}.*{FOLDING_SUFFIX}"
    return sorted(inbox_path.parent.glob(pattern))


def _still_the_inbox(fd: int, inbox_path: Path) -> bool:
    """False when a fold took this file between our open and our lock."""
    try:
        current = os.stat(inbox_path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino)


def _write_all(fd: int, data: bytes) -> None:
    written = os.write(fd, data)
    if written != len(data):
        # Only a full disk cuts a regular file's write short; the newline framing isolates it.
        raise TrustlogError("The entry could not be saved: the disk seems to be full.")

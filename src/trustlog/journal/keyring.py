"""Remembering an unlocked journal's key for the login session, the way ssh-agent does.

The raw key (never the passphrase) sits in `$XDG_RUNTIME_DIR/trustlog/`, a
per-user memory file system that is gone at logout, in a 0600 file inside a
0700 folder, with the time it runs out. Anything that does not look exactly
like what we wrote (another owner, readable by others, expired, garbled) is
removed and the journal counts as locked: asking again is the safe mistake.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

try:  # a locked capture reads the keyring: _sha256 alone is ~2 ms cheaper than hashlib
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Pythons name it differently
    from hashlib import sha256

FOLDER_NAME = "trustlog"


class _Remembered(NamedTuple):
    key: bytes
    until: float  # a POSIX timestamp: naive and aware datetimes compare alike


def remember(journal_path: Path, key: bytes, until: datetime, env: Mapping[str, str]) -> bool:
    """Keep the key until `until`; False when there is no private runtime folder to keep it in."""
    folder = _folder(env, create=True)
    if folder is None:
        return False
    record = {"journal": str(journal_path.resolve()), "until": until.timestamp(), "key": key.hex()}
    target = folder / _file_name(journal_path)
    temp = folder / f".{target.name}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, json.dumps(record).encode())
    finally:
        os.close(fd)
    os.replace(temp, target)
    return True


def recall(journal_path: Path, now: datetime, env: Mapping[str, str]) -> bytes | None:
    """The remembered key while it is still good, else None."""
    record = _read(journal_path, now, env)
    return None if record is None else record.key


def unlocked_until(journal_path: Path, now: datetime, env: Mapping[str, str]) -> datetime | None:
    """When the remembered key runs out (in `now`'s time zone), or None when locked."""
    record = _read(journal_path, now, env)
    if record is None:
        return None
    return datetime.fromtimestamp(record.until, tz=now.tzinfo)


def forget(journal_path: Path, env: Mapping[str, str]) -> None:
    """`trustlog lock`: the key is gone now (a no-op when nothing was remembered)."""
    folder = _folder(env, create=False)
    if folder is not None:
        (folder / _file_name(journal_path)).unlink(missing_ok=True)


def _read(journal_path: Path, now: datetime, env: Mapping[str, str]) -> _Remembered | None:
    folder = _folder(env, create=False)
    if folder is None:
        return None
    path = folder / _file_name(journal_path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        trusted = _private_to_us(os.fstat(fd))
        text = os.read(fd, 4096) if trusted else b""
    finally:
        os.close(fd)
    record = _parse(text, journal_path) if trusted else None
    if record is None or record.until <= now.timestamp():
        path.unlink(missing_ok=True)
        return None
    return record


def _parse(text: bytes, journal_path: Path) -> _Remembered | None:
    try:
        record = json.loads(text)
        remembered = _Remembered(bytes.fromhex(record["key"]), float(record["until"]))
        journal = record["journal"]
    except (ValueError, TypeError, KeyError):
        return None
    if len(remembered.key) != 32 or journal != str(journal_path.resolve()):
        return None
    return remembered


def _folder(env: Mapping[str, str], *, create: bool) -> Path | None:
    """`$XDG_RUNTIME_DIR/trustlog`, only while it is ours and 0700."""
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if not runtime or not Path(runtime).is_absolute() or not Path(runtime).is_dir():
        return None
    folder = Path(runtime) / FOLDER_NAME
    if create:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return None
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)
    return folder


def _private_to_us(info: os.stat_result) -> bool:
    return (
        stat.S_ISREG(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def _file_name(journal_path: Path) -> str:
    """One file per journal, named so the folder listing does not show where journals live."""
    digest = sha256(str(journal_path.resolve()).encode()).hexdigest()
    return f"{digest[:32]}.key"

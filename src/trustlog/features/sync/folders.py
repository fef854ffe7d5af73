"""The sync folder's layout: where each device writes, how its files are named, and
how a file is put there whole::

    DIR/trustlog/<journal-uuid>/<device-uuid>/00000001.batch   seq from 1
                                             /journal.identity  what `sync join` adopts

Nothing below the sync folder is followed if it is a link (the sync folder
itself may be one, to a Dropbox folder say): writing refuses a linked
`trustlog`, journal or device folder before it changes anything; reading
skips a linked device folder (`nolinks`).

A file is written to `.<name>.<pid>.tmp` in the same folder, fsync'd and
linked to its final name (renamed where the file system has no hard links),
so a final name never holds a partial file and an existing batch is never
replaced.  Files are 0600 in folders 0700 whatever the umask.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from trustlog.features.sync import nolinks
from trustlog.journal.private import fsync_folder

IDENTITY_NAME = "journal.identity"
BATCH_NAME = re.compile(r"(\d{8,})\.batch")

_TEMP_NAME = re.compile(r"\.(.+)\.(\d+)\.tmp")
_FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def device_folder(root: Path, journal_uuid: str, device_uuid: str) -> Path:
    """Where one device of one journal writes: `root/trustlog/<journal>/<device>/`."""
    for name in (journal_uuid, device_uuid):
        if not _FOLDER_NAME.fullmatch(name):
            raise ValueError(f"not a uuid: {name!r}")
    return root / "trustlog" / journal_uuid / device_uuid


def batch_path(folder: Path, seq: int) -> Path:
    return folder / f"{seq:08d}.batch"


def linked_devices(root: Path, journal_uuid: str) -> list[str]:
    """A line for each device folder that is a link: it is skipped, never followed."""
    journal = root / "trustlog" / journal_uuid
    return [
        f"Device folder {name} in the sync folder is a link; trustlog follows no links "
        "there, so it was skipped."
        for name in sorted(names(journal))
        if _FOLDER_NAME.fullmatch(name) and nolinks.is_link(journal / name)
    ]


def cleanup_temps(folder: Path) -> int:
    """Remove temp files left by a writer that was killed; return how many went."""
    removed = 0
    for name in names(folder):
        temp = _TEMP_NAME.fullmatch(name)
        if temp and not _alive(int(temp[2])):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
                removed += 1
    return removed


# -- private files ----------------------------------------------------------------------------


def private_folder(folder: Path, *, make: bool = True) -> None:
    """Make the device folder (and the `trustlog/<journal>` above it) 0700, refusing
    a link at any of those levels (`nolinks`); without `make`, only check them."""
    parts = (folder.parent.parent.name, folder.parent.name, folder.name)
    nolinks.private_folders(folder.parents[2], parts, make=make)


def check_journal_folder(root: Path, journal_uuid: str) -> None:
    """Before a join writes anything: neither `trustlog` nor the journal's folder is a link."""
    nolinks.private_folders(root, ("trustlog", journal_uuid), make=False)


def check_own(folder: Path) -> None:
    """Before anything is cleaned or written: no level of this device's folder is a link."""
    private_folder(folder, make=False)


def publish(path: Path, data: bytes, *, replace: bool) -> bool:
    """Put `data` under `path` whole or not at all; False when a batch was there."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as file:
            os.fchmod(fd, 0o600)
            file.write(data)
            file.flush()
            os.fsync(fd)
        if replace:
            os.replace(temp, path)
            published = True
        else:
            published = _link(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    fsync_folder(path.parent)
    return published


def _link(temp: Path, path: Path) -> bool:
    """Give `temp` the final name unless a file has it (a hard link never replaces)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links (FAT on a USB stick): a rename after a look
        if path.exists():
            return False
        os.rename(temp, path)
    return True


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


# -- reading folders tolerantly ---------------------------------------------------------------


def names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def subfolders(folder: Path) -> Iterator[Path]:
    for name in sorted(names(folder)):
        if _FOLDER_NAME.fullmatch(name) and nolinks.is_folder(folder / name):
            yield folder / name


def device_folders(journal: Path) -> list[Path]:
    return list(subfolders(journal))


def batch_files(folder: Path) -> list[tuple[int, Path]]:
    """The files in a device's folder named like batches, by seq (whatever they hold)."""
    found = [
        (int(match[1]), folder / name)
        for name in names(folder)
        if (match := BATCH_NAME.fullmatch(name))
    ]
    return sorted(found)

"""No link below the sync folder is followed: a link there must not make sync write,
change modes or delete anywhere else.

The sync folder itself may be a link (to a Dropbox folder, say): it is the
user's own choice.  Below it, `trustlog`, the journal's folder and each
device's folder must be real folders and each batch a real file.  Writing
opens each level with `O_NOFOLLOW | O_DIRECTORY` and changes its mode through
that descriptor, so a link put there is refused before anything is written;
reading skips a linked folder and refuses a linked batch (one line each).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from trustlog.app.errors import TrustlogError

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def linked(root: Path, below: Path) -> str:
    return (
        f"{below} in the sync folder {root} is a link or not a folder; trustlog writes only "
        "into real folders there, so nothing was written. Remove it, then sync again."
    )


def private_folders(root: Path, parts: tuple[str, ...], *, make: bool) -> None:
    """Check (and with `make`, create) each of `parts` below `root` as a real folder,
    mode 0700, never following a link."""
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        raise TrustlogError(
            f"The sync folder {root} is not there (is its drive mounted?)."
        ) from None
    try:
        for n in range(len(parts)):
            below = _open_below(fd, root, parts[: n + 1], make=make)
            os.close(fd)
            fd = below
            if fd < 0:
                return
            if make:
                os.fchmod(fd, 0o700)
    finally:
        if fd >= 0:
            os.close(fd)


def _open_below(fd: int, root: Path, parts: tuple[str, ...], *, make: bool) -> int:
    """The last of `parts`, opened in the folder `fd` without following a link; -1
    when it is not there and not to be made."""
    name = parts[-1]
    if make:
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o700, dir_fd=fd)
    try:
        return os.open(name, _FOLDER, dir_fd=fd)
    except FileNotFoundError:
        if make:
            raise
        return -1
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise TrustlogError(linked(root, Path(*parts))) from None
        raise TrustlogError(f"Cannot open {root / Path(*parts)}: {error.strerror}.") from None


def is_folder(path: Path) -> bool:
    """A real folder, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def is_file(path: Path) -> bool:
    """A real file, not a link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


#: The largest batch read: 1 GiB.  A batch of 10,000 changes is 3.5 MB (sealed or
#: not, notes of everyday length), so a 1.1M-entry journal's first batch is about
#: 370 MiB; a bigger file is no batch trustlog wrote, and is not read at all.
BATCH_MAX = 1 << 30
#: The largest identity read: one is under 2 KB.
IDENTITY_MAX = 1 << 20


def read_bytes(path: Path, limit: int = BATCH_MAX) -> bytes | None:
    """A file's bytes (None: not there), refusing a link, or a file over `limit`
    (its size from the opened file, before any of it is read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise TrustlogError(
                f"{path.name} from device {path.parent.name} is a link; trustlog follows no "
                "links in the sync folder, so it was not taken."
            ) from None
        raise TrustlogError(f"Cannot read {path}: {error.strerror}.") from None
    with os.fdopen(fd, "rb") as file:
        facts = os.fstat(fd)
        if not stat.S_ISREG(facts.st_mode):
            raise TrustlogError(
                f"{path.name} from device {path.parent.name} is not a file; it was not taken."
            )
        if facts.st_size > limit:
            raise TrustlogError(
                f"{path.name} from device {path.parent.name} is {_size(facts.st_size)}, larger "
                f"than any trustlog writes ({_size(limit)}); it was not read."
            )
        return file.read(limit + 1)


def _size(count: int) -> str:
    return f"{count / 2**30:.1f} GiB" if count >= 2**30 else f"{count / 2**20:.1f} MiB"

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


def read_bytes(path: Path) -> bytes | None:
    """A file's bytes (None: not there), refusing a link."""
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
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise TrustlogError(
                f"{path.name} from device {path.parent.name} is not a file; it was not taken."
            )
        return file.read()

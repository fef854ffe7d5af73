"""Private files whatever the umask: folders 0700, files 0600, and a word when they are not.

Journals hold what hurt most, so trustlog sets modes itself instead of trusting
the umask (under `umask 000` a plain `mkdir -p` makes world-writable folders),
reports a journal that others can read, and refuses one that someone else owns.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from trustlog.app.errors import BadInput, TrustlogError

FOLDER_MODE = 0o700
FILE_MODE = 0o600
#: Bits that let anyone but the owner in.
OTHERS = 0o077
FIX_HINT = "`trustlog doctor --fix` makes it private."
FULL_DISK = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
DENIED = (errno.EACCES, errno.EPERM)


def write_error(error: OSError, path: Path) -> TrustlogError:
    """One clear line for a failed write; nothing was left at `path`."""
    code = error.errno
    if code == errno.ENAMETOOLONG:
        return BadInput(f"The file name is too long: {path}.")
    if code in FULL_DISK:
        return TrustlogError(f"The disk is full; nothing was written to {path}.")
    if code in DENIED:
        return TrustlogError(
            f"trustlog is not allowed to write in {path.parent} (permission denied); "
            f"nothing was written to {path}."
        )
    if code == errno.EROFS:
        return TrustlogError(
            f"{path.parent} is on read-only storage; nothing was written to {path}."
        )
    return TrustlogError(f"Could not write {path}: {error.strerror or error}.")


def make_private_dir(path: Path) -> None:
    """Create every missing folder up to `path` as 0700; folders already there are left alone.

    The mode given to mkdir is already 0700, so whatever the umask takes away the
    folder is never more open than that, and the chmod after it adds back only
    the owner's bits a strange umask removed.
    """
    missing: list[Path] = []
    folder = path
    while not _exists(folder):
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, FOLDER_MODE)
        except FileExistsError:
            continue  # made a moment ago by another trustlog: theirs, as it is
        os.chmod(folder, FOLDER_MODE)


def _exists(path: Path) -> bool:
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    return True


def temp_name(path: Path, pid: int | None = None) -> Path:
    """The hidden name a file is written under before it is renamed into place."""
    return path.with_name(f".{path.name}.{os.getpid() if pid is None else pid}.tmp")


def create_temp(path: Path) -> int:
    """Create this process's temp file for `path`, 0600, and return its descriptor.

    A temp already carrying our process id was left by a killed process that
    had the same id (we are alive, so no live writer can own it): it is replaced.
    """
    temp = temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(temp, flags, FILE_MODE)
    except FileExistsError:
        temp.unlink()
        fd = os.open(temp, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return fd


def fsync_path(path: Path, flags: int = 0) -> None:
    """Flush a file, or a folder's entries (`os.O_DIRECTORY`), to the disk."""
    fd = os.open(path, os.O_RDONLY | flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """A rename or a link lasts a crash once its folder is flushed; a file system
    that cannot flush a folder (some network ones) is let be."""
    with suppress(OSError):
        fsync_path(folder, os.O_DIRECTORY)


def write_private(path: Path, data: bytes) -> None:
    """Write `path` as 0600 in 0700 folders, whole or not at all (temp, fsync, rename)."""
    temp = temp_name(path)
    try:
        make_private_dir(path.parent)
        fd = create_temp(path)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise write_error(error, path) from None


def _others_can(mode: int) -> tuple[bool, bool]:
    return bool(mode & 0o044), bool(mode & 0o022)


def _file_lines(path: Path, mode: int) -> list[str]:
    read, write = _others_can(mode)
    if read and write:
        return [f"{path} can be read and changed by other users of this machine; {FIX_HINT}"]
    if read:
        return [f"{path} can be read by other users of this machine; {FIX_HINT}"]
    if write:
        return [f"{path} can be changed by other users of this machine; {FIX_HINT}"]
    return []


def _folder_lines(folder: Path, mode: int, listed: bool) -> list[str]:
    read, write = _others_can(mode)
    read = read and listed
    if write:
        return [
            f"The folder {folder} lets other users of this machine replace the files in it; "
            + FIX_HINT
        ]
    if read:
        return [f"The folder {folder} can be listed by other users of this machine; {FIX_HINT}"]
    return []


def exposure(path: Path, *, listed: bool = True) -> list[str]:
    """Lines for a journal or inbox (or its WAL, or its folder) that others can get at.

    `listed` False leaves out a folder others can only list (names, not notes).
    """
    lines: list[str] = []
    for part in (path, Path(f"{path}-wal")):
        try:
            mode = os.stat(part).st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode):
            lines += _file_lines(part, mode)
    folder = path.parent if not path.is_dir() else path
    with suppress(OSError):
        lines += _folder_lines(folder, os.stat(folder).st_mode, listed)
    return lines


def owned_by_someone_else(path: Path) -> bool:
    """True when `path` exists and belongs to another user (a journal never to be used)."""
    try:
        return os.stat(path).st_uid != os.geteuid()
    except OSError:
        return False


def tighten(paths: Iterable[Path]) -> list[str]:
    """Make files 0600 and folders 0700 (ours only, links left alone); say what changed."""
    done: list[str] = []
    for path in paths:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        wanted = FOLDER_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
        old = stat.S_IMODE(info.st_mode)
        if stat.S_ISLNK(info.st_mode) or not old & OTHERS:
            continue
        if info.st_uid != os.geteuid():
            done.append(f"{path} belongs to another user, so it was left as it is.")
            continue
        try:
            os.chmod(path, wanted)
        except OSError as error:
            done.append(f"{path} could not be made private: {error.strerror}.")
            continue
        done.append(f"{path} is now private ({old:04o} → {wanted:04o}).")
    return done


SQLITE_HEADER = b"SQLite format 3\x00"


def read_header(path: Path) -> bytes:
    """The first 16 bytes of a file: enough to tell SQLite from anything else."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise TrustlogError(f"Could not read {path}: {error.strerror}.") from None


def same_file(a: Path, b: Path) -> bool:
    """True when `a` and `b` are the same file (links and relative paths seen through)."""
    try:
        return a.exists() and b.exists() and a.resolve().samefile(b.resolve())
    except OSError:
        return False

"""Files users point trustlog at (`export -o`, `--svg`, `backup PATH`), written safely.

A path is judged with `stat` alone before anything is opened, so a FIFO or a
`>(…)` pipe can never make trustlog hang, and a device is never replaced.
Every file is written to a hidden temp name in the same folder, synced and
renamed: a killed command leaves no partial file at the target, only a temp
that the next run removes once its writer is gone.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.journal.leftovers import SIDE_FILES, TEMP_NAME, clean_stale_temps, remove_temp
from trustlog.journal.private import (
    FILE_MODE,
    FULL_DISK,
    create_temp,
    fsync_folder,
    fsync_path,
    temp_name,
    write_error,
)

STDOUT = "-"
SQLITE_HEADER = b"SQLite format 3\x00"
#: Errors of `link` that mean "this file system has no hard links", not "taken".
_NO_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS)


def _lstat(path: Path) -> os.stat_result | None:
    """`lstat`, with the failures a user can fix said in one line."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise BadInput(f"The file name is too long: {path}.") from None
        if error.errno == errno.ENOTDIR:
            raise BadInput(
                f"{path} cannot be written: part of it is a file, not a folder."
            ) from None
        if error.errno in (errno.EACCES, errno.EPERM):
            raise TrustlogError(
                f"trustlog is not allowed to look in {path.parent} (permission denied)."
            ) from None
        raise TrustlogError(f"Could not use {path}: {error.strerror}.") from None


def _stat_through_links(path: Path, info: os.stat_result) -> os.stat_result:
    if not stat.S_ISLNK(info.st_mode):
        return info
    try:
        return os.stat(path)
    except OSError:
        return info  # a dangling link: the rename replaces the link itself


#: Files trustlog keeps beside a journal: its public key, a locked journal's inbox
#: of sealed captures, the lock that orders writers.  Never a target of `-o`.
OWN_FILES = (".pub", ".inbox", ".lock")


def _journal_parts(journal: Path) -> set[Path]:
    home = journal.expanduser().resolve()
    return {home, *(Path(f"{home}{side}") for side in (*SIDE_FILES, *OWN_FILES))}


def _is_sqlite(path: Path) -> bool:
    """Read 16 bytes of a regular file; O_NONBLOCK so a file swapped for a FIFO cannot hang us."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, 16) == SQLITE_HEADER
    finally:
        os.close(fd)


def _refuse_journal(path: Path, journal: Path | None) -> None:
    if journal is not None and path.expanduser().resolve() in _journal_parts(journal):
        raise TrustlogError(f"{path} is part of your journal; choose another file to write.")
    if _is_sqlite(path):
        raise TrustlogError(
            f"{path} is an SQLite database (a journal or a backup?), so it was left as it is; "
            "choose another file to write."
        )


def _check_folder(path: Path) -> None:
    folder = path.parent
    info = _lstat(folder)
    if info is None:
        raise BadInput(f"The folder {folder} does not exist; nothing was written.")
    if not stat.S_ISDIR(_stat_through_links(folder, info).st_mode):
        raise BadInput(f"{folder} is not a folder; nothing was written.")


def check_target(path_text: str, *, journal: Path | None) -> Path:
    """The file `path_text` names, once it is certain trustlog may replace it (exit 2 if not)."""
    if path_text.strip() == "":
        raise BadInput("The file name is empty; name a file to write, or - for the screen.")
    path = Path(path_text).expanduser()
    info = _lstat(path)
    if path_text.endswith(("/", "/.")) or path.name in ("", ".", ".."):
        raise BadInput(f"{path_text} is a folder; name a file to write.")
    if info is None:
        _check_folder(path)
        _refuse_journal(path, journal)
        return path
    mode = _stat_through_links(path, info).st_mode
    if stat.S_ISDIR(mode):
        raise BadInput(f"{path} is a folder; name a file to write inside it.")
    if not stat.S_ISREG(mode):
        raise BadInput(
            f"{path} is not a regular file (a device, a pipe or a socket), so it was left as it "
            "is; name a file to write, or - for the screen."
        )
    _refuse_journal(path, journal)
    return path


def _link_into_place(temp: Path, path: Path) -> None:
    """Rename without ever replacing: `link` fails when the name is taken."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise TrustlogError(f"{path} already exists; it was left as it is.") from None
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        if _lstat(path) is not None:
            raise TrustlogError(f"{path} already exists; it was left as it is.") from None
        os.replace(temp, path)  # a file system without hard links (FAT on a USB stick)
        return
    temp.unlink()


@dataclass
class OutputTarget:
    """Where one output goes: a file written whole or not at all, or stdout (`path` None).

    `replace` False (backups) never replaces an existing file, even one that
    appears while writing.  Used as a context manager it gives a text handle.
    """

    path: Path | None
    replace: bool = True
    _text: AbstractContextManager[IO[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def is_stdout(self) -> bool:
        return self.path is None

    def _commit(self, temp: Path, path: Path) -> None:
        try:
            fsync_path(temp, os.O_NOFOLLOW)
            if self.replace:
                os.replace(temp, path)
            else:
                _link_into_place(temp, path)
        except OSError as error:
            raise write_error(error, path) from None
        fsync_folder(path.parent)

    @contextmanager
    def file(self) -> Iterator[Path]:
        """A temp path (0600, empty) to fill, e.g. with the SQLite backup API; then renamed."""
        path = self._file_path()
        temp = temp_name(path)
        try:
            clean_stale_temps(path.parent, path.name)
            os.close(create_temp(path))
        except OSError as error:
            raise write_error(error, path) from None
        try:
            yield temp
            self._commit(temp, path)
        except OSError as error:
            remove_temp(temp)
            if error.errno in FULL_DISK:
                raise write_error(error, path) from None
            raise
        except BaseException:
            remove_temp(temp)
            raise

    @contextmanager
    def binary(self) -> Iterator[IO[bytes]]:
        """A byte stream to the target (stdout's buffer for `-`)."""
        if self.path is None:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
            return
        with self.file() as temp, open(temp, "wb") as handle:
            yield handle

    @contextmanager
    def text(self, encoding: str = "utf-8", newline: str | None = "") -> Iterator[IO[str]]:
        """A text stream to the target (stdout itself for `-`)."""
        if self.path is None:
            yield sys.stdout
            sys.stdout.flush()
            return
        with self.file() as temp, open(temp, "w", encoding=encoding, newline=newline) as handle:
            yield handle

    def _file_path(self) -> Path:
        if self.path is None:
            raise BadInput("This output cannot go to the screen; name a file to write.")
        return self.path

    def __enter__(self) -> IO[str]:
        self._text = self.text()
        return self._text.__enter__()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> bool | None:
        assert self._text is not None
        text, self._text = self._text, None
        return text.__exit__(kind, error, trace)


def open_output(path_text: str, *, journal: Path) -> OutputTarget:
    """Judge `-o PATH` before any work is done: `-` is stdout; bad paths exit 2 here."""
    if path_text == STDOUT:
        return OutputTarget(None)
    return OutputTarget(check_target(path_text, journal=journal))


#: The name `backup` gives its dated copies: `trustlog-20261125-203000Z.db`.
BACKUP_STEM = "trustlog"


def dated_backups(folder: Path) -> list[Path]:
    """The dated copies `backup` made in `folder`, oldest first."""
    return sorted(folder.glob(f"{BACKUP_STEM}-*Z*.db"))


def _stamp(now: datetime) -> str:
    """UTC in the name: the hour a clock falls back happens once, and names sort by time."""
    return f"{now.astimezone(UTC):%Y%m%d-%H%M%S}Z"


def _taken(folder: Path, name: str) -> bool:
    if _lstat(folder / name) is not None:
        return True
    return any(
        TEMP_NAME.match(entry) and entry.startswith(f".{name}.") for entry in os.listdir(folder)
    )


def _reserve(folder: Path, stem: str, now: datetime) -> Path:
    """A dated name nobody uses; its temp, made at once with O_EXCL, holds it for us."""
    base = f"{stem}-{_stamp(now)}"
    for count in range(1, 10_000):
        name = f"{base}.db" if count == 1 else f"{base}-{count}.db"
        if _taken(folder, name):
            continue
        path = folder / name
        try:
            fd = os.open(
                temp_name(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE
            )
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise TrustlogError(f"{folder} already holds too many backups from this very second.")


def backup_target(
    path_text: str | None,
    *,
    default_folder: Path,
    now: datetime,
    stem: str = BACKUP_STEM,
    journal: Path | None = None,
) -> Path:
    """Where `backup [PATH]` writes: a folder gets a new dated file; a file must be new."""
    if path_text == STDOUT:
        raise BadInput("A backup is a file; name a file or a folder, not -.")
    if path_text is None:
        folder = default_folder
    else:
        path = Path(path_text).expanduser()
        info = _lstat(path) if path_text.strip() else None
        if info is None or not stat.S_ISDIR(_stat_through_links(path, info).st_mode):
            target = check_target(path_text, journal=journal)
            if _lstat(target) is not None:
                raise TrustlogError(f"{target} already exists; it was left as it is.")
            return target
        folder = path
    clean_stale_temps(folder)
    try:
        return _reserve(folder, stem, now)
    except OSError as error:
        raise write_error(error, folder / f"{stem}-{_stamp(now)}.db") from None

"""Private files: folders 0700, files 0600, written whole or not at all.

And the one rule for files trustlog writes where the user points it: never
over a journal or any SQLite database.
"""

from __future__ import annotations

import os
from pathlib import Path

from trustlog.app.errors import TrustlogError

SQLITE_HEADER = b"SQLite format 3\x00"


def make_private_dir(folder: Path) -> None:
    """Folders we create are readable by their owner only (0700)."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def write_private(path: Path, text: str) -> None:
    """Write a file 0600 in a 0700 folder (made if need be), whole or not at all."""
    try:
        make_private_dir(path.parent)
    except OSError as error:
        raise TrustlogError(f"Could not write {path}: {error.strerror}.") from None
    replace_private(path, text)


def replace_private(path: Path, text: str) -> None:
    """Write a file 0600 in an existing folder, atomically: a crash never leaves half."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise TrustlogError(f"Could not write {path}: {error.strerror}.") from None


def read_header(path: Path) -> bytes:
    """The first 16 bytes of a file: enough to tell SQLite from anything else."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise TrustlogError(f"Could not read {path}: {error.strerror}.") from None


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.resolve().samefile(b.resolve())
    except OSError:
        return False


def check_output(path: Path, journal: Path) -> None:
    """A file we write (an export, an SVG) must never replace a journal.

    Not this journal, nor its WAL or shared-memory files, nor any SQLite
    database (a backup, a partner's journal); other files are replaced as a
    shell's `>` would.
    """
    target = path.expanduser().resolve()
    home = journal.expanduser().resolve()
    parts = (home, Path(f"{home}-wal"), Path(f"{home}-shm"), Path(f"{home}-journal"))
    if target in parts or same_file(path, journal):
        raise TrustlogError(f"{path} is part of your journal; choose another file to write.")
    try:
        header = read_header(path)
    except TrustlogError:
        return  # not there yet (or unreadable: the write itself will say so)
    if header == SQLITE_HEADER:
        raise TrustlogError(
            f"{path} is an SQLite database (a journal or a backup?), so it was left as it is; "
            "choose another file to write."
        )

"""Cheap signs that a journal file is damaged, checked before anything is written into it.

SQLite notices little on open: a file cut inside its last page opens and takes
writes, which bury the damage deeper.  So before a write trustlog reads the
100-byte header and the file's size (never the whole file) and refuses when
they cannot belong to a whole database.  A reason is given only when the
damage is certain: pages that a live write-ahead log or a rollback journal
beside the file may still supply are not counted as missing (another process
can be halfway through a checkpoint while we look).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import NamedTuple

from trustlog.app.errors import TrustlogError

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
#: A WAL file starts with a 32-byte header; each frame is a 24-byte header and one page.
WAL_HEADER_SIZE = 32
WAL_FRAME_HEADER_SIZE = 24
WAL_MAGICS = (0x377F0682, 0x377F0683)
WAL_FORMAT = 3007000
#: Payload fractions every SQLite version writes and requires (header bytes 21-23).
PAYLOAD_FRACTIONS = (64, 32, 32)
MIN_USABLE_SIZE = 480


class Header(NamedTuple):
    """The fields of the database header that say how big the file must be."""

    page_size: int
    write_version: int
    read_version: int
    reserved: int
    fractions: tuple[int, int, int]
    change_counter: int
    pages: int
    version_valid_for: int

    @property
    def size_is_valid(self) -> bool:
        """The in-header page count is trusted only when written by the last change."""
        return self.pages > 0 and self.change_counter == self.version_valid_for


def parse_header(data: bytes) -> Header:
    """Read the fields at their documented offsets (all big-endian)."""
    raw_page_size, write_version, read_version, reserved = struct.unpack_from(">HBBB", data, 16)
    fractions = struct.unpack_from(">BBB", data, 21)
    change_counter, pages = struct.unpack_from(">II", data, 24)
    (version_valid_for,) = struct.unpack_from(">I", data, 92)
    return Header(
        page_size=65536 if raw_page_size == 1 else raw_page_size,
        write_version=write_version,
        read_version=read_version,
        reserved=reserved,
        fractions=(fractions[0], fractions[1], fractions[2]),
        change_counter=change_counter,
        pages=pages,
        version_valid_for=version_valid_for,
    )


def impossible_fields(header: Header) -> str | None:
    """Fields no SQLite ever writes: the header itself was overwritten."""
    size = header.page_size
    if size < 512 or size > 65536 or size & (size - 1):
        return f"its header gives an impossible page size ({size})"
    if header.write_version not in (1, 2) or header.read_version not in (1, 2):
        return (
            "its header gives impossible file format numbers "
            f"({header.write_version} and {header.read_version})"
        )
    if header.fractions != PAYLOAD_FRACTIONS:
        return "its header gives impossible payload fractions"
    if size - header.reserved < MIN_USABLE_SIZE:
        return f"its header reserves an impossible {header.reserved} bytes per page"
    return None


def _read_start(path: Path, count: int) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(count)
    except OSError:
        return None


def wal_frames(path: Path, page_size: int) -> int:
    """How many pages the write-ahead log beside `path` could supply (an upper bound)."""
    wal = Path(f"{path}-wal")
    try:
        size = wal.stat().st_size
    except OSError:
        return 0
    if size <= WAL_HEADER_SIZE:
        return 0
    start = _read_start(wal, WAL_HEADER_SIZE)
    if start is None or len(start) < WAL_HEADER_SIZE:
        return 0
    magic, version, wal_page_size = struct.unpack_from(">III", start, 0)
    if magic not in WAL_MAGICS or version != WAL_FORMAT or wal_page_size != page_size:
        return 0  # SQLite ignores such a log, so it supplies nothing
    return (size - WAL_HEADER_SIZE) // (page_size + WAL_FRAME_HEADER_SIZE)


def _hot_journal(path: Path) -> bool:
    """A rollback journal left by a crash: SQLite will put the file back from it."""
    try:
        return Path(f"{path}-journal").stat().st_size > 0
    except OSError:
        return False


def missing_pages(header: Header, size: int) -> int:
    """Pages the header (or a partly written last page) says should be there and are not."""
    page = header.page_size
    expected = -(-size // page) * page  # the last page, whole
    if header.size_is_valid:
        expected = max(expected, header.pages * page)
    return -(-(expected - size) // page)


def _size_reason(header: Header, size: int) -> str:
    page = header.page_size
    if header.size_is_valid and header.pages * page > size:
        return (
            f"it is cut short: its header counts {header.pages} pages of {page} bytes, "
            f"{header.pages * page:,} bytes in all, but the file holds {size:,}"
        )
    return f"its size ({size} bytes) is not a whole number of its {page}-byte pages"


def _start_damage(data: bytes) -> str | None:
    if not data or not data.startswith(SQLITE_HEADER[: len(data)]):
        return "it does not begin with SQLite's header"
    if len(data) < HEADER_SIZE:
        return f"it is cut short inside its header ({len(data)} of {HEADER_SIZE} bytes)"
    return None


def _size_damage(path: Path, header: Header, size: int) -> str | None:
    if _hot_journal(path):
        return None  # a crash mid-write: SQLite restores the size from the journal
    missing = missing_pages(header, size)
    if missing and missing > wal_frames(path, header.page_size):
        return _size_reason(header, size)
    return None


def check_header(path: Path, *, not_sqlite_ok: bool = False) -> str | None:
    """Why `path` is certainly damaged, or None when it may be whole (or is empty or absent).

    `not_sqlite_ok`: a file that is not SQLite at all is not called damaged (the
    caller says what it is instead).
    """
    try:
        size = path.stat().st_size
    except OSError:
        return None  # absent or unreadable: opening it says so in its own words
    data = _read_start(path, HEADER_SIZE) if size else b""
    if not data:
        return None  # a journal not created yet (or unreadable)
    reason = _start_damage(data)
    if reason is not None:
        return None if not_sqlite_ok and not data.startswith(SQLITE_HEADER) else reason
    header = parse_header(data)
    return impossible_fields(header) or _size_damage(path, header, size)


def refuse_if_damaged(path: Path, *, not_sqlite_ok: bool = False) -> None:
    """Stop a write into a damaged journal (exit 1), leaving the file exactly as it is."""
    reason = check_header(path, not_sqlite_ok=not_sqlite_ok)
    if reason is not None:
        raise TrustlogError(
            f"{path} looks damaged ({reason}), so nothing was written to it. "
            "Keep a copy of it before trying anything else; `trustlog doctor` can say more."
        )

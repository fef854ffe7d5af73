"""A damaged journal is recognised from its header and size before anything is written."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from pathlib import Path

import pytest

from trustlog.app.errors import TrustlogError
from trustlog.journal.damage import check_header, refuse_if_damaged, wal_frames

PAGE = 4096


def fill(conn: sqlite3.Connection, rows: int) -> None:
    conn.execute("BEGIN")  # one transaction: fast, and the same pages as many
    fill_rows(conn, rows)
    conn.execute("COMMIT")


def fill_rows(conn: sqlite3.Connection, rows: int) -> None:
    for i in range(rows):
        note = f"we talked about day {i} " * 6
        conn.execute(
            "INSERT INTO entries (note, day) VALUES (?, ?)", (note, f"2026-01-{i % 28 + 1:02d}")
        )
        conn.execute("INSERT INTO search (note) VALUES (?)", (note,))


def make_journal(path: Path, rows: int = 400) -> sqlite3.Connection:
    """A real WAL-mode journal of several pages, with an index and an FTS table."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, note TEXT, day TEXT)")
    conn.execute("CREATE INDEX entries_day ON entries (day)")
    conn.execute("CREATE VIRTUAL TABLE search USING fts5(note)")
    fill(conn, rows)
    return conn


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("whole") / "journal.db"
    make_journal(path).close()  # the last close checkpoints and removes the -wal
    assert not Path(f"{path}-wal").exists()
    return path


def integrity_fails(path: Path) -> bool:
    try:
        conn = sqlite3.connect(path)
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        finally:
            conn.close()
    except sqlite3.Error:
        return True


def test_every_cut_copy_that_sqlite_finds_damaged_is_refused(whole: Path, tmp_path: Path) -> None:
    data = whole.read_bytes()
    assert len(data) % PAGE == 0 and len(data) // PAGE > 10
    cuts = sorted(
        {p * PAGE + d for p in range(len(data) // PAGE) for d in (0, 1, 100, PAGE // 2, PAGE - 1)}
        | {len(data) - 1}
    )
    damaged = flagged = 0
    for cut in cuts[1:]:  # cut 0 is an empty file: a journal not created yet
        copy = tmp_path / f"cut-{cut}.db"
        copy.write_bytes(data[:cut])
        reason = check_header(copy)
        if integrity_fails(copy):
            damaged += 1
            assert reason is not None, f"a copy cut at byte {cut} fails integrity_check"
        flagged += reason is not None
    # Every cut copy is flagged: those SQLite still calls "ok" lost zeros at the end
    # of their last page or their whole content (a 1-byte file opens as empty).
    assert damaged > 100 and flagged == len(cuts) - 1


def test_the_reasons_read_plainly(whole: Path, tmp_path: Path) -> None:
    data = whole.read_bytes()
    pages = len(data) // PAGE
    copy = tmp_path / "copy.db"
    copy.write_bytes(data[: 3 * PAGE])
    assert check_header(copy) == (
        f"it is cut short: its header counts {pages} pages of 4096 bytes, "
        f"{pages * PAGE:,} bytes in all, but the file holds {3 * PAGE:,}"
    )
    copy.write_bytes(data[:50])
    assert check_header(copy) == "it is cut short inside its header (50 of 100 bytes)"
    copy.write_bytes(b"not a database at all, just words" * 200)
    assert check_header(copy) == "it does not begin with SQLite's header"


@pytest.mark.parametrize(
    ("offset", "value", "words"),
    [
        (16, b"\x03\x00", "impossible page size (768)"),
        (16, b"\x00\x00", "impossible page size (0)"),
        (18, b"\x07", "impossible file format numbers"),
        (21, b"\x50", "impossible payload fractions"),
        (16, b"\x02\x00\x02\x02\xff", "reserves an impossible 255 bytes"),
    ],
)
def test_impossible_header_fields_are_refused(
    whole: Path, tmp_path: Path, offset: int, value: bytes, words: str
) -> None:
    data = bytearray(whole.read_bytes())
    data[offset : offset + len(value)] = value
    copy = tmp_path / "copy.db"
    copy.write_bytes(bytes(data))
    reason = check_header(copy)
    assert reason is not None and words in reason


def test_whole_files_are_never_flagged(whole: Path, tmp_path: Path) -> None:
    assert check_header(whole) is None
    assert check_header(tmp_path / "absent.db") is None
    (tmp_path / "empty.db").touch()
    assert check_header(tmp_path / "empty.db") is None
    copy = tmp_path / "vacuumed.db"
    shutil.copy(whole, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("DELETE FROM entries WHERE id % 2 = 0")
    conn.execute("VACUUM")
    conn.execute(f"VACUUM INTO '{tmp_path / 'into.db'}'")
    backup = sqlite3.connect(tmp_path / "backup.db")
    conn.backup(backup)
    backup.close()
    conn.close()
    for name in ("vacuumed.db", "into.db", "backup.db"):
        assert not integrity_fails(tmp_path / name)
        assert check_header(tmp_path / name) is None, name


def test_a_live_journal_with_unchecked_wal_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    conn = make_journal(path, rows=0)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    fill(conn, 300)
    # The main file still holds what it held before the log: the header agrees.
    assert path.stat().st_size < Path(f"{path}-wal").stat().st_size
    assert wal_frames(path, PAGE) > 20
    assert check_header(path) is None
    conn.execute("DELETE FROM entries WHERE id % 3 = 0")
    conn.execute("VACUUM")  # in WAL mode: the smaller file waits in the log
    assert check_header(path) is None
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert check_header(path) is None
    conn.close()


def last_page_one(wal: bytes) -> bytes:
    frames = (len(wal) - 32) // (PAGE + 24)
    found = b""
    for frame in range(frames):
        start = 32 + frame * (PAGE + 24)
        if struct.unpack(">I", wal[start : start + 4])[0] == 1:
            found = wal[start + 24 : start + 24 + PAGE]
    return found


def test_a_checkpoint_cut_halfway_is_whole_while_its_wal_is_there(tmp_path: Path) -> None:
    """A checkpoint writes page 1 first: for a moment the header counts pages not yet copied.

    SQLite finishes the copy from the log, so that file is whole; without its log
    the same file is certainly damaged.
    """
    live = tmp_path / "live.db"
    conn = make_journal(live, rows=0)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    fill(conn, 300)
    main, wal = live.read_bytes(), Path(f"{live}-wal").read_bytes()
    conn.close()
    halfway = tmp_path / "halfway.db"
    halfway.write_bytes(last_page_one(wal) + main[PAGE:])
    Path(f"{halfway}-wal").write_bytes(wal)
    assert check_header(halfway) is None
    alone = tmp_path / "alone.db"
    alone.write_bytes(halfway.read_bytes())
    assert "cut short" in (check_header(alone) or "")
    assert integrity_fails(alone)
    assert not integrity_fails(halfway)  # SQLite replays the log


def test_a_wal_of_another_page_size_supplies_nothing(whole: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(whole.read_bytes()[: 2 * PAGE])
    Path(f"{copy}-wal").write_bytes(b"\x00" * 32 + b"\x00" * 100 * PAGE)
    assert wal_frames(copy, PAGE) == 0
    assert check_header(copy) is not None


def test_a_crash_with_a_rollback_journal_beside_is_not_judged(whole: Path, tmp_path: Path) -> None:
    """SQLite puts the file back from a hot rollback journal, whatever its size now."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(whole.read_bytes()[: 2 * PAGE + 9])
    assert check_header(copy) is not None
    Path(f"{copy}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(504))
    assert check_header(copy) is None
    Path(f"{copy}-journal").write_bytes(b"")  # an empty journal is a finished transaction
    assert check_header(copy) is not None


def test_refusing_leaves_the_file_exactly_as_it_was(whole: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(whole.read_bytes()[: 5 * PAGE + 17])
    before = copy.read_bytes()
    with pytest.raises(TrustlogError) as caught:
        refuse_if_damaged(copy)
    assert caught.value.exit_code == 1
    assert "looks damaged" in caught.value.message and "nothing was written" in caught.value.message
    assert copy.read_bytes() == before
    refuse_if_damaged(whole)  # a whole journal passes

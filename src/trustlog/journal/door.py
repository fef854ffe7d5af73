"""The journal file: the only module that speaks SQL.

Opening is on the hot path of every capture, so a current journal is opened
with the standard library alone; sqlite-utils is imported only to create or
migrate one.  Every write runs in one ``BEGIN IMMEDIATE`` transaction in WAL
mode with a busy timeout: a cron reminder, a check-in and two captures at
the same moment wait their turn instead of failing, and a killed process
leaves all of its writes or none.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustlog.app.errors import Conflict, NotATrustlogJournal, TrustlogError
from trustlog.core.models import Entry, NewEntry
from trustlog.journal import guard
from trustlog.journal.ids import new_identity, new_uuid
from trustlog.journal.private import SQLITE_HEADER, make_private_dir, read_header
from trustlog.journal.refusals import backup_hint, foreign, open_failure
from trustlog.journal.schema import APPLICATION_ID, ENTRY_COLUMNS, SCHEMA_VERSION, entry_from_row
from trustlog.journal.watch import read_identity, stamp_schema

if TYPE_CHECKING:
    from trustlog.app.clock import Clock

BUSY_TIMEOUT_SECONDS = 30.0


def dict_rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """A query's rows as plain dicts keyed by column name."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _locked_connection(path: Path, key: bytes) -> sqlite3.Connection:
    """A locked journal opened with its raw key, set up like a plain one."""
    from trustlog.journal import cipher

    conn = cipher.connect(path, key)
    conn.isolation_level = None
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    return conn


def _nothing_there(path: Path) -> bool:
    """No journal yet: no file, or an empty one."""
    return not path.exists() or path.stat().st_size == 0


class Journal:
    """An open journal.  Build one with `Journal.open` or `Journal.existing`."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, clock: Clock, *, exists: bool = True
    ) -> None:
        self.path = path
        self.conn = conn
        self.clock = clock
        #: A locked journal's raw key (None for a plain one): its backups are locked too.
        self.key: bytes | None = None
        #: False for the empty stand-in of a journal not created yet.
        self.exists = exists
        #: True when opened read-only (the file or its folder cannot be written).
        self.read_only = False

    def stamp(self) -> str:
        """Now, as stored in `recorded_at` and `changed_at`."""
        return self.clock.stamp()

    # -- opening ---------------------------------------------------------

    @classmethod
    def existing(cls, path: Path, clock: Clock, key: bytes | None = None) -> Journal | None:
        """Open for reading; None when there is no journal yet (nothing is created)."""
        if _nothing_there(path):
            return None
        return cls._connect(path, clock, owner_name=None, key=key)

    @classmethod
    def open(cls, path: Path, clock: Clock, owner_name: str, key: bytes | None = None) -> Journal:
        """Open for writing, creating the journal (0600 in a 0700 folder) if needed."""
        if not path.exists():
            try:
                make_private_dir(path.parent)
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                if not path.is_file():
                    raise TrustlogError(
                        f"Could not create {path}: something else is there."
                    ) from None
                # else another process created it a moment ago: open theirs
            except OSError as error:
                raise TrustlogError(f"Could not create {path}: {error.strerror}.") from None
        return cls._connect(path, clock, owner_name=owner_name, key=key)

    @classmethod
    def _connect(
        cls, path: Path, clock: Clock, owner_name: str | None, key: bytes | None = None
    ) -> Journal:
        """Open `path`; a writer (`owner_name` given) also creates or upgrades the schema."""
        if key is not None:
            conn = _locked_connection(path, key)
        elif cls._check_header(path) and owner_name is not None:
            with suppress(OSError):  # an empty file we take over becomes private too
                path.chmod(0o600)
        read_only = owner_name is None and not guard.writable(path)
        try:
            if key is None:
                conn = guard.connect_file(path, read_only, BUSY_TIMEOUT_SECONDS)
        except sqlite3.Error as error:
            raise TrustlogError(f"Could not open {path}: {error}.") from None
        journal = cls(path, conn, clock)
        journal.key = key
        journal.read_only = read_only
        try:
            return journal._settle(owner_name)
        except BaseException as error:
            conn.close()
            failure = open_failure(path, error)
            if failure is None:
                raise
            raise failure from None

    def _settle(self, owner_name: str | None) -> Journal:
        """Self with a current schema, or the empty stand-in a reader gets for a blank file."""
        identity = read_identity(self.conn)
        app_id, version = identity.application_id, identity.user_version
        if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
            return self._watched(identity.schema_unchanged)
        if app_id not in (0, APPLICATION_ID):
            raise foreign(self.path)
        if version > SCHEMA_VERSION and app_id == APPLICATION_ID:
            raise TrustlogError(
                f"{self.path} was written by a newer trustlog; please upgrade trustlog to open it."
            )
        if owner_name is None and app_id == 0:
            if self._has_tables():
                raise foreign(self.path, self.conn)
            self.conn.close()
            return self.empty(self.path, self.clock)
        self._migrate(owner_name or "me")
        return self

    def _watched(self, unchanged: bool) -> Journal:
        """Self, once a schema another program changed is repaired (or refused)."""
        if not unchanged:
            from trustlog.journal.upkeep import settle_schema

            settle_schema(self.conn, self.path, writable=not self.read_only)
        return self

    @classmethod
    def empty(cls, path: Path, clock: Clock) -> Journal:
        """An in-memory empty journal, for reading a file that holds nothing yet."""
        conn = sqlite3.connect(":memory:", isolation_level=None)
        journal = cls(path, conn, clock, exists=False)
        journal._migrate("me")
        return journal

    @staticmethod
    def _check_header(path: Path) -> bool:
        """Refuse a file that is not SQLite; True when the file is still empty."""
        header = read_header(path)
        if header and header != SQLITE_HEADER:
            raise NotATrustlogJournal(
                f"{path} is not a trustlog journal (it is not an SQLite database). "
                + backup_hint(path)
            )
        return not header

    def _identity(self) -> tuple[int, int]:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        return int(app_id), int(version)

    def _has_tables(self) -> bool:
        row = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return bool(row[0])

    def _migrate(self, owner_name: str) -> None:
        """Create or upgrade the schema inside one exclusive transaction."""
        from sqlite_utils import Database

        from trustlog.journal import migrations

        conn = self.conn
        if self._identity()[0] == 0 and not self._has_tables():
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            app_id, version = self._identity()
            if app_id == 0 and self._has_tables():
                raise foreign(self.path, conn)
            if version != SCHEMA_VERSION:
                db = Database(conn, execute_plugins=False)
                migrations.apply(db)
                applied = len(migrations.migrations.applied(db))
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={applied}")
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES "
                "('owner_uuid', ?), ('owner_name', ?), ('created_at', ?)",
                (new_identity(), owner_name, self.stamp()),
            )
            stamp_schema(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One exclusive transaction: all of it is saved, or none of it."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            # With the write lock held, read the schema again: after another
            # process's VACUUM (a purge's scrub) SQLite 3.40 may otherwise run the
            # first INSERT against a stale schema, "no such table: entries", and
            # the capture was lost (found by a review; tests/test_store.py).
            self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
            try:
                yield self.conn
            except sqlite3.IntegrityError as error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise Conflict(f"Another change came first ({error}); nothing was saved.") from None
            except BaseException:
                if self.conn.in_transaction:  # SQLite may have rolled back already
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if guard.disk_full(self.path, error):
                raise TrustlogError(
                    f"The disk is full, so nothing was saved to {self.path}; "
                    "free some space and try again."
                ) from None
            if "readonly" not in str(error) and "read-only" not in str(error):
                raise
            raise TrustlogError(
                f"{self.path} cannot be written here ({error}); nothing was saved."
            ) from None

    def copy_to(self, path: Path) -> None:
        """A consistent copy into `path`, an empty private temp file (see `journal.outputs`).

        A locked journal's copy is locked with the same key and salt.
        """
        from trustlog.journal.copies import consistent_copy

        consistent_copy(self.conn, path, None if self.key is None else (self.path, self.key))

    # -- owner -----------------------------------------------------------

    def owner(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT key, value FROM meta").fetchall()
        return {key: value for key, value in rows}

    # -- entries ---------------------------------------------------------

    def insert_entry(self, conn: sqlite3.Connection, entry: NewEntry) -> int:
        """Insert inside a `writing()` block; returns the new local id."""
        cursor = conn.execute(
            "INSERT INTO entries (uuid, kind, amount, by, day, note, tags, promise_id, "
            "injury_id, occurrence, step, recorded_at, deleted_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.uuid or new_uuid(),
                entry.kind,
                entry.amount,
                entry.by,
                entry.on.isoformat(),
                entry.note,
                " ".join(entry.tags),
                entry.promise_id,
                entry.injury_id,
                entry.occurrence.isoformat() if entry.occurrence else None,
                entry.step,
                entry.recorded_at or self.stamp(),
                entry.deleted_at,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add(self, entries: Sequence[NewEntry]) -> list[int]:
        with self.writing() as conn:
            return [self.insert_entry(conn, entry) for entry in entries]

    def entry(self, entry_id: int) -> Entry:
        row = self.conn.execute(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?", (entry_id,)
        ).fetchone()
        if row is None:
            raise TrustlogError(f"There is no entry {entry_id} in this journal.")
        return entry_from_row(row)

    def balance(self, as_of: date) -> int:
        """The balance at the end of `as_of`: whole months from `months`, the rest from `days`."""
        from trustlog.journal.months import spanned, spans

        row = self.conn.execute(
            f"SELECT coalesce(sum(net), 0) FROM ({spanned('net')})", spans(date.min, as_of)
        ).fetchone()
        return int(row[0])


@contextmanager
def open_journal(
    path: Path,
    clock: Clock,
    *,
    write: bool,
    if_missing: str | None = None,
    owner_name: str = "me",
    key_of: Callable[[], bytes | None] = lambda: None,
) -> Iterator[Journal]:
    """The door: always a `Journal` (an empty stand-in when there is none yet), always closed.

    A write creates the journal (0600 in a 0700 folder) and migrates it; a read
    never creates anything.  With `if_missing`, a journal not made yet is that
    error instead (a correction has nothing to change in it), and nothing is created.
    The refusals come first, once; then a writer takes the shared writer lock
    (see `locked`) and only then asks `key_of` for a locked journal's raw key, so
    a swap by encrypt or decrypt is never seen half-way.
    """
    from trustlog.journal.locked import writer_lock

    there = guard.check_path(path)
    if if_missing is not None and _nothing_there(path):
        raise TrustlogError(if_missing)
    with ExitStack() as stack:
        if write:
            guard.check_write(path, there)
            stack.enter_context(writer_lock(path))
            journal = Journal.open(path, clock, owner_name, key_of())
        else:
            journal = Journal.existing(path, clock, key_of()) or Journal.empty(path, clock)
        stack.callback(journal.close)
        if journal.exists:
            guard.report_exposure(path)
        yield journal

"""A locked journal is one SQLCipher file that opens with its passphrase alone.

SQLCipher derives the page key from the passphrase and a random salt kept in
the file's first 16 bytes, so a backup or a synced copy needs nothing else.
We derive that same key ourselves (PBKDF2-HMAC-SHA512, SQLCipher 4's default)
so `unlock` can remember the raw key, never the passphrase, and every later
open skips the slow derivation. The passphrase itself never enters SQL text.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.journal.private import fsync_path

if TYPE_CHECKING:
    # sqlcipher3's Connection is the DB-API twin of sqlite3's (sqlite_utils.Database accepts it);
    # it ships no type hints, so it is typed as the standard one.
    from sqlite3 import Connection

SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
#: SQLCipher 4's default key derivation; tests check both against the bundled library.
KDF_HASH = "sha512"
KDF_ITERATIONS = 256_000

WRONG_KEY = "That passphrase does not open this journal."
NOT_LOCKED = "This file is not a locked trustlog journal."
MISMATCH = "The new copy of the journal did not match the old one, so nothing was changed."
BUSY = (
    "The journal is open in another trustlog command, so nothing was changed. "
    "Try again when it has finished."
)

#: A check the caller adds to verify_same (say, the same sum of amounts); True when they agree.
Agreement = Callable[["Connection", "Connection"], bool]


def is_encrypted(path: Path) -> bool:
    """A cheap sniff: a non-empty file that does not start with SQLite's plain header."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


def read_salt(path: Path) -> bytes:
    """The salt SQLCipher keeps in clear as the file's first 16 bytes."""
    try:
        with path.open("rb") as file:
            salt = file.read(SALT_BYTES)
    except FileNotFoundError:
        raise TrustlogError(NOT_LOCKED) from None
    if len(salt) < SALT_BYTES or salt == SQLITE_HEADER:
        raise TrustlogError(NOT_LOCKED)
    return salt


def derive_key(path: Path, passphrase: str) -> bytes:
    """The 32-byte key SQLCipher derives from this passphrase with this file's salt (slow)."""
    return derive(passphrase, read_salt(path))


def connect(path: Path, key: bytes, *, readonly: bool = False) -> Connection:
    """Open a locked journal with its raw key (about a millisecond); a wrong key leaves it as is."""
    from sqlcipher3 import dbapi2

    salt = read_salt(path)
    conn = _open(path, readonly=readonly)
    conn.execute(f'PRAGMA key = "{_keyspec(key, salt)}"')
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError:
        conn.close()
        raise TrustlogError(WRONG_KEY) from None
    conn.execute("PRAGMA temp_store = MEMORY")
    return cast("Connection", conn)


def keyed_new(path: Path, key: bytes, salt: bytes) -> Connection:
    """An empty file keyed like a locked journal (same key and salt): a `backup()` target,
    so a backup of a locked journal is locked too and opens with the same passphrase."""
    conn = _open(path, readonly=False)
    conn.execute(f'PRAGMA key = "{_keyspec(key, salt)}"')
    return cast("Connection", conn)


def encrypt_copy(plain_path: Path, new_path: Path, passphrase: str) -> bytes:
    """Write a locked copy of a plain journal at `new_path` (0600, WAL); return its raw key.

    The plain journal is only read. `new_path` must not exist yet.
    """
    salt = os.urandom(SALT_BYTES)
    key = derive(passphrase, salt)
    _create_private(new_path)
    source = _open(plain_path, readonly=False)
    try:
        _export(source, new_path, _keyspec(key, salt))
    finally:
        source.close()
    fsync_path(new_path)
    return key


def decrypt_copy(enc_path: Path, key: bytes, new_path: Path) -> None:
    """Write a plain copy of a locked journal at `new_path` (0600, WAL; must not exist yet)."""
    _create_private(new_path)
    source = cast("Any", connect(enc_path, key))
    try:
        _export(source, new_path, "")
    finally:
        source.close()
    fsync_path(new_path)


def verify_same(old: Connection, new: Connection, also: Agreement | None = None) -> None:
    """Refuse a copy that is damaged or differs from its original in shape or row counts."""
    for conn in (old, new):
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise TrustlogError(MISMATCH)
    if _shape(old) != _shape(new):
        raise TrustlogError(MISMATCH)
    if also is not None and not also(old, new):
        raise TrustlogError(MISMATCH)


def swap_into_place(new_path: Path, old_path: Path) -> None:
    """Put the verified copy where the journal was, in one rename, then overwrite the old bytes.

    Every connection to both files must be closed first. A kill at any moment
    leaves the old journal or the new one under the journal's name, whole.
    The old file is kept open across the rename so its own blocks (not the
    new file's) are overwritten once no name points to them.
    """
    _refuse_sidecars(new_path)
    fsync_path(new_path)
    try:
        old_fd: int | None = os.open(old_path, os.O_RDWR)
    except FileNotFoundError:
        old_fd = None
    try:
        _drop_idle_sidecars(old_path)
        os.replace(new_path, old_path)
        fsync_path(old_path.parent, os.O_DIRECTORY)
        if old_fd is not None:
            _overwrite(old_fd)
    finally:
        if old_fd is not None:
            os.close(old_fd)


def rekey(conn: Connection, new_passphrase: str) -> None:
    """Change the passphrase in place (`trustlog passphrase`); the file keeps its salt.

    In WAL mode every page is rewritten into the WAL and committed at once, so
    a kill leaves a file that opens with the old passphrase or the new one.
    """
    salt = bytes.fromhex(conn.execute("PRAGMA cipher_salt").fetchone()[0])
    key = derive(new_passphrase, salt)
    if conn.execute(f'PRAGMA rekey = "{_keyspec(key, salt)}"').fetchone()[0] != "ok":
        raise TrustlogError("The passphrase could not be changed; the old one still opens it.")


def derive(passphrase: str, salt: bytes) -> bytes:
    """The raw key SQLCipher 4 derives from a passphrase and a salt (slow on purpose)."""
    if not passphrase:
        # SQLCipher reads an empty key as "no encryption at all".
        raise BadInput("A passphrase cannot be empty.")
    import hashlib  # only for the slow derivation: opening with a raw key never needs it

    secret = passphrase.encode("utf-8")
    return hashlib.pbkdf2_hmac(KDF_HASH, secret, salt, KDF_ITERATIONS, KEY_BYTES)


def _keyspec(key: bytes, salt: bytes) -> str:
    """SQLCipher's raw key with its salt: x'<64 hex key><32 hex salt>', no derivation."""
    if len(key) != KEY_BYTES or len(salt) != SALT_BYTES:
        raise ValueError("a SQLCipher raw key is 32 bytes with a 16-byte salt")
    return f"x'{key.hex()}{salt.hex()}'"


def _open(path: Path, *, readonly: bool) -> Any:
    from sqlcipher3 import dbapi2

    if readonly:
        conn = dbapi2.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = dbapi2.connect(str(path))
    # SQLCipher logs a wrong key to stderr by default ("hmac check failed").
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _export(source: Any, target: Path, keyspec: str) -> None:
    """Copy every table, index, trigger and row with sqlcipher_export, plus the header values."""
    user_version = int(source.execute("PRAGMA user_version").fetchone()[0])
    application_id = int(source.execute("PRAGMA application_id").fetchone()[0])
    source.isolation_level = None
    source.execute("ATTACH DATABASE ? AS copy KEY ?", (str(target), keyspec))
    try:
        # One write transaction: no other command can change the journal mid-copy.
        source.execute("BEGIN IMMEDIATE")
        source.execute("SELECT sqlcipher_export('copy')")
        # sqlcipher_export copies neither: the schema version drives migrations.
        source.execute(f"PRAGMA copy.user_version = {user_version}")
        source.execute(f"PRAGMA copy.application_id = {application_id}")
        source.execute("COMMIT")
        source.execute("PRAGMA copy.journal_mode = WAL").fetchone()
    finally:
        if source.in_transaction:
            source.execute("ROLLBACK")
        source.execute("DETACH DATABASE copy")


def _shape(conn: Connection) -> tuple[object, ...]:
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' "
        "ORDER BY type, name"
    ).fetchall()
    tables = [name for kind, name in rows if kind == "table"]
    quoted = ['"' + name.replace('"', '""') + '"' for name in tables]
    counts = [conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in quoted]
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    return user_version, tuple(rows), tuple(zip(tables, counts, strict=True))


def _create_private(path: Path) -> None:
    """An empty file only its owner can read, so SQLite's sidecars inherit 0600 too."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)


def _refuse_sidecars(path: Path) -> None:
    for suffix in ("-wal", "-journal"):
        sidecar = Path(f"{path}{suffix}")
        if sidecar.exists() and sidecar.stat().st_size > 0:
            raise TrustlogError(BUSY)


def _drop_idle_sidecars(path: Path) -> None:
    """An old -wal left beside the new file would be replayed into it: only empty ones go."""
    _refuse_sidecars(path)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _overwrite(fd: int) -> None:
    size = os.fstat(fd).st_size
    chunk = bytes(1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, chunk[: min(len(chunk), size - written)])
    os.fsync(fd)

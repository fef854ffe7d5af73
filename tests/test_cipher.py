"""A locked journal on disk: real SQLCipher files, the bytes read back, wrong keys, kills."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2  # type: ignore[import-untyped]

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.journal import cipher

CANARY = "CANARY-she-read-my-messages"
ROWS = 300
SRC = str(Path(__file__).resolve().parents[1] / "src")


def make_plain(path: Path, rows: int = ROWS) -> None:
    """A small journal-like plain file: a table, an FTS5 index kept by a trigger, a version."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        PRAGMA journal_mode = WAL;
        PRAGMA user_version = 7;
        CREATE TABLE entries (id INTEGER PRIMARY KEY, amount INTEGER, note TEXT);
        CREATE VIRTUAL TABLE notes USING fts5(note);
        CREATE TRIGGER entries_ai AFTER INSERT ON entries
            BEGIN INSERT INTO notes (rowid, note) VALUES (new.id, new.note); END;
        """
    )
    conn.executemany(
        "INSERT INTO entries (amount, note) VALUES (?, ?)",
        [(i % 5 - 2, f"{CANARY} {i}") for i in range(rows)],
    )
    conn.commit()
    conn.close()


def make_locked(folder: Path, passphrase: str = "blue valentines") -> tuple[Path, bytes]:
    plain = folder / "trustlog.db"
    make_plain(plain)
    new = folder / "trustlog.db.encrypting"
    key = cipher.encrypt_copy(plain, new, passphrase)
    cipher.swap_into_place(new, plain)
    return plain, key


def all_bytes(path: Path) -> bytes:
    parts = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_bundled_sqlcipher_is_the_one_we_derive_keys_for() -> None:
    conn = dbapi2.connect(":memory:")
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    assert int(conn.execute("PRAGMA cipher_default_kdf_iter").fetchone()[0]) == (
        cipher.KDF_ITERATIONS
    )
    algorithm = conn.execute("PRAGMA cipher_default_kdf_algorithm").fetchone()[0]
    assert algorithm == f"PBKDF2_HMAC_{cipher.KDF_HASH.upper()}"
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    assert "ENABLE_FTS5" in options


def test_a_locked_journal_shows_no_note_in_any_byte(tmp_path: Path) -> None:
    path, key = make_locked(tmp_path)
    assert cipher.is_encrypted(path)
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert path.stat().st_mode & 0o777 == 0o600

    conn = cipher.connect(path, key)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute("INSERT INTO entries (amount, note) VALUES (1, ?)", (f"{CANARY} in the wal",))
    conn.commit()
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0, "the new entry should sit in the WAL while it is open"
    assert Path(f"{path}-wal").stat().st_mode & 0o777 == 0o600
    raw = all_bytes(path)
    assert CANARY.encode() not in raw
    assert b"in the wal" not in raw
    conn.close()
    assert CANARY.encode() not in all_bytes(path)


def test_is_encrypted_tells_plain_from_locked(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    make_plain(plain, rows=1)
    empty = tmp_path / "empty.db"
    empty.touch()
    assert not cipher.is_encrypted(plain)
    assert not cipher.is_encrypted(empty)
    assert not cipher.is_encrypted(tmp_path / "missing.db")
    with pytest.raises(TrustlogError, match="not a locked trustlog journal"):
        cipher.derive_key(plain, "anything")


def test_a_file_locked_by_sqlcipher_itself_opens_with_the_derived_key(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    made = dbapi2.connect(str(path))
    made.execute("PRAGMA key = 'correct horse'")
    made.execute("CREATE TABLE t (x)")
    made.execute("INSERT INTO t VALUES ('kept')")
    made.commit()
    made.close()

    conn = cipher.connect(path, cipher.derive_key(path, "correct horse"), readonly=True)
    assert conn.execute("SELECT x FROM t").fetchall() == [("kept",)]
    conn.close()


def test_our_copy_opens_with_the_passphrase_alone(tmp_path: Path) -> None:
    """A backup needs nothing but the passphrase: SQLCipher's own KDF opens it."""
    path, _ = make_locked(tmp_path, "blue valentines")
    conn = dbapi2.connect(str(path))
    conn.execute("PRAGMA key = 'blue valentines'")
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == ROWS
    conn.close()


def test_a_wrong_passphrase_says_one_line_and_changes_nothing(tmp_path: Path) -> None:
    path, _ = make_locked(tmp_path)
    before = digest(path)
    names = sorted(os.listdir(tmp_path))
    with pytest.raises(TrustlogError) as caught:
        cipher.connect(path, cipher.derive_key(path, "not it"))
    assert caught.value.message == "That passphrase does not open this journal."
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == names


def test_a_wrong_passphrase_prints_nothing_on_stderr(tmp_path: Path) -> None:
    path, _ = make_locked(tmp_path)
    script = (
        "import sys; from pathlib import Path\n"
        "from trustlog.app.errors import TrustlogError\n"
        "from trustlog.journal import cipher\n"
        "p = Path(sys.argv[1])\n"
        "try:\n"
        "    cipher.connect(p, cipher.derive_key(p, 'not it'))\n"
        "except TrustlogError as e:\n"
        "    print(e.message); sys.exit(1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC}, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "That passphrase does not open this journal.\n", ""
    )  # fmt: skip


def test_an_empty_passphrase_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    make_plain(plain, rows=1)
    with pytest.raises(BadInput):
        cipher.encrypt_copy(plain, tmp_path / "new.db", "")


def test_encrypt_then_decrypt_gives_back_the_same_journal(tmp_path: Path) -> None:
    original = tmp_path / "original.db"
    make_plain(original)
    locked = tmp_path / "locked.db"
    key = cipher.encrypt_copy(original, locked, "pw one")
    back = tmp_path / "back.db"
    cipher.decrypt_copy(locked, key, back)

    assert back.read_bytes().startswith(b"SQLite format 3\x00")
    assert back.stat().st_mode & 0o777 == 0o600
    a, b = sqlite3.connect(original), sqlite3.connect(back)
    query = "SELECT id, amount, note FROM entries ORDER BY id"
    assert a.execute(query).fetchall() == b.execute(query).fetchall()
    assert b.execute("PRAGMA user_version").fetchone()[0] == 7
    assert b.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    b.execute("INSERT INTO entries (amount, note) VALUES (1, 'the trigger still runs')")
    assert b.execute("SELECT rowid FROM notes WHERE notes MATCH 'trigger'").fetchall()
    a.close()
    b.close()


def test_verify_same_refuses_a_copy_that_differs(tmp_path: Path) -> None:
    original = tmp_path / "original.db"
    make_plain(original)
    locked = tmp_path / "locked.db"
    key = cipher.encrypt_copy(original, locked, "pw")
    old, new = sqlite3.connect(original), cipher.connect(locked, key)
    cipher.verify_same(old, new)

    def same_balance(a: sqlite3.Connection, b: sqlite3.Connection) -> bool:
        query = "SELECT sum(amount) FROM entries"
        return bool(a.execute(query).fetchone() == b.execute(query).fetchone())

    cipher.verify_same(old, new, same_balance)
    new.execute("UPDATE entries SET amount = amount + 1 WHERE id = 1")
    with pytest.raises(TrustlogError, match="did not match"):
        cipher.verify_same(old, new, same_balance)
    new.execute("DELETE FROM entries WHERE id = 2")
    with pytest.raises(TrustlogError, match="did not match"):
        cipher.verify_same(old, new)
    old.close()
    new.close()


def test_search_works_in_a_locked_journal(tmp_path: Path) -> None:
    path, key = make_locked(tmp_path)
    conn = cipher.connect(path, key)
    conn.execute("INSERT INTO entries (amount, note) VALUES (1, 'asked about her day')")
    hits = conn.execute("SELECT rowid FROM notes WHERE notes MATCH 'asked'").fetchall()
    assert hits == [(ROWS + 1,)]
    conn.close()


def test_a_new_passphrase_opens_it_and_the_old_one_no_longer_does(tmp_path: Path) -> None:
    path, key = make_locked(tmp_path, "old words")
    salt = path.read_bytes()[:16]
    conn = cipher.connect(path, key)
    cipher.rekey(conn, "new words")
    conn.close()

    assert path.read_bytes()[:16] == salt
    with pytest.raises(TrustlogError):
        cipher.connect(path, cipher.derive_key(path, "old words"))
    reopened = cipher.connect(path, cipher.derive_key(path, "new words"))
    assert reopened.execute("SELECT count(*) FROM entries").fetchone()[0] == ROWS
    reopened.close()
    by_sqlcipher = dbapi2.connect(str(path))
    by_sqlcipher.execute("PRAGMA key = 'new words'")
    assert by_sqlcipher.execute("SELECT count(*) FROM entries").fetchone()[0] == ROWS
    by_sqlcipher.close()


def test_swap_overwrites_the_old_files_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    plain = folder / "trustlog.db"
    make_plain(plain)
    witness = folder / "same-inode-as-the-old-journal"
    os.link(plain, witness)
    new = folder / "trustlog.db.encrypting"
    cipher.encrypt_copy(plain, new, "pw")
    cipher.swap_into_place(new, plain)

    assert not new.exists()
    assert cipher.is_encrypted(plain)
    old_bytes = witness.read_bytes()
    assert old_bytes and old_bytes == bytes(len(old_bytes))
    assert sorted(os.listdir(folder)) == [witness.name, plain.name]


def test_swap_refuses_while_the_journal_has_unsaved_wal(tmp_path: Path) -> None:
    plain = tmp_path / "trustlog.db"
    make_plain(plain)
    new = tmp_path / "trustlog.db.encrypting"
    cipher.encrypt_copy(plain, new, "pw")
    busy = sqlite3.connect(plain)
    busy.execute("PRAGMA wal_autocheckpoint = 0")
    busy.execute("INSERT INTO entries (amount, note) VALUES (1, 'written meanwhile')")
    busy.commit()
    before = digest(plain)
    with pytest.raises(TrustlogError, match="open in another trustlog command"):
        cipher.swap_into_place(new, plain)
    assert digest(plain) == before and new.exists()
    busy.close()


CHILD = """
import sys
from pathlib import Path
from trustlog.journal import cipher
action, path = sys.argv[1], Path(sys.argv[2])
new = path.with_name(path.name + ".new")
if action == "encrypt":
    cipher.encrypt_copy(path, new, "old")
    cipher.swap_into_place(new, path)
elif action == "decrypt":
    cipher.decrypt_copy(path, cipher.derive_key(path, "old"), new)
    cipher.swap_into_place(new, path)
else:
    conn = cipher.connect(path, cipher.derive_key(path, "old"))
    cipher.rekey(conn, "new")
    conn.close()
print("done", flush=True)
"""


def opens_with(path: Path) -> str:
    """Which of plain / the old passphrase / the new one opens the whole journal."""
    if not cipher.is_encrypted(path):
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 4000
        conn.close()
        return "plain"
    for passphrase in ("old", "new"):
        try:
            locked = cipher.connect(path, cipher.derive_key(path, passphrase))
        except TrustlogError:
            continue
        assert locked.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert locked.execute("SELECT count(*) FROM entries").fetchone()[0] == 4000
        locked.close()
        return passphrase
    return "neither"


def run_child(action: str, template: Path, folder: Path, kill_after: float | None) -> str:
    folder.mkdir()
    path = folder / "trustlog.db"
    path.write_bytes(template.read_bytes())
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, action, str(path)],
        env={**os.environ, "PYTHONPATH": SRC}, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        child.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()
    return opens_with(path)


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [("encrypt", "plain", "old"), ("decrypt", "old", "plain"), ("rekey", "old", "new")],
)
def test_a_kill_at_any_moment_leaves_the_old_or_the_new_journal(
    tmp_path: Path, action: str, before: str, after: str
) -> None:
    """Kills spread over the last half of a measured run, where the copy and the swap happen."""
    template = tmp_path / "template.db"
    make_plain(template, rows=4000)
    if before == "old":
        locked = tmp_path / "template.locked"
        cipher.encrypt_copy(template, locked, "old")
        template = locked
    started = time.perf_counter()
    assert run_child(action, template, tmp_path / "whole", None) == after
    whole = time.perf_counter() - started
    for step, fraction in enumerate((0.5, 0.75, 0.9, 0.95)):
        state = run_child(action, template, tmp_path / f"killed-{step}", whole * fraction)
        assert state in {before, after}, f"killed at {fraction:.0%} of a run: {state}"

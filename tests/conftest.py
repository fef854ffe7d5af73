"""Every test gets its own journal, config and home: no test touches a real one."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest


def _keep_compiled_code() -> None:
    """Compile each test module and each trustlog module once, not once a process.

    With PYTHONDONTWRITEBYTECODE set, every worker rewrote the asserts of all 86
    test files (about 3 s of CPU each) and every `python -m trustlog` a test
    started compiled trustlog again (0.4 s against 0.07 s). The bytecode goes to a
    private folder outside the tree instead (sys.pycache_prefix), so the tree stays
    clean; nothing a test checks depends on where bytecode lives.
    """
    if not sys.dont_write_bytecode or sys.pycache_prefix:
        return
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"trustlog-tests-bytecode-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        kept = folder.lstat()
    except OSError:
        return
    if kept.st_uid != os.getuid() or kept.st_mode & 0o077 or not folder.is_dir():
        return  # not ours alone: compile as before
    sys.pycache_prefix = str(folder)
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


_keep_compiled_code()

from trustlog.app.clock import FixedClock  # noqa: E402
from trustlog.main import main  # noqa: E402

#: The keys of an entry in JSON (spec → JSON shapes).
ENTRY_KEYS = frozenset(
    {"id", "uuid", "kind", "amount", "by", "on", "note", "tags", "promise_id", "injury_id",
     "recorded_at"}
)  # fmt: skip

#: A fixed "today" for tests: a Wednesday.
TODAY = date(2026, 11, 25)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


Run = Callable[..., Result]


def old_journal(path: Path, stop_before: str) -> sqlite3.Connection:
    """A journal as an older trustlog left it: only the migrations before `stop_before`."""
    import uuid

    from sqlite_utils import Database

    from trustlog.journal import migrations
    from trustlog.journal.schema import APPLICATION_ID

    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn, execute_plugins=False)
    migrations.migrations.apply(db, stop_before=stop_before)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={len(migrations.migrations.applied(db))}")
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('owner_uuid', ?), "
        "('owner_name', 'me'), ('created_at', '2026-01-01T00:00:00+00:00')",
        (str(uuid.uuid4()),),
    )
    return conn


def examples(everyday: int) -> int:
    """How many examples a property test tries: a quick number by default (the suite
    stays under a minute on two cores), ten times more with TRUSTLOG_TEST_DEPTH=10
    before a release (docs/development.md)."""
    return everyday * int(os.environ.get("TRUSTLOG_TEST_DEPTH", "1"))


@pytest.fixture(autouse=True, scope="session")
def remembered_derivations() -> None:
    """SQLCipher's key derivation is slow on purpose (~75 ms a passphrase, PBKDF2);
    within one test process the same passphrase and salt give the same key, so it
    is remembered.  The keys are exactly the real ones: only repeats are saved.

    A journal encrypted in a test process gets that process's one random salt (as
    if every new salt drawn came out the same), so the tests' few passphrases are
    derived once a worker, not once a journal: 75 derivations took 10 s of CPU.
    Processes a test starts draw their own salts, as trustlog always does."""
    import functools

    from trustlog.journal import cipher

    cipher.derive = functools.lru_cache(maxsize=256)(cipher.derive)  # type: ignore[method-assign]
    cipher.os = _OneSaltAWorker(cipher.SALT_BYTES)  # type: ignore[assignment]


class _OneSaltAWorker:
    """`os` as journal/cipher.py sees it, but a salt drawn there is the same each time."""

    def __init__(self, salt_bytes: int) -> None:
        self._salt_bytes = salt_bytes
        self._salt = os.urandom(salt_bytes)

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def urandom(self, size: int) -> bytes:
        return self._salt if size == self._salt_bytes else os.urandom(size)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    # No test may reach a real desktop: the reminder finds no session bus.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "run"))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("TRUSTLOG_DB", str(tmp_path / "journal" / "trustlog.db"))
    monkeypatch.delenv("TRUSTLOG_CONFIG", raising=False)
    monkeypatch.delenv("TRUSTLOG_DEBUG", raising=False)
    monkeypatch.delenv("TRUSTLOG_CHECKIN_AT", raising=False)  # what the shell hook exports
    # No test remembers a key in the real session, or gives a passphrase by accident.
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    for name in ("TRUSTLOG_PASSPHRASE", "TRUSTLOG_NEW_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return tmp_path


@pytest.fixture(scope="session")
def first_capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal as a first capture leaves it (created, migrated, one entry), made once
    a worker: copying the file costs a millisecond, migrating again a subprocess."""
    folder = tmp_path_factory.mktemp("first-capture")
    env = {
        "TRUSTLOG_DB": str(folder / "journal" / "trustlog.db"),
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_STATE_HOME": str(folder / "state"),
        "NO_COLOR": "1",
    }
    assert main(["toward", "first"], env=env, clock=FixedClock(TODAY)) == 0
    made = folder / "journal" / "trustlog.db"
    assert not Path(f"{made}-wal").exists()  # closed: one file holds it all
    return made


def copy_of(template: Path, path: Path) -> Path:
    """A private copy of a journal made once, where a test wants a fresh one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(template.read_bytes())
    path.chmod(0o600)
    return path


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated / "journal" / "trustlog.db"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run trustlog as a user would (fast path and Typer alike) on a fixed day."""

    def invoke(*args: str, today: date = TODAY, env: dict[str, str] | None = None) -> Result:
        capsys.readouterr()
        environ = dict(os.environ) | (env or {})
        code = main(list(args), env=environ, clock=FixedClock(today))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke

"""The journal file: refusing what is not ours, upgrading what is, losing nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, examples, old_journal
from trustlog.app.clock import Clock
from trustlog.journal import Journal
from trustlog.journal.schema import APPLICATION_ID, SCHEMA_VERSION


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('someone else''s data')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p.write_bytes(b"\x00\xffrandom bytes, not a database" * 50), "not an SQLite"),
        (lambda p: p.write_text("my diary, in plain text\n"), "not an SQLite"),
        (_foreign_sqlite, "another program"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x07" * 2000), "could not be read"),
    ],
)
@pytest.mark.parametrize("command", [("toward", "x"), ("balance",), ("log",), ("undo",)])
def test_a_file_that_is_not_a_journal_is_refused_and_left_alone(
    run: Run, db_path: Path, make: object, needle: str, command: tuple[str, ...]
) -> None:
    db_path.parent.mkdir(parents=True)
    make(db_path)  # type: ignore[operator]
    before = db_path.read_bytes()
    result = run(*command)
    assert result.code == 1
    if needle == "could not be read" and command[0] in ("toward", "undo"):
        # A write checks the header first: an impossible page size is damage, said so.
        needle = "looks damaged"
    assert needle in result.err
    assert "backup" in result.err or "Keep a copy" in result.err
    assert result.err.count("\n") == 1
    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}-wal").exists()
    if "not a trustlog journal" in result.err:  # someone else's file: nothing of ours beside it
        assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_new_journal_knows_its_owner(run: Run, db_path: Path) -> None:
    run("toward", "x", env={"TRUSTLOG_CONFIG": "/nonexistent/config.toml"})
    journal = Journal.existing(db_path, Clock())
    assert journal is not None
    owner = journal.owner()
    assert len(owner["owner_uuid"]) == 36
    assert owner["owner_name"]
    conn = journal.conn
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_owner_name_comes_from_the_config(run: Run, db_path: Path, isolated: Path) -> None:
    config = isolated / "c.toml"
    config.write_text('name = "Robin"\n')
    run("toward", "x", env={"TRUSTLOG_CONFIG": str(config)})
    journal = Journal.existing(db_path, Clock())
    assert journal is not None and journal.owner()["owner_name"] == "Robin"


def test_schema_version_counts_every_migration() -> None:
    from sqlite_utils import Database

    from trustlog.journal import migrations

    assert len(migrations.migrations.pending(Database(memory=True))) == SCHEMA_VERSION


def test_every_older_schema_upgrades_and_keeps_its_entries(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from trustlog.journal import migrations

    names = [m.name for m in migrations.migrations.pending(Database(memory=True))]
    for stop in names[1:]:
        path = tmp_path / f"{stop}.db"
        old = Journal.open(path, Clock(), "me")  # current; rebuild as old below
        old.close()
        path.unlink()
        Path(f"{path}-wal").unlink(missing_ok=True)
        Path(f"{path}-shm").unlink(missing_ok=True)
        conn = old_journal(path, stop)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == names.index(stop)
        conn.execute(
            "INSERT INTO entries (uuid, kind, amount, by, day, note, tags, recorded_at) "
            "VALUES ('u1', 'toward', 1, 'me', '2026-11-20', 'kept', '', '2026-11-20T00:00:00')"
        )
        conn.close()
        upgraded = Journal.open(path, Clock(), "me")
        assert upgraded.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert upgraded.balance(date(2026, 11, 25)) == 1
        assert upgraded.entry(1).note == "kept"
        upgraded.close()


def test_a_journal_from_a_newer_trustlog_is_not_touched(run: Run, db_path: Path) -> None:
    run("toward", "x")
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    result = run("toward", "y")
    assert result.code == 1
    assert "newer trustlog" in result.err


@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.sampled_from(["toward", "away", "against"]), st.none()),
            st.tuples(st.sampled_from(["deposit", "withdraw"]), st.integers(1, 50)),
            st.tuples(st.just("undo"), st.none()),
            st.tuples(st.just("restore"), st.integers(1, 20)),
            st.tuples(st.just("rm"), st.integers(1, 20)),
        ),
        max_size=25,
    ),
    st.integers(0, 10**9),
)
def test_balance_is_always_the_sum_of_live_amounts(
    run: Run, tmp_path: Path, steps: list[tuple[str, int | None]], salt: int
) -> None:
    path = tmp_path / f"prop-{salt}-{len(steps)}.db"
    path.unlink(missing_ok=True)
    for command, number in steps:
        args = [command] if number is None else [command, str(number)]
        run("--db", str(path), *args, "note")
    if not path.exists():
        return
    conn = sqlite3.connect(path)
    expected = conn.execute(
        "SELECT coalesce(sum(amount), 0), count(*) FROM entries WHERE deleted_at IS NULL"
    ).fetchone()
    conn.close()
    data = run("--db", str(path), "balance", "--json").json()
    assert data["balance"] == expected[0]  # type: ignore[index]
    assert data["entries"] == expected[1]  # type: ignore[index]
    assert data["balance"] == data["deposits"] - data["withdrawals"]  # type: ignore[index]


CAPTURE_MANY = """
import sys
from trustlog.main import main
for i in range(int(sys.argv[2])):
    assert main(["--db", sys.argv[1], "toward", sys.argv[3], str(i)]) == 0
"""


def test_concurrent_captures_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "j.db"
    workers = [
        subprocess.Popen([sys.executable, "-c", CAPTURE_MANY, str(path), "25", f"w{n}"])
        for n in range(4)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0, 0]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*), sum(amount) FROM entries").fetchone() == (100, 100)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_capture_killed_mid_write_leaves_all_or_nothing(tmp_path: Path) -> None:
    """SIGKILL while a slow transaction holds the write lock: the journal stays whole."""
    path = tmp_path / "j.db"
    journal = Journal.open(path, Clock(), "me")
    journal.close()
    script = f"""
import os, signal
from datetime import date
from trustlog.app.clock import Clock
from trustlog.core.models import NewEntry
from trustlog.journal import Journal
from pathlib import Path
j = Journal.open(Path({str(path)!r}), Clock(), "me")
with j.writing() as conn:
    for i in range(500):
        j.insert_entry(conn, NewEntry(kind="toward", amount=1, on=date(2026, 11, 1)))
    os.kill(os.getpid(), signal.SIGKILL)
"""
    proc = subprocess.run([sys.executable, "-c", script], check=False)
    assert proc.returncode == -9
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    conn.close()


def test_new_row_uuids_are_version_7_and_in_time_order() -> None:
    """A row's uuid starts with the Unix milliseconds it was made at (RFC 9562), so
    later rows sort after earlier ones and land on the index's rightmost pages."""
    import time
    import uuid

    from trustlog.journal import new_uuid

    before = time.time_ns() // 1_000_000
    made = [new_uuid() for _ in range(200)]
    time.sleep(0.002)
    later = new_uuid()
    after = time.time_ns() // 1_000_000
    assert len(set(made)) == 200
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == text
        assert before <= parsed.int >> 80 <= after
    assert all(text < later for text in made)


def test_identities_are_random_version_4() -> None:
    """An owner or device id is shown without a time beside it: it carries none."""
    import uuid

    from trustlog.journal import new_identity

    made = {new_identity() for _ in range(200)}
    assert len(made) == 200
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == text


def test_reminder_checkin_and_captures_at_the_same_moment(tmp_path: Path) -> None:
    """The spec's busy evening: cron's reminder, a check-in and two captures at once."""
    path = tmp_path / "evening" / "j.db"
    script = "import sys; from trustlog.main import main; sys.exit(main(sys.argv[1:]))"
    rounds = 5
    for n in range(rounds):
        commands = [
            ["--db", str(path), "remind"],
            ["--db", str(path), "checkin", "--toward", "3", "--note", f"round {n}", "--yes"],
            ["--db", str(path), "toward", "capture", "a", str(n)],
            ["--db", str(path), "away", "-p", "capture", "b", str(n)],
        ]
        started = [
            subprocess.Popen(
                [sys.executable, "-c", script, *args],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in commands
        ]
        for process in started:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert "locked" not in err
    conn = sqlite3.connect(path)
    # each round: three toward and the note from the check-in, and two captures
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == rounds * 6
    assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == rounds
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_read_only_journal_says_so_and_saves_nothing(run: Run, db_path: Path) -> None:
    run("toward", "x")
    locked = subprocess.run(["chattr", "+i", str(db_path)], capture_output=True, check=False)
    if locked.returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        result = run("toward", "y")
        assert result.code == 1
        assert "cannot be written" in result.err and "nothing was saved" in result.err
        assert run("balance", "--json").json()["entries"] == 1  # type: ignore[index]
    finally:
        subprocess.run(["chattr", "-i", str(db_path)], check=False)


def test_an_empty_file_taken_over_becomes_private(run: Run, db_path: Path) -> None:
    import stat

    db_path.parent.mkdir(parents=True)
    db_path.touch(mode=0o644)
    db_path.chmod(0o644)
    assert run("toward", "x").code == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_a_write_after_another_process_vacuumed_is_not_lost(tmp_path: Path) -> None:
    # A review: a capture whose connection had read the journal before a purge's
    # or merge's VACUUM failed with "no such table: entries", and was lost.
    from trustlog.core.models import NewEntry

    db = tmp_path / "j.db"
    first = Journal.open(db, Clock(), "me")
    first.add([NewEntry(kind="toward", amount=1, on=date(2026, 11, 25), note="a")])
    first.close()
    journal = Journal.open(db, Clock(), "me")
    assert journal.balance(date(2026, 11, 25)) == 1  # read: the schema is now cached
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("VACUUM")
    other.close()
    journal.add([NewEntry(kind="toward", amount=1, on=date(2026, 11, 25), note="b")])
    assert journal.balance(date(2026, 11, 25)) == 2
    journal.close()

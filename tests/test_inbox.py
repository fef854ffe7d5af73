"""The locked journal's inbox: encrypted lines, many writers, torn lines, folds losing nothing."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustlog.journal import inbox

CANARY = "CANARY-asked-about-her-day"
SRC = str(Path(__file__).resolve().parents[1] / "src")
WRITERS, EACH = 8, 50


@pytest.fixture(scope="module")
def keys() -> tuple[str, str]:
    return inbox.new_identity()


@pytest.fixture
def inbox_path(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    folder.mkdir()
    return folder / "trustlog.db.inbox"


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def entry(writer: int, n: int) -> dict[str, object]:
    return {"uuid": f"{writer}-{n}", "kind": "toward", "amount": 1, "note": f"{CANARY} {n}"}


def test_a_key_pair_looks_like_age(keys: tuple[str, str]) -> None:
    secret, public = keys
    assert secret.startswith("AGE-SECRET-KEY-1") and public.startswith("age1")
    assert inbox.new_identity() != keys


@pytest.mark.usefixtures("open_umask")
def test_entries_come_back_in_order_and_never_in_clear(
    inbox_path: Path, keys: tuple[str, str]
) -> None:
    secret, public = keys
    for n in range(3):
        inbox.append(inbox_path, public, entry(0, n))
    assert inbox_path.stat().st_mode & 0o777 == 0o600
    raw = inbox_path.read_bytes()
    assert CANARY.encode() not in raw and b"toward" not in raw
    assert len(raw.split()) == 3
    arrived = inbox.read(inbox_path, secret)
    assert arrived.records == [entry(0, n) for n in range(3)]
    assert arrived.skipped == 0


def test_another_key_reads_nothing(inbox_path: Path, keys: tuple[str, str]) -> None:
    inbox.append(inbox_path, keys[1], entry(0, 0))
    other_secret, _ = inbox.new_identity()
    assert inbox.read(inbox_path, other_secret) == inbox.Arrivals([], 1)


def test_no_inbox_reads_as_empty(inbox_path: Path, keys: tuple[str, str]) -> None:
    assert inbox.read(inbox_path, keys[0]) == inbox.Arrivals([], 0)
    assert inbox.take(inbox_path) is None


def test_a_torn_line_is_skipped_and_the_next_entry_kept(
    inbox_path: Path, keys: tuple[str, str]
) -> None:
    secret, public = keys
    inbox.append(inbox_path, public, entry(0, 0))
    inbox.append(inbox_path, public, entry(0, 1))
    whole = inbox_path.read_bytes()
    inbox_path.write_bytes(whole[: len(whole) - 40])  # a kill in the middle of the last write
    inbox.append(inbox_path, public, entry(0, 2))
    arrived = inbox.read(inbox_path, secret)
    assert arrived.records == [entry(0, 0), entry(0, 2)]
    assert arrived.skipped == 1


def write_many(inbox_path: Path, public: str, writer: int) -> None:
    for n in range(EACH):
        inbox.append(inbox_path, public, entry(writer, n))


def start_writers(inbox_path: Path, public: str) -> list[multiprocessing.process.BaseProcess]:
    context = multiprocessing.get_context("fork")
    writers: list[multiprocessing.process.BaseProcess] = [
        context.Process(target=write_many, args=(inbox_path, public, w)) for w in range(WRITERS)
    ]
    for process in writers:
        process.start()
    return writers


def uuids(records: list[dict[str, object]]) -> list[object]:
    return [record["uuid"] for record in records]


def in_writer_order(found: list[object], writer: int) -> bool:
    mine = [u for u in found if str(u).startswith(f"{writer}-")]
    return mine == [f"{writer}-{n}" for n in range(EACH)]


def test_many_writers_at_once_lose_nothing(inbox_path: Path, keys: tuple[str, str]) -> None:
    secret, public = keys
    for process in start_writers(inbox_path, public):
        process.join(timeout=60)
        assert process.exitcode == 0
    arrived = inbox.read(inbox_path, secret)
    assert arrived.skipped == 0
    found = uuids(arrived.records)
    assert len(found) == len(set(found)) == WRITERS * EACH
    assert all(in_writer_order(found, w) for w in range(WRITERS))


def test_folds_taking_the_inbox_while_writers_write_lose_nothing(
    inbox_path: Path, keys: tuple[str, str]
) -> None:
    secret, public = keys
    writers = start_writers(inbox_path, public)
    found: list[object] = []
    folds = 0
    while any(process.is_alive() for process in writers) or inbox_path.exists():
        taken = inbox.take(inbox_path)
        if taken is not None:
            arrived = inbox.read(taken, secret)
            assert arrived.skipped == 0
            found += uuids(arrived.records)
            taken.unlink()
            folds += 1
    for process in writers:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert folds > 1, "the folds should have raced the writers"
    assert len(found) == len(set(found)) == WRITERS * EACH
    assert all(in_writer_order(found, w) for w in range(WRITERS))
    assert inbox.leftover_folding(inbox_path) == []


def test_a_fold_killed_midway_leaves_its_taken_inbox_to_finish(
    inbox_path: Path, keys: tuple[str, str]
) -> None:
    secret, public = keys
    inbox.append(inbox_path, public, entry(0, 0))
    first = inbox.take(inbox_path)
    inbox.append(inbox_path, public, entry(0, 1))
    second = inbox.take(inbox_path)
    inbox.append(inbox_path, public, entry(0, 2))
    assert first is not None and second is not None
    assert inbox.leftover_folding(inbox_path) == [first, second]
    left = [inbox.read(path, secret).records for path in inbox.leftover_folding(inbox_path)]
    assert left == [[entry(0, 0)], [entry(0, 1)]]
    assert inbox.read(inbox_path, secret).records == [entry(0, 2)]


def test_importing_the_journal_crypto_loads_no_crypto_library() -> None:
    """A plain journal's capture path must not pay for pyrage or sqlcipher3."""
    script = (
        "import sys\n"
        "import trustlog.journal.inbox, trustlog.journal.cipher, trustlog.journal.keyring\n"
        "print(sorted(m for m in ('pyrage', 'sqlcipher3') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC}, timeout=60,
    )  # fmt: skip
    assert (done.stdout, done.stderr) == ("[]\n", "")

"""The sync folder's files: batches arrive whole or not at all, and say nothing when encrypted."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import folders, frames
from trustlog.features.sync.batches import (
    DeviceStatus,
    advance,
    next_batch,
    read_batch,
    scan,
    status,
    unseen,
    write_batch,
)
from trustlog.features.sync.folders import cleanup_temps, device_folder
from trustlog.features.sync.identities import (
    identity_encrypted,
    journals,
    read_identity,
    write_identity,
)

pyrage = pytest.importorskip("pyrage")

JOURNAL = "0b6f5c2e-1d4a-4c8e-9f3b-7a1e2d3c4b5a"
LAPTOP = "a1a1a1a1-0000-4000-8000-000000000001"
DESKTOP = "b2b2b2b2-0000-4000-8000-000000000002"
NOW = datetime(2026, 11, 25, 21, 30, tzinfo=UTC)
CANARY = "CANARY-he-said-sorry-7f3a"
SRC = Path(__file__).resolve().parents[1] / "src"


def change(number: int, note: str = "walked together") -> dict[str, Any]:
    """An entry change as the lead's journal would send it."""
    return {
        "table": "entries",
        "uuid": f"00000000-0000-4000-8000-{number:012d}",
        "kind": "toward",
        "amount": 1,
        "on": "2026-11-25",
        "note": note,
        "tags": ["evening"],
        "changed_at": f"2026-11-25T21:{number % 60:02d}:00+00:00",
    }


CHANGES = [change(1, "a long talk\nabout trust — ça va"), change(2), change(3, "")]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def key() -> Any:
    return pyrage.x25519.Identity.generate()


def laptop(root: Path) -> Path:
    return device_folder(root, JOURNAL, LAPTOP)


def all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_the_layout_is_journal_then_device(root: Path) -> None:
    assert laptop(root) == root / "trustlog" / JOURNAL / LAPTOP
    with pytest.raises(ValueError):
        device_folder(root, JOURNAL, "../elsewhere")


def test_a_plain_batch_comes_back_as_written(root: Path) -> None:
    old = os.umask(0)
    try:
        path = write_batch(laptop(root), 1, CHANGES, recipient=None, now=NOW)
    finally:
        os.umask(old)
    assert path == laptop(root) / "00000001.batch"
    back = read_batch(path, identity=None)
    assert back is not None
    assert sorted(back, key=lambda c: c["uuid"]) == CHANGES
    modes = [p.stat().st_mode & 0o777 for p in (path, laptop(root), laptop(root).parent)]
    assert modes == [0o600, 0o700, 0o700]
    data = path.read_bytes()
    assert data.startswith(
        f"trustlog-batch 1\njournal {JOURNAL}\ndevice {LAPTOP}\nseq 1\n".encode()
    )
    assert b"\npayload jsonl\n" in data
    assert data.splitlines()[-1].startswith(b"sha256 ")
    assert not [p for p in laptop(root).iterdir() if p.name.endswith(".tmp")]


def test_an_encrypted_batch_opens_only_with_the_journals_key(root: Path, key: Any) -> None:
    notes = [change(n, f"{CANARY} {n}") for n in range(1, 40)]
    path = write_batch(
        laptop(root), 1, notes, recipient=str(key.to_public()), identity=str(key), now=NOW
    )
    assert CANARY.encode() not in all_bytes(root)
    assert b"walked" not in all_bytes(root) and b'2026-11-25"' not in all_bytes(root)
    back = read_batch(path, identity=str(key))
    assert back is not None and sorted(back, key=lambda c: c["uuid"]) == notes
    stranger = str(pyrage.x25519.Identity.generate())
    with pytest.raises(TrustlogError, match="not sealed by this journal's key"):
        read_batch(path, identity=stranger)
    with pytest.raises(TrustlogError, match="encrypted"):
        read_batch(path, identity=None)


def test_a_batch_under_another_journal_is_not_taken(root: Path) -> None:
    path = write_batch(laptop(root), 1, CHANGES, recipient=None, now=NOW)
    elsewhere = device_folder(root, "ffffffff-0000-4000-8000-000000000000", LAPTOP)
    elsewhere.mkdir(parents=True)
    shutil.copy(path, elsewhere / path.name)
    with pytest.raises(TrustlogError, match="another journal"):
        read_batch(elsewhere / path.name, identity=None)
    shutil.copy(path, laptop(root) / "00000002.batch")
    with pytest.raises(TrustlogError, match="another journal"):
        read_batch(laptop(root) / "00000002.batch", identity=None)


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_file_still_arriving_is_skipped_at_every_length(
    root: Path, key: Any, encrypted: bool
) -> None:
    recipient = str(key.to_public()) if encrypted else None
    secret = str(key) if encrypted else None
    path = write_batch(laptop(root), 1, CHANGES[:2], recipient=recipient, identity=secret, now=NOW)
    whole = path.read_bytes()
    for length in range(len(whole)):
        path.write_bytes(whole[:length])
        assert read_batch(path, identity=secret) is None, length
    path.write_bytes(whole)
    assert read_batch(path, identity=secret) is not None


def test_a_flipped_byte_anywhere_is_not_whole(root: Path) -> None:
    path = write_batch(laptop(root), 1, CHANGES[:2], recipient=None, now=NOW)
    whole = path.read_bytes()
    for at in range(len(whole)):
        damaged = bytearray(whole)
        damaged[at] ^= 0x01
        path.write_bytes(bytes(damaged))
        assert read_batch(path, identity=None) is None, at


def test_a_crlf_copy_is_read_as_the_batch(root: Path) -> None:
    path = write_batch(laptop(root), 1, CHANGES, recipient=None, now=NOW)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    back = read_batch(path, identity=None)
    assert back is not None and len(back) == 3


def test_a_newer_format_asks_for_an_update(root: Path) -> None:
    path = write_batch(laptop(root), 1, CHANGES, recipient=None, now=NOW)
    newer = frames.frame("trustlog-batch 3", {"journal": JOURNAL}, b"{}\n")
    path.write_bytes(newer)
    with pytest.raises(TrustlogError, match="newer trustlog"):
        read_batch(path, identity=None)


def test_the_same_changes_make_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = write_batch(laptop(tmp_path / "a"), 7, CHANGES, recipient=None, now=NOW)
    two = write_batch(laptop(tmp_path / "b"), 7, CHANGES[::-1], recipient=None, now=NOW)
    assert one.read_bytes() == two.read_bytes()


def test_a_batch_is_never_replaced(root: Path) -> None:
    path = write_batch(laptop(root), 1, CHANGES, recipient=None, now=NOW)
    before = path.read_bytes()
    assert write_batch(laptop(root), 1, CHANGES, recipient=None, now=NOW) == path
    with pytest.raises(TrustlogError, match="already in the sync folder"):
        write_batch(laptop(root), 1, [change(9)], recipient=None, now=NOW)
    assert path.read_bytes() == before
    assert sorted(p.name for p in laptop(root).iterdir()) == ["00000001.batch"]


def test_a_missing_sync_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(TrustlogError, match="is not there"):
        write_batch(laptop(tmp_path / "unmounted"), 1, CHANGES, recipient=None, now=NOW)


def test_scan_sees_only_other_devices_whole_names(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_batch(laptop(root), 1, CHANGES, recipient=None, now=NOW)
    desktop = device_folder(root, JOURNAL, DESKTOP)
    for seq in (2, 1, 10):
        write_batch(desktop, seq, [change(seq)], recipient=None, now=NOW)
    strangers = [
        "00000003.sync-conflict-20261125-213000-ABCDEFG.batch",
        "00000003 (Sam's conflicted copy 2026-11-25).batch",
        f".00000003.batch.{os.getpid()}.tmp",
        ".00000004.batch",
        "00000005.batch~",
        "5.batch",
        "notes.txt",
        folders.IDENTITY_NAME,
    ]
    for name in strangers:
        (desktop / name).write_bytes(b"x")
    (desktop.parent / ".stversions").mkdir()
    (desktop.parent / "c3c3c3c3-0000-4000-8000-000000000003").write_text("not a folder")
    (desktop.parent / "d4d4").symlink_to(root / "nowhere")
    found = scan(root, JOURNAL, skip_device=LAPTOP)
    assert [(device, seq, path.name) for device, seq, path in found] == [
        (DESKTOP, 1, "00000001.batch"),
        (DESKTOP, 2, "00000002.batch"),
        (DESKTOP, 10, "00000010.batch"),
    ]
    assert next_batch(desktop).seq == 3  # never past a gap: 10 is only a file with that name
    assert next_batch(desktop, 10).seq == 11  # past the last seq this device recorded sending
    assert next_batch(laptop(root)).seq == 2
    assert next_batch(root / "never-made").seq == 1
    assert [d for d, _s, _p in scan(root, JOURNAL, skip_device=DESKTOP)] == [LAPTOP]

    real_listdir = os.listdir

    def refuse(path: Any) -> list[str]:
        if Path(path) == desktop:
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    assert scan(root, JOURNAL, skip_device=LAPTOP) == []


def test_unseen_takes_each_devices_run_and_stops_at_a_gap() -> None:
    path = Path("x")
    found = [(DESKTOP, 1, path), (DESKTOP, 2, path), (DESKTOP, 4, path), (LAPTOP, 3, path)]
    assert unseen(found, {}) == [(DESKTOP, 1, path), (DESKTOP, 2, path)]
    assert unseen(found, {DESKTOP: 2, LAPTOP: 2}) == [(LAPTOP, 3, path)]
    assert unseen(found, {DESKTOP: 3}) == [(DESKTOP, 4, path)]
    assert unseen(found, {DESKTOP: 4, LAPTOP: 3}) == []
    assert advance({DESKTOP: 4}, DESKTOP, 2) == {DESKTOP: 4}
    assert advance({}, LAPTOP, 1) == {LAPTOP: 1}


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_cleanup_removes_only_temps_of_writers_gone(root: Path) -> None:
    folder = laptop(root)
    write_batch(folder, 1, CHANGES, recipient=None, now=NOW)
    stale = folder / f".00000002.batch.{dead_pid()}.tmp"
    live = folder / f".00000003.batch.{os.getpid()}.tmp"
    stale.write_bytes(b"half a batch")
    live.write_bytes(b"being written")
    assert cleanup_temps(folder) == 1
    assert sorted(p.name for p in folder.iterdir()) == [live.name, "00000001.batch"]


#: Writes batches for ever; says "fsync" and lingers each time it makes one durable,
#: so the test can kill it at the worst moments (file written, not yet named; named,
#: folder not yet synced) as well as anywhere else.
WRITER = textwrap.dedent(
    """
    import os, sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from trustlog.features.sync.batches import next_batch, write_batch

    real_fsync = os.fsync

    def lingering_fsync(fd):
        print("fsync", flush=True)
        time.sleep(0.03)
        real_fsync(fd)

    os.fsync = lingering_fsync
    folder = Path(sys.argv[1])
    changes = [{"uuid": f"{n:032x}", "note": "x" * 4000} for n in range(200)]
    while True:
        write_batch(folder, next_batch(folder).seq, changes, recipient=None, now=datetime.now(UTC))
    """
)


def kill_a_writer(folder: Path) -> None:
    """Start a writer and SIGKILL it just after one of its first fsyncs."""
    env = os.environ | {"PYTHONPATH": str(SRC)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder)], env=env, stdout=subprocess.PIPE
    )
    assert writer.stdout is not None
    for _fsync in range(random.randint(1, 4)):
        assert writer.stdout.readline() == b"fsync\n"
    time.sleep(random.uniform(0, 0.04))
    writer.send_signal(signal.SIGKILL)
    assert writer.wait() == -signal.SIGKILL
    writer.stdout.close()


def assert_every_batch_whole(root: Path, checked: set[Path]) -> None:
    for _device, _seq, path in scan(root, JOURNAL, skip_device="someone-else"):
        if path not in checked:
            back = read_batch(path, identity=None)
            assert back is not None, path.name
            assert len(back) == 200, path.name
            checked.add(path)


def test_a_killed_writer_never_leaves_a_partial_batch(root: Path) -> None:
    folder = laptop(root)
    temps_seen = 0
    checked: set[Path] = set()
    # At least eight kills, and more (up to 40) until one lands mid-write: the
    # kill's moment is random, and a fast machine can finish every write first.
    for attempt in range(40):
        kill_a_writer(folder)
        temps_seen += sum(p.name.endswith(".tmp") for p in folder.iterdir())
        assert_every_batch_whole(root, checked)
        cleanup_temps(folder)
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        if attempt >= 7 and temps_seen:
            break
    assert temps_seen > 0, "no kill landed during a write: the test proved nothing"
    seqs = [seq for _d, seq, _p in scan(root, JOURNAL, skip_device="someone-else")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_status_shows_each_device_and_what_is_still_arriving(root: Path) -> None:
    write_batch(laptop(root), 1, CHANGES, recipient=None, now=NOW)
    later = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    write_batch(laptop(root), 2, CHANGES, recipient=None, now=later)
    arriving = write_batch(laptop(root), 3, CHANGES, recipient=None, now=later)
    arriving.write_bytes(arriving.read_bytes()[:40])
    device_folder(root, JOURNAL, DESKTOP).mkdir()
    assert status(root, JOURNAL) == [
        DeviceStatus(LAPTOP, 2, later, 1),
        DeviceStatus(DESKTOP, 0, None, 0),
    ]
    assert status(root, "no-such-journal") == []


IDENTITY = {
    "journal_uuid": JOURNAL,
    "owner_uuid": "9d9d9d9d-0000-4000-8000-000000000009",
    "owner_name": f"Sam {CANARY}",
    "age_secret_key": "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ",
}


def test_a_plain_identity_round_trips_and_says_it_needs_no_passphrase(root: Path) -> None:
    assert journals(root) == []
    with pytest.raises(TrustlogError, match="no identity"):
        read_identity(root, JOURNAL, passphrase=None)
    path = write_identity(laptop(root), IDENTITY, now=NOW)
    assert path.stat().st_mode & 0o777 == 0o600
    assert journals(root) == [JOURNAL]
    assert identity_encrypted(root, JOURNAL) is False
    assert read_identity(root, JOURNAL, passphrase=None) == IDENTITY
    assert scan(root, JOURNAL, skip_device=DESKTOP) == []


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder with an identity sealed to a key from a passphrase (written once)."""
    from trustlog.features.sync import sealkey

    root = tmp_path_factory.mktemp("sealed")
    folder = device_folder(root, JOURNAL, LAPTOP)
    salt = bytes(range(16))
    recipient = sealkey.pair(sealkey.from_passphrase("our long walk", salt))[1]
    write_identity(folder, IDENTITY, now=NOW, sealed=(recipient, salt))
    yield root


def test_a_sealed_identity_opens_with_the_passphrase(sealed: Path) -> None:
    assert identity_encrypted(sealed, JOURNAL) is True
    assert read_identity(sealed, JOURNAL, passphrase="our long walk") == IDENTITY


def test_a_sealed_identity_says_nothing_without_it(sealed: Path) -> None:
    everything = all_bytes(sealed)
    assert CANARY.encode() not in everything and b"AGE-SECRET-KEY" not in everything
    with pytest.raises(TrustlogError, match="passphrase does not open") as error:
        read_identity(sealed, JOURNAL, passphrase="a wrong guess")
    assert "\n" not in str(error.value)
    with pytest.raises(TrustlogError, match="passphrase is needed"):
        read_identity(sealed, JOURNAL, passphrase=None)


def test_the_newest_identity_wins(root: Path) -> None:
    write_identity(laptop(root), IDENTITY, now=NOW)
    renamed = IDENTITY | {"owner_name": "Sam R."}
    later = datetime(2026, 12, 1, tzinfo=UTC)
    write_identity(device_folder(root, JOURNAL, DESKTOP), renamed, now=later)
    assert read_identity(root, JOURNAL, passphrase=None) == renamed


# -- a real git repository as the sync folder -------------------------------------------------


def git(cwd: Path, *args: str) -> bytes:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        capture_output=True,
        check=True,
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_devices_sync_through_a_git_repository(tmp_path: Path, key: Any) -> None:
    hub = tmp_path / "hub.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(hub))
    a, b = tmp_path / "a", tmp_path / "b"
    for clone in (a, b):
        git(tmp_path, "clone", "-q", str(hub), str(clone))
    secret, public = str(key), str(key.to_public())
    write_batch(laptop(a), 1, CHANGES, recipient=public, identity=secret, now=NOW)
    write_batch(laptop(a), 2, [change(4, CANARY)], recipient=public, identity=secret, now=NOW)
    git(a, "add", "-A")
    git(a, "commit", "-q", "-m", "laptop")
    git(a, "push", "-q", "origin", "HEAD:main")

    write_batch(
        device_folder(b, JOURNAL, DESKTOP),
        1,
        [change(5)],
        recipient=public,
        identity=secret,
        now=NOW,
    )
    git(b, "add", "-A")
    git(b, "commit", "-q", "-m", "desktop")
    git(b, "pull", "-q", "--rebase", "origin", "main")
    git(b, "push", "-q", "origin", "HEAD:main")
    git(a, "pull", "-q", "--rebase", "origin", "main")

    on_b = scan(b, JOURNAL, skip_device=DESKTOP)
    assert [(d, s) for d, s, _p in on_b] == [(LAPTOP, 1), (LAPTOP, 2)]
    taken = [c for _d, _s, p in unseen(on_b, {}) for c in read_batch(p, identity=secret) or []]
    assert sorted(c["uuid"] for c in taken) == sorted(c["uuid"] for c in [*CHANGES, change(4)])
    on_a = scan(a, JOURNAL, skip_device=LAPTOP)
    assert [(d, s) for d, s, _p in on_a] == [(DESKTOP, 1)]
    assert read_batch(on_a[0][2], identity=secret) == [change(5)]
    assert CANARY.encode() not in git(a, "log", "-p", "--all", "--text")

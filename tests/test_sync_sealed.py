"""An encrypted journal syncs sealed: its batches to its own age key, its identity
with its passphrase; the folder learns nothing, and a new device opens the journal
with the same passphrase."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from test_sync import Device, deliver, settle

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
SRC = Path(__file__).resolve().parents[1] / "src"
PASSPHRASE = "plum orchard at dusk"
NOTE, TAG, OWNER = "zqxcanarynote", "zqxcanarytag", "Zqxcanaryowner"
CANARIES = (NOTE, TAG, OWNER, PASSPHRASE, "AGE-SECRET-KEY-1", "toward")
SQLITE = b"SQLite format 3\x00"


def sealed(device: Device) -> Device:
    """The device's commands get the passphrase, and a session folder for `unlock`
    (so each command does not derive the key again: the tests stay quick)."""
    runtime = device.root / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    device.env |= {"TRUSTLOG_PASSPHRASE": PASSPHRASE, "XDG_RUNTIME_DIR": str(runtime)}
    return device


def start(device: Device) -> None:
    """A journal with the canaries in it, encrypted, then synced through its folder."""
    Path(device.env["TRUSTLOG_CONFIG"]).write_text(f'name = "{OWNER}"\n')
    device.ok(NOW, "toward", f"{NOTE} @{TAG}")
    code, _out, err = device.run(NOW, "encrypt", skew=False)
    assert code == 0, err
    device.ok(NOW, "unlock")
    device.ok(NOW, "sync", str(device.folder))


def every_byte(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def files_under(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def pair(tmp_path: Path) -> list[Device]:
    laptop = sealed(Device(tmp_path, "laptop"))
    start(laptop)
    desktop = sealed(Device(tmp_path, "desktop"))
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync", "join", str(desktop.folder))
    desktop.ok(NOW, "unlock")
    return [laptop, desktop]


def test_the_folder_learns_nothing_and_a_new_device_opens_with_the_passphrase(
    tmp_path: Path,
) -> None:
    laptop = sealed(Device(tmp_path, "laptop"))
    Path(laptop.env["TRUSTLOG_CONFIG"]).write_text(f'name = "{OWNER}"\n')
    laptop.ok(NOW, "toward", f"{NOTE} @{TAG}")
    assert laptop.run(NOW, "encrypt")[0] == 0
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = laptop.env | {"PYTHONPATH": str(SRC), "TMPDIR": str(temp)}
    first = subprocess.run(
        [sys.executable, "-m", "trustlog", "sync", str(laptop.folder)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    written = every_byte(laptop.folder) + every_byte(temp)
    assert written and all(canary.encode() not in written for canary in CANARIES)
    for path in laptop.folder.rglob("*"):
        if path.is_file():
            head = path.read_bytes().split(b"\n\n")[0].decode()
            names = {line.split(" ")[0] for line in head.splitlines()[1:]}
            assert names <= {"journal", "device", "seq", "written", "payload", "length", "salt"}
            assert "payload age" in head  # batches to the key, the identity with the passphrase

    desktop = Device(tmp_path, "desktop")
    deliver(laptop, desktop)
    before = files_under(desktop.root)
    code, _out, err = desktop.run(NOW, "sync", "join", str(desktop.folder))
    assert code == 1 and err.count("\n") == 1 and "TRUSTLOG_PASSPHRASE" in err
    desktop.env["TRUSTLOG_PASSPHRASE"] = "plum orchard at dawn"
    code, out, err = desktop.run(NOW, "sync", "join", str(desktop.folder))
    assert (code, out) == (1, "")
    assert err == "trustlog: That passphrase does not open this journal.\n"
    assert files_under(desktop.root) == before  # no journal, no config, nothing in the folder
    desktop.env["TRUSTLOG_PASSPHRASE"] = PASSPHRASE
    joined = desktop.ok(NOW, "sync", "join", str(desktop.folder))
    assert joined == ""
    journal = Path(desktop.env["TRUSTLOG_DB"])
    assert journal.read_bytes()[:16] != SQLITE  # encrypted with the same passphrase
    assert NOTE in desktop.ok(NOW, "log")
    desktop.env.pop("TRUSTLOG_PASSPHRASE")
    code, _out, err = desktop.run(NOW, "log")
    assert code == 1 and "locked" in err


def test_both_devices_see_each_others_notes_and_the_folder_still_learns_nothing(
    pair: list[Device],
) -> None:
    laptop, desktop = pair
    desktop.ok(NOW, "away", "zqxcanaryreply")
    settle(pair, NOW + timedelta(minutes=1))
    for device in pair:
        log = device.ok(NOW, "log")
        assert NOTE in log and "zqxcanaryreply" in log
    everything = every_byte(laptop.folder) + every_byte(desktop.folder)
    assert all(c.encode() not in everything for c in (*CANARIES, "zqxcanaryreply"))
    # a copy decrypted later sends nothing in clear among encrypted ones
    assert desktop.run(NOW, "decrypt")[0] == 0
    desktop.ok(NOW, "toward", "zqxnowplain")
    before = desktop.files()
    code, _out, err = desktop.run(NOW, "sync")
    assert code == 1 and "trustlog encrypt" in err
    assert desktop.files() == before


def test_a_plain_device_joining_becomes_encrypted_and_keeps_its_entries(
    tmp_path: Path,
) -> None:
    laptop = sealed(Device(tmp_path, "laptop"))
    start(laptop)
    desktop = Device(tmp_path, "desktop")
    desktop.ok(NOW, "toward", "zqxbeforejoining")
    plain = Path(desktop.env["TRUSTLOG_DB"])
    assert plain.read_bytes()[:16] == SQLITE
    deliver(laptop, desktop)
    sealed(desktop).ok(NOW, "sync", "join", str(desktop.folder))
    desktop.ok(NOW, "unlock")
    assert plain.read_bytes()[:16] != SQLITE
    assert b"zqxbeforejoining" not in every_byte(desktop.root)
    settle([laptop, desktop], NOW + timedelta(minutes=1))
    assert "zqxbeforejoining" in laptop.ok(NOW, "log")


def test_an_encrypted_device_does_not_join_a_plain_folder(tmp_path: Path) -> None:
    laptop = Device(tmp_path, "laptop")
    laptop.ok(NOW, "toward", "plain here")
    laptop.ok(NOW, "sync", str(laptop.folder))
    desktop = sealed(Device(tmp_path, "desktop"))
    desktop.ok(NOW, "toward", "kept locked")
    assert desktop.run(NOW, "encrypt")[0] == 0
    deliver(laptop, desktop)
    before = files_under(desktop.root)
    code, _out, err = desktop.run(NOW, "sync", "join", str(desktop.folder))
    assert code == 1 and "in clear" in err and err.count("\n") == 1
    assert files_under(desktop.root) == before


def test_encrypted_after_syncing_plain_seals_at_the_next_sync(tmp_path: Path) -> None:
    laptop = Device(tmp_path, "laptop")
    laptop.ok(NOW, "toward", "began plain")
    laptop.ok(NOW, "sync", str(laptop.folder))
    sealed(laptop)
    assert laptop.run(NOW, "encrypt")[0] == 0
    laptop.ok(NOW, "unlock")
    laptop.ok(NOW, "toward", "zqxafterlocking")
    laptop.ok(NOW, "sync")
    written = every_byte(laptop.folder)
    assert b"zqxafterlocking" not in written and b"AGE-SECRET-KEY-1" not in written


def test_a_new_passphrase_seals_the_identity_again_and_a_new_device_joins_with_it(
    pair: list[Device],
) -> None:
    laptop, _desktop = pair
    new = {"TRUSTLOG_NEW_PASSPHRASE": "walnut tree in spring"}
    laptop.env |= new
    code, _out, err = laptop.run(NOW, "passphrase")
    assert code == 0, err
    laptop.env["TRUSTLOG_PASSPHRASE"] = new["TRUSTLOG_NEW_PASSPHRASE"]
    laptop.ok(NOW, "sync")
    third = Device(laptop.root.parent, "phone")
    deliver(laptop, third)  # the laptop's folder alone (the desktop keeps the old passphrase)
    third.env["TRUSTLOG_PASSPHRASE"] = PASSPHRASE  # the old one no longer opens it
    code, _out, err = third.run(NOW, "sync", "join", str(third.folder))
    assert code == 1 and "does not open" in err
    third.env["TRUSTLOG_PASSPHRASE"] = new["TRUSTLOG_NEW_PASSPHRASE"]
    third.ok(NOW, "sync", "join", str(third.folder))
    assert NOTE in third.ok(NOW, "log")


def test_a_killed_encrypted_sync_leaves_no_partial_batch_and_a_second_writes_nothing(
    pair: list[Device],
) -> None:
    laptop, desktop = pair
    script = "import sys; from trustlog.main import main; sys.exit(main(['sync']))"
    env = laptop.env | {"PYTHONPATH": str(SRC)}
    for round_ in range(4):
        laptop.ok(NOW, "toward", f"moment {round_}")
        process = subprocess.Popen([sys.executable, "-c", script], env=env)
        time.sleep(0.1 + 0.1 * round_)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in (laptop.folder / "trustlog").rglob("*.batch"):
            assert path.read_bytes().split(b"\n")[-2].startswith(b"sha256 ")
        assert laptop.run(NOW, "log")[0] == 0
    settle(pair, NOW)
    assert all(f"moment {n}" in desktop.ok(NOW, "log") for n in range(4))
    before = laptop.files()
    code, _out, err = laptop.run(NOW, "sync")  # idempotent: nothing new, nothing written
    assert code == 0 and err.strip() == "Synced: nothing new."
    assert laptop.files() == before


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_join_asks_the_passphrase_in_a_terminal_without_echo(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    laptop = sealed(Device(tmp_path, "laptop"))
    start(laptop)
    desktop = Device(tmp_path, "desktop")
    deliver(laptop, desktop)
    env = desktop.env | {"PYTHONPATH": str(SRC), "NO_COLOR": "1"}
    env.pop("TRUSTLOG_PASSPHRASE", None)
    child = pexpect.spawn(
        sys.executable, ["-m", "trustlog", "sync", "join", str(desktop.folder)],
        env=env, encoding="utf-8", timeout=30,
    )  # fmt: skip
    child.expect("Passphrase for the journal: ")
    child.sendline(PASSPHRASE)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert PASSPHRASE not in child.before  # not echoed
    assert f"Joined {OWNER}'s journal" in child.before
    desktop.env["TRUSTLOG_PASSPHRASE"] = PASSPHRASE
    assert NOTE in desktop.ok(NOW, "log")
    assert os.stat(desktop.env["TRUSTLOG_DB"]).st_mode & 0o077 == 0


def test_a_locked_journal_says_so_and_remind_never_asks(pair: list[Device]) -> None:
    laptop, _desktop = pair
    laptop.ok(NOW, "lock")
    laptop.env.pop("TRUSTLOG_PASSPHRASE")
    laptop.ok(NOW, "toward", "zqxwhilelocked")  # into the inbox, sealed
    before = laptop.files()
    code, _out, err = laptop.run(NOW, "sync")
    assert (code, err) == (1, "trustlog: the journal is locked; run trustlog unlock\n")
    code, _out, err = laptop.run(NOW, "remind", "--print")
    assert code == 0 and "Sync" not in err
    assert laptop.files() == before

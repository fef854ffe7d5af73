"""Choosing a sync folder: a new folder gets the whole journal, a folder that holds
another journal is refused, and a slip of the keyboard is not taken for a folder."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from test_sync import Device, deliver

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


def _notes(device: Device) -> list[str]:
    return sorted(e["note"] for e in json.loads(device.ok(NOW, "log", "--json")))


def test_a_fresh_folder_gets_the_whole_journal_already_synced_elsewhere(tmp_path: Path) -> None:
    laptop, desktop = Device(tmp_path, "laptop"), Device(tmp_path, "desktop")
    laptop.ok(NOW, "toward", "walked by the river")
    laptop.ok(NOW, "away", "missed the call")
    laptop.ok(NOW, "sync", str(laptop.folder))
    fresh = tmp_path / "laptop" / "fresh"
    fresh.mkdir()
    code, _out, err = laptop.run(NOW, "sync", str(fresh))
    assert code == 0
    assert "sent 2 changes" in err
    assert f"now syncs through {fresh}, no longer {laptop.folder}" in err
    desktop.folder.rmdir()
    desktop.folder = fresh  # the new folder is what reaches the desktop now
    desktop.ok(NOW, "sync", "join", str(fresh))
    assert _notes(desktop) == ["missed the call", "walked by the river"]


def test_syncing_the_same_folder_again_sends_nothing_twice(tmp_path: Path) -> None:
    laptop = Device(tmp_path, "laptop")
    laptop.ok(NOW, "toward", "tea in bed")
    laptop.ok(NOW, "sync", str(laptop.folder))
    code, _out, err = laptop.run(NOW, "sync", str(laptop.folder))
    assert (code, err) == (0, "Synced: nothing new.\n")


def test_a_folder_holding_another_journal_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    ours, theirs = Device(tmp_path, "ours"), Device(tmp_path, "theirs")
    theirs.ok(NOW, "toward", "their own walk")
    theirs.ok(NOW, "sync", str(theirs.folder))
    deliver(theirs, ours)
    before = ours.files()
    ours.ok(NOW, "toward", "our own evening")
    journal = Path(ours.env["TRUSTLOG_DB"]).read_bytes()
    code, _out, err = ours.run(NOW, "sync", str(ours.folder))
    assert code == 1
    assert err.startswith(f"trustlog: {ours.folder} already holds another trustlog journal;")
    assert ours.files() == before
    # nor the journal: not even a device id (found by the fuzz test)
    assert Path(ours.env["TRUSTLOG_DB"]).read_bytes() == journal
    assert not Path(ours.env["TRUSTLOG_CONFIG"]).exists()


@pytest.mark.parametrize(
    ("words", "line"),
    [
        (["join"], "`trustlog sync join` needs the folder: `trustlog sync join DIR`."),
        (["statu"], "There is no sync step `statu`."),
        (["stauts"], "There is no sync step `stauts`."),
    ],
)
def test_a_slip_is_not_taken_for_a_folder(tmp_path: Path, words: list[str], line: str) -> None:
    device = Device(tmp_path, "laptop")
    device.ok(NOW, "toward", "hug")
    code, _out, err = device.run(NOW, "sync", *words)
    assert code == 2
    assert err.startswith(f"trustlog: {line}")
    assert err.count("\n") == 1


def test_joining_says_entry_numbers_are_each_devices_own(tmp_path: Path) -> None:
    laptop, desktop = Device(tmp_path, "laptop"), Device(tmp_path, "desktop")
    laptop.ok(NOW, "toward", "kind words")
    laptop.ok(NOW, "sync", str(laptop.folder))
    deliver(laptop, desktop)
    code, _out, err = desktop.run(NOW, "sync", "join", str(desktop.folder))
    assert code == 0
    assert "Entry numbers are each device's own" in err


def test_a_restored_backup_gets_back_what_it_sent_since_by_joining_again(tmp_path: Path) -> None:
    """The README's way back from a backup on a device that syncs: `sync join DIR`."""
    laptop, desktop = Device(tmp_path, "laptop"), Device(tmp_path, "desktop")
    laptop.ok(NOW, "toward", "before the backup")
    laptop.ok(NOW, "sync", str(laptop.folder))
    journal = Path(laptop.env["TRUSTLOG_DB"])
    backup = tmp_path / "backup.db"
    laptop.ok(NOW, "backup", str(backup))
    laptop.ok(NOW, "toward", "after the backup")
    laptop.ok(NOW, "sync")
    for side in (journal, Path(f"{journal}-wal"), Path(f"{journal}-shm")):
        side.unlink(missing_ok=True)
    backup.replace(journal)
    assert _notes(laptop) == ["before the backup"]
    laptop.ok(NOW, "sync", "join", str(laptop.folder))
    laptop.ok(NOW, "toward", "a new day")
    laptop.ok(NOW, "sync")
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync", "join", str(desktop.folder))
    expected = ["a new day", "after the backup", "before the backup"]
    assert _notes(laptop) == _notes(desktop) == expected


PW = {"TRUSTLOG_PASSPHRASE": "our long walk", "TRUSTLOG_NEW_PASSPHRASE": "our long walk"}


def test_a_journal_encrypted_after_syncing_plain_still_brings_in_a_new_device(
    tmp_path: Path,
) -> None:
    """The README's order (sync plain, then encrypt, sync again): a device joining later
    gets the whole journal, sealed; the old plain batches are not taken, and say why."""
    laptop, desktop, phone = (Device(tmp_path, name) for name in ("laptop", "desktop", "phone"))
    for device in (laptop, desktop, phone):
        device.env |= PW
    laptop.ok(NOW, "toward", "walked by the river")
    laptop.ok(NOW, "sync", str(laptop.folder))
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync", "join", str(desktop.folder))
    desktop.ok(NOW, "away", "missed the call")
    desktop.ok(NOW, "sync")
    deliver(desktop, laptop)
    laptop.ok(NOW, "sync")
    for device in (laptop, desktop):
        device.ok(NOW, "encrypt")
        code, _out, err = device.run(NOW, "sync")
        assert code == 0, err
        assert "This journal is encrypted now" in err
    for source in (laptop, desktop):
        deliver(source, phone)
    code, _out, err = phone.run(NOW, "sync", "join", str(phone.folder))
    assert code == 0, err
    assert "written while this journal was plain" in err
    assert _notes(phone) == ["missed the call", "walked by the river"]


def test_sync_dir_makes_the_folder_inside_a_synced_one_the_first_time(tmp_path: Path) -> None:
    laptop = Device(tmp_path, "laptop")
    laptop.ok(NOW, "toward", "tea")
    inside = laptop.folder / "trustlog-journal"
    code, _out, err = laptop.run(NOW, "sync", str(inside))
    assert code == 0, err
    assert inside.is_dir() and inside.stat().st_mode & 0o777 == 0o700
    gone = tmp_path / "not-mounted" / "trustlog"
    code, _out, err = laptop.run(NOW, "sync", str(gone))
    assert code == 1 and "is not there (is its drive mounted?)" in err
    assert not gone.parent.exists()


def test_a_second_journal_s_folder_is_never_filled_by_the_first(tmp_path: Path) -> None:
    # A review: the folder is one setting in the config, so after a second journal's
    # `sync DIR` a plain `sync` (or a check-in's) of the first poured it into the
    # second's folder, which then held two journals and could not be joined.
    device = Device(tmp_path, "laptop")
    device.ok(NOW, "toward", "the first journal")
    device.ok(NOW, "sync", str(device.folder))
    second, second_folder = device.root / "new.db", device.root / "new-sync"
    device.ok(NOW, "--db", str(second), "toward", "a fresh start")
    device.ok(NOW, "--db", str(second), "sync", str(second_folder))
    inside = sorted(p.relative_to(second_folder) for p in second_folder.rglob("*"))
    code, _out, err = device.run(NOW, "sync")
    assert code == 1
    assert err == (
        f"trustlog: {second_folder} holds another trustlog journal, not "
        f"{device.env['TRUSTLOG_DB']}, so nothing was sent; "
        "`trustlog sync DIR` gives this journal its own folder.\n"
    )
    code, _out, err = device.run(NOW, "checkin", "--yes")
    assert code == 0 and "Sync skipped: " in err
    assert sorted(p.relative_to(second_folder) for p in second_folder.rglob("*")) == inside

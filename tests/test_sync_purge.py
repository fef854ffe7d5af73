"""A purge travels: the next sync erases it on every device, and no batch from before
(nor a copy that still holds the row) ever brings it back."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from test_sync import Device, connect, deliver, settle

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
CANARY = "wombatpurge41"


@pytest.fixture
def pair(tmp_path: Path) -> list[Device]:
    devices = [Device(tmp_path, "laptop"), Device(tmp_path, "desktop")]
    connect(devices, NOW)
    return devices


def _live(device: Device) -> list[dict[str, Any]]:
    rows = json.loads(device.ok(NOW, "log", "--json"))
    assert isinstance(rows, list)
    return rows


def _id(device: Device, note: str) -> str:
    return str(next(e["id"] for e in _live(device) if e["note"] == note))


def _journal_bytes(device: Device) -> bytes:
    return b"".join(p.read_bytes() for p in device.root.glob("trustlog.db*") if p.is_file())


def _everywhere(devices: list[Device]) -> list[dict[str, Any]]:
    shapes = [device.journal(NOW + timedelta(hours=1)) for device in devices]
    assert all(shape == shapes[0] for shape in shapes)
    return shapes


def test_a_purged_entry_is_erased_on_the_other_device_at_its_next_sync(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.ok(NOW, "toward", CANARY, "said sorry")
    settle(pair, NOW)
    assert any(CANARY in e["note"] for e in _live(desktop))
    laptop.ok(NOW, "purge", _id(laptop, f"{CANARY} said sorry"), "--yes")
    laptop.ok(NOW, "sync")
    deliver(laptop, desktop)
    code, _out, err = desktop.run(NOW, "sync")
    assert code == 0
    assert err == "Synced: erased for good what another device purged.\n"
    assert all(CANARY not in e["note"] for e in _live(desktop))
    assert json.loads(desktop.ok(NOW, "search", CANARY, "--json")) == []
    assert CANARY.encode() not in _journal_bytes(desktop)  # nor in free pages or the WAL
    settle(pair, NOW)
    _everywhere(pair)


def test_an_edit_made_before_the_purge_arrived_does_not_bring_it_back(tmp_path: Path) -> None:
    devices = [Device(tmp_path, name) for name in ("laptop", "desktop", "phone")]
    laptop, desktop, phone = devices
    connect(devices, NOW)
    laptop.ok(NOW, "toward", "held hands")
    settle(devices, NOW)
    later = NOW + timedelta(minutes=30)
    laptop.ok(later, "purge", _id(laptop, "held hands"), "--yes")
    laptop.ok(later, "sync")
    # the phone has not heard of the purge: it edits the entry, later, and syncs
    phone.ok(later + timedelta(minutes=5), "edit", _id(phone, "held hands"), "--note", "hands")
    phone.ok(later + timedelta(minutes=5), "sync")
    deliver(phone, desktop)
    desktop.ok(later + timedelta(minutes=6), "sync")  # the edit first, then the purge
    assert any(e["note"] == "hands" for e in _live(desktop))
    settle(devices, later + timedelta(minutes=10))
    for device in devices:
        assert all(e["note"] not in ("held hands", "hands") for e in _live(device))
        assert all(e["note"] not in ("held hands", "hands") for e in _deleted(device))
    _everywhere(devices)


def test_a_device_joining_later_never_takes_the_purged_entry(tmp_path: Path) -> None:
    laptop, desktop = Device(tmp_path, "laptop"), Device(tmp_path, "desktop")
    connect([laptop, desktop], NOW)
    desktop.ok(NOW, "toward", "wrote a letter")
    settle([laptop, desktop], NOW)  # desktop's batch carries the entry, for ever
    laptop.ok(NOW, "purge", _id(laptop, "wrote a letter"), "--yes")
    settle([laptop, desktop], NOW)
    newcomer = Device(tmp_path, "tablet")
    deliver(laptop, newcomer)
    deliver(desktop, newcomer)
    newcomer.ok(NOW, "sync", "join", str(newcomer.folder))
    assert all(e["note"] != "wrote a letter" for e in _live(newcomer))
    settle([laptop, desktop, newcomer], NOW)
    _everywhere([laptop, desktop, newcomer])


def test_a_purged_promise_goes_with_its_entries_everywhere(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.ok(NOW - timedelta(days=2), "promise", "call at lunch", "--every", "daily")
    laptop.ok(NOW - timedelta(days=2), "kept", "1", "called")
    settle(pair, NOW)
    promise = json.loads(desktop.ok(NOW, "promises", "--json"))[0]["id"]
    desktop.ok(NOW, "broken", str(promise), "forgot")  # offline: made before the purge reached it
    laptop.ok(NOW, "purge", "--promise", "1", "--yes")
    settle(pair, NOW)
    for device in pair:
        assert json.loads(device.ok(NOW, "promises", "--all", "--json")) == []
        assert all(e["kind"] not in ("kept", "broken") for e in _live(device) + _deleted(device))
    _everywhere(pair)


def test_a_purged_injury_goes_with_its_repair_steps_and_its_amends(
    pair: list[Device],
) -> None:
    laptop, desktop = pair
    laptop.ok(NOW, "injury", "the lie", "--severity", "major", "-p")
    laptop.ok(NOW, "repair", "1", "--step", "reveal", "told me all")
    laptop.ok(NOW, "repair", "1", "--amend", "weekly walk", "--every", "weekly")
    settle(pair, NOW)
    desktop.ok(NOW, "repair", "1", "--step", "acknowledge", "owned it")  # before it heard
    laptop.ok(NOW, "purge", "--injury", "1", "--yes")
    settle(pair, NOW)
    for device in pair:
        assert all(e["kind"] not in ("injury", "repair") for e in _live(device) + _deleted(device))
        promises = json.loads(device.ok(NOW, "promises", "--all", "--json"))
        assert promises == []  # the amend's words describe the injury: they go too
    shapes = _everywhere(pair)
    assert shapes[0]["injuries"] == [] and shapes[0]["promises"] == []


def test_a_purged_repair_step_alone_stays_erased(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.ok(NOW, "injury", "the lie", "--severity", "minor", "--me")
    laptop.ok(NOW, "repair", "1", "--step", "reveal", CANARY)
    settle(pair, NOW)
    step = next(e for e in _live(desktop) if e["kind"] == "repair")
    desktop.ok(NOW, "purge", str(step["id"]), "--yes")
    settle(pair, NOW)
    for device in pair:
        assert [e["kind"] for e in _live(device)].count("injury") == 1
        assert all(CANARY not in e["note"] for e in _live(device))
        assert CANARY.encode() not in _journal_bytes(device)
    _everywhere(pair)


def test_a_check_in_taken_back_by_undo_stays_gone(pair: list[Device], tmp_path: Path) -> None:
    laptop, desktop = pair
    laptop.ok(NOW, "checkin", "--yes", "--toward", "1", "--note", "quiet evening")
    settle(pair, NOW)
    copy = tmp_path / "desktop-before.db"
    desktop.ok(NOW, "backup", str(copy))  # a copy that still holds the check-in
    assert len(_export(desktop)["checkins"]) == 1
    laptop.ok(NOW, "undo")
    settle(pair, NOW)
    for device in pair:
        assert _export(device)["checkins"] == []
    laptop.ok(NOW, "merge", str(copy))
    assert _export(laptop)["checkins"] == []
    settle(pair, NOW)
    _everywhere(pair)


def test_an_older_journal_sends_its_earlier_purges_after_upgrading(pair: list[Device]) -> None:
    """A tombstone made before `009_purges_travel` goes out with the first sync after it."""
    laptop, desktop = pair
    laptop.ok(NOW, "toward", "old secret")
    settle(pair, NOW)
    uuid = next(e["uuid"] for e in _live(laptop) if e["note"] == "old secret")
    conn = sqlite3.connect(laptop.root / "trustlog.db")
    with conn:  # as 008 left it: the row gone and its tombstone, never marked for sync
        conn.execute("DELETE FROM entries WHERE uuid = ?", (uuid,))
        conn.execute("INSERT INTO tombstones VALUES (?, '2026-11-25T20:00:00+00:00')", (uuid,))
        conn.execute("DELETE FROM sync_changes")
        conn.execute("DROP TRIGGER checkins_purged")
        conn.execute("DROP TRIGGER tombstones_sync_insert")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '009_purges_travel'")
        conn.execute("PRAGMA user_version = 8")
    conn.close()
    settle(pair, NOW)
    assert all(e["note"] != "old secret" for e in _live(desktop))


def test_batches_from_before_purges_travelled_are_still_read(pair: list[Device]) -> None:
    laptop, desktop = pair
    laptop.ok(NOW, "toward", "from an old trustlog")
    laptop.ok(NOW, "sync")
    for path in (laptop.folder / "trustlog").rglob("*.batch"):
        assert b'"table":"tombstones"' not in path.read_bytes()
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync")
    assert any(e["note"] == "from an old trustlog" for e in _live(desktop))


def test_a_purge_travels_through_a_real_git_repository(tmp_path: Path, pair: list[Device]) -> None:
    from test_sync_folder import GitHub

    laptop, desktop = pair
    laptop.ok(NOW, "toward", CANARY)
    settle(pair, NOW)
    hub = GitHub(tmp_path, pair)
    assert any(e["note"] == CANARY for e in _live(desktop))
    laptop.ok(NOW, "purge", _id(laptop, CANARY), "--yes")
    hub.rounds()
    for device in pair:
        assert all(e["note"] != CANARY for e in _live(device))
        assert CANARY.encode() not in _journal_bytes(device)
    _everywhere(pair)


def _deleted(device: Device) -> list[dict[str, Any]]:
    rows = json.loads(device.ok(NOW, "log", "--deleted", "--json"))
    assert isinstance(rows, list)
    return rows


def _export(device: Device) -> dict[str, Any]:
    doc = json.loads(device.ok(NOW, "export"))
    assert isinstance(doc, dict)
    return doc

"""A hostile or damaged sync folder: forged batches, bad changes, this device's batches
gone, links that point elsewhere.  None of them changes the journal or blocks sync."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from test_sync import Device, deliver
from test_sync_sealed import sealed, start
from trustlog.features.sync import batches, folders, frames

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
FORGER = "f0f0f0f0-0000-4000-8000-00000000000f"
CANARY = "zqxforgednote"


def journal_uuid(device: Device) -> str:
    (journal,) = (device.folder / "trustlog").iterdir()
    return journal.name


def forged_folder(device: Device, name: str = FORGER) -> Path:
    return folders.device_folder(device.folder, journal_uuid(device), name)


def entry(**fields: Any) -> dict[str, Any]:
    return {
        "table": "entries",
        "uuid": "0e0e0e0e-0000-4000-8000-00000000000e",
        "kind": "toward",
        "amount": 1,
        "by": "me",
        "on": "2026-11-25",
        "note": CANARY,
        "tags": [],
        "recorded_at": "2026-11-25T19:00:00.000000+00:00",
        "deleted_at": None,
        "changed_at": None,
        "occurrence": None,
        "step": None,
        "promise_uuid": None,
        "injury_uuid": None,
    } | fields


def entries(device: Device) -> list[dict[str, Any]]:
    return list(json.loads(device.ok(NOW, "export", skew=False))["entries"])


def one_device(tmp_path: Path) -> Device:
    laptop = Device(tmp_path, "laptop")
    laptop.ok(NOW, "toward", "first walk")
    laptop.ok(NOW, "sync", str(laptop.folder))
    return laptop


# -- 1. an encrypted journal takes only batches sealed with its own key ---------------------


@pytest.fixture
def locked(tmp_path: Path) -> Device:
    laptop = sealed(Device(tmp_path, "laptop"))
    start(laptop)
    return laptop


def forge_sealed(device: Device, seal_with: str | None, magic: str) -> None:
    """A batch encrypted to the journal's public key (which `trustlog key` gives anyone)."""
    import pyrage

    public = device.ok(NOW, "key").split()[0]
    payload = pyrage.encrypt(frames.jsonl([entry()]), [pyrage.x25519.Recipient.from_str(public)])
    folder = forged_folder(device)
    folder.mkdir(mode=0o700)
    fields = {
        "journal": folder.parent.name,
        "device": FORGER,
        "seq": "1",
        "written": NOW.isoformat(),
        "payload": "age",
    }
    key = None if seal_with is None else batches.batchseal.seal_key(seal_with)
    (folder / "00000001.batch").write_bytes(frames.frame(magic, fields, payload, key))


def test_an_encrypted_journal_refuses_a_plain_batch(locked: Device) -> None:
    folder = forged_folder(locked)
    batches.write_batch(folder, 1, [entry()], recipient=None, now=NOW)
    before = entries(locked)
    code, _out, err = locked.run(NOW, "sync")
    assert code == 0, err
    assert f"from device {FORGER} was written while this journal was plain" in err
    assert "took" not in err and CANARY not in err
    assert entries(locked) == before


def test_an_encrypted_journal_refuses_a_batch_sealed_with_another_key(locked: Device) -> None:
    import pyrage

    forge_sealed(locked, str(pyrage.x25519.Identity.generate()), frames.SEALED_MAGIC)
    before = entries(locked)
    err = locked.run(NOW, "sync")[2]
    assert "is not sealed by this journal's key; it was not taken." in err
    assert entries(locked) == before


def test_an_unsealed_batch_of_the_older_format_is_refused_with_what_to_do(locked: Device) -> None:
    forge_sealed(locked, None, frames.BATCH_MAGIC)
    before = entries(locked)
    err = locked.run(NOW, "sync")[2]
    assert "older trustlog that did not seal its batches" in err
    assert "Start a fresh sync folder" in err
    assert entries(locked) == before


def test_sealed_batches_still_travel_between_the_journals_devices(tmp_path: Path) -> None:
    laptop = sealed(Device(tmp_path, "laptop"))
    start(laptop)
    desktop = sealed(Device(tmp_path, "desktop"))
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync", "join", str(desktop.folder))
    desktop.ok(NOW, "toward", "desk walk")
    desktop.ok(NOW, "sync")
    deliver(desktop, laptop)
    err = laptop.run(NOW, "sync")[2]
    assert "took 1 entry" in err and "not sealed" not in err
    mine = next(laptop.folder.rglob("00000001.batch")).read_bytes()
    assert mine.startswith(b"trustlog-batch 2\n") and b"\nseal " in mine


# -- 2. a batch with any bad change is refused whole ------------------------------------------

BAD = {
    "an unknown kind": entry(kind="bogus"),
    "an amount in words": entry(amount="lots"),
    "a day that is no day": entry(on="not a day"),
    "a deposit below zero": entry(kind="deposit", amount=-7),
    "an amount past any bound": entry(amount=1e23),
    "a note that is an object": entry(note={"x": 1}),
    "an entry without a kind": {k: v for k, v in entry().items() if k != "kind"},
    "an entry without a uuid": {k: v for k, v in entry().items() if k != "uuid"},
    "an entry without recorded_at": entry(recorded_at=None),
    "a stamp that is a number": entry(changed_at=20261125),
    "a tombstone without a uuid": {"table": "tombstones", "deleted": NOW.isoformat()},
    "a tombstone without a time": {"table": "tombstones", "uuid": "u1", "deleted": "soon"},
    "a change of no known table": entry(table="secrets"),
    "a check-in on no day": {"table": "checkins", "uuid": "c1", "on": 5, "note": "",
                             "recorded_at": NOW.isoformat()},
}  # fmt: skip


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_a_batch_with_a_bad_change_is_refused_whole_and_nothing_breaks(
    tmp_path: Path, bad: dict[str, Any]
) -> None:
    laptop = one_device(tmp_path)
    folder = forged_folder(laptop)
    good = entry(uuid="0d0d0d0d-0000-4000-8000-00000000000d", note="fine")
    batches.write_batch(folder, 1, [good, bad], recipient=None, now=NOW)
    batches.write_batch(folder, 2, [entry(uuid="0c0c0c0c-0000-4000-8000-00000000000c")],
                        recipient=None, now=NOW)  # fmt: skip
    before = entries(laptop)
    for command in (("sync",), ("checkin", "--yes", "--note", "fine")):
        code, _out, err = laptop.run(NOW, *command)
        assert code == 0, err
        assert (
            f"Batch 00000001.batch from device {FORGER} holds a change trustlog cannot take" in err
        )
        assert "it was not taken." in err and "Traceback" not in err
        assert CANARY not in err and "took" not in err
    taken = {row["uuid"] for row in entries(laptop)} - {row["uuid"] for row in before}
    assert taken.isdisjoint({good["uuid"], "0c0c0c0c-0000-4000-8000-00000000000c"})
    assert not [row for row in entries(laptop) if row["kind"] != "note"][1:]  # nor the next
    for command in ("log", "balance", "report"):
        code, _out, err = laptop.run(NOW, command)
        assert code == 0, err
    status = json.loads(laptop.ok(NOW, "sync", "status", "--json"))
    forger = next(d for d in status["devices"] if d["device"] == FORGER)
    assert forger["taken"] == 0 and forger["waiting_for"] == 1


def test_a_toward_worth_what_a_device_may_weigh_it_is_taken(tmp_path: Path) -> None:
    """weights.toward may be set up to 1,000,000 on a device: 5000 is no damage."""
    laptop = one_device(tmp_path)
    batches.write_batch(forged_folder(laptop), 1, [entry(amount=5000)], recipient=None, now=NOW)
    assert "took 1 entry" in laptop.run(NOW, "sync")[2]
    assert json.loads(laptop.ok(NOW, "balance", "--json"))["balance"] == 5001


# -- 3. this device's batches gone from the folder --------------------------------------------


def test_batches_gone_from_the_folder_go_out_again_under_a_new_device(tmp_path: Path) -> None:
    laptop = one_device(tmp_path)
    desktop = Device(tmp_path, "desktop")
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync", "join", str(desktop.folder))
    for note in ("second walk", "third walk"):
        laptop.ok(NOW, "toward", note)
        laptop.ok(NOW, "sync")
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync")  # took laptop's batches 1 to 3
    old = next(p for p in (laptop.folder / "trustlog").glob("*/*") if any(p.glob("*.batch")))
    for copy in (laptop, desktop):  # the sync tool carries the deletion everywhere
        shutil.rmtree(copy.folder / old.relative_to(laptop.folder))
    laptop.ok(NOW, "toward", "fourth walk")
    err = laptop.run(NOW, "sync")[2]
    assert "This device's batches were missing from the sync folder; it sent the whole " in err
    assert not old.exists()
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync")
    notes = sorted(row["note"] for row in entries(desktop))
    assert notes == ["first walk", "fourth walk", "second walk", "third walk"]
    assert "missing" not in laptop.run(NOW, "sync")[2]  # once, not at every sync


# -- 4. links below the sync folder are never followed ----------------------------------------


def elsewhere(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    outside = tmp_path / "elsewhere"
    outside.mkdir(mode=0o755)
    (outside / "keep.txt").write_text("mine")
    (outside / ".00000001.batch.999999999.tmp").write_text("not a temp of trustlog's")
    os.chmod(outside, 0o755)
    return outside, {p.name: p.read_bytes() for p in outside.iterdir()}


@pytest.mark.parametrize("level", [3, 2, 1], ids=["device", "journal", "trustlog"])
def test_a_linked_folder_below_the_sync_folder_is_never_written(tmp_path: Path, level: int) -> None:
    laptop = one_device(tmp_path)
    own = next(p for p in (laptop.folder / "trustlog").glob("*/*"))
    linked = laptop.folder / Path(*own.relative_to(laptop.folder).parts[:level])
    outside, before = elsewhere(tmp_path)
    shutil.rmtree(linked)
    linked.symlink_to(outside, target_is_directory=True)
    laptop.ok(NOW, "toward", f"{CANARY} by the river")
    code, _out, err = laptop.run(NOW, "sync")
    assert code == 1
    assert "is a link or not a folder; trustlog writes only into real folders" in err
    assert len(err.strip().splitlines()) == 1 and CANARY not in err
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    assert outside.stat().st_mode & 0o777 == 0o755


def test_a_sync_folder_that_is_itself_a_link_is_fine(tmp_path: Path) -> None:
    real = tmp_path / "dropbox"
    real.mkdir()
    laptop = Device(tmp_path, "laptop")
    laptop.folder.rmdir()
    laptop.folder.symlink_to(real, target_is_directory=True)
    laptop.ok(NOW, "toward", "walk")
    laptop.ok(NOW, "sync", str(laptop.folder))
    assert list(real.rglob("00000001.batch"))


def test_another_devices_linked_folder_or_batch_is_skipped_with_a_line(tmp_path: Path) -> None:
    laptop = one_device(tmp_path)
    outside = tmp_path / "elsewhere"
    batches.write_batch(outside / "j" / FORGER, 1, [entry()], recipient=None, now=NOW)
    forged_folder(laptop).symlink_to(outside / "j" / FORGER, target_is_directory=True)
    other = forged_folder(laptop, "0b0b0b0b-0000-4000-8000-00000000000b")
    other.mkdir()
    (other / "00000001.batch").symlink_to(outside / "j" / FORGER / "00000001.batch")
    code, _out, err = laptop.run(NOW, "sync")
    assert code == 0, err
    assert f"Device folder {FORGER} in the sync folder is a link; trustlog follows no links" in err
    assert "00000001.batch from device 0b0b0b0b-0000-4000-8000-00000000000b is a link" in err
    assert "took" not in err and len(entries(laptop)) == 1
    (other / "journal.identity").symlink_to(outside / "j" / FORGER / "00000001.batch")
    assert laptop.run(NOW, "sync")[0] == 0  # a linked identity is not read either

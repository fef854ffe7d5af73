"""A hostile or damaged sync folder, round 3: a refusal writes nothing, a forged plain
identity is never adopted, a huge or malformed file is one line, junk does not stop
a device, and many strangers make a few lines."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from test_sync import Device, deliver
from test_sync_hostile import FORGER, NOW, journal_uuid
from test_sync_sealed import every_byte, sealed, start
from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batches, folders, frames, identities, steps

SECRET = b"AGE-SECRET-KEY"
FAR = datetime(2099, 1, 1, tzinfo=UTC)


def joined_sealed(tmp_path: Path) -> tuple[Device, Device]:
    laptop = sealed(Device(tmp_path, "laptop"))
    start(laptop)
    desktop = sealed(Device(tmp_path, "desktop"))
    deliver(laptop, desktop)
    desktop.ok(NOW, "sync", "join", str(desktop.folder))
    return laptop, desktop


# -- 1. every refusal comes before anything is written ------------------------------------


def test_a_decrypted_copy_refused_among_sealed_ones_leaves_no_key_in_the_folder(
    tmp_path: Path,
) -> None:
    _laptop, desktop = joined_sealed(tmp_path)
    assert desktop.run(NOW, "decrypt", skew=False)[0] == 0
    del desktop.env["TRUSTLOG_PASSPHRASE"]
    for args in (("sync", str(desktop.folder)), ("sync",)):
        code, _out, err = desktop.run(NOW, *args)
        assert code == 1
        assert "this copy is plain" in err and "Nothing was sent" in err
        assert SECRET not in every_byte(desktop.folder)


# -- 2. a forged plain identity is never adopted; a failed join changes nothing ---------


def forge_plain_identity(device: Device) -> str:
    """What anyone with the folder can write: a plain identity with the journal's uuid,
    their own age key pair, dated far ahead so it is the newest."""
    import pyrage

    mine = pyrage.x25519.Identity.generate()
    uuid = journal_uuid(device)
    folder = folders.device_folder(device.folder, uuid, FORGER)
    identity = {
        "owner_uuid": uuid,
        "owner_name": "Zqxforger",
        "age_secret_key": str(mine),
        "age_public_key": str(mine.to_public()),
    }
    identities.write_identity(folder, identity, now=FAR)
    return str(mine.to_public())


def meta(device: Device) -> list[tuple[str, str]]:
    with sqlite3.connect(device.env["TRUSTLOG_DB"]) as conn:
        return sorted(conn.execute("SELECT key, value FROM meta"))


def test_a_forged_plain_identity_in_an_encrypted_folder_is_never_adopted(
    tmp_path: Path,
) -> None:
    laptop = sealed(Device(tmp_path, "laptop"))
    start(laptop)
    forged = forge_plain_identity(laptop)
    third = Device(tmp_path, "third")
    deliver(laptop, third)
    code, _out, err = third.run(NOW, "sync", "join", str(third.folder))
    assert code == 1 and "passphrase is needed" in err
    assert not Path(third.env["TRUSTLOG_DB"]).exists()  # nothing adopted, nothing made
    sealed(third)
    code, _out, err = third.run(NOW, "sync", "join", str(third.folder))
    assert code == 0, err
    assert "is plain while this journal is kept encrypted" in err and "not taken" in err
    assert "Zqxforger" not in err
    assert third.ok(NOW, "key") == laptop.ok(NOW, "key") != forged + "\n"


def test_a_join_that_fails_after_adopting_leaves_the_journal_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = Device(tmp_path, "laptop")
    laptop.ok(NOW, "toward", "first walk")
    laptop.ok(NOW, "sync", str(laptop.folder))
    desktop = Device(tmp_path, "desktop")
    deliver(laptop, desktop)
    desktop.ok(NOW, "away", "before joining")
    desktop.ok(NOW, "key")
    before = meta(desktop), desktop.ok(NOW, "key")

    def full_disk(*_args: object) -> None:
        raise TrustlogError("The disk is full, so nothing was saved.")

    monkeypatch.setattr(steps, "sync", full_disk)
    code, _out, err = desktop.run(NOW, "sync", "join", str(desktop.folder))
    assert code == 1 and "disk is full" in err
    assert (meta(desktop), desktop.ok(NOW, "key")) == before
    monkeypatch.undo()
    desktop.ok(NOW, "sync", "join", str(desktop.folder))
    assert desktop.ok(NOW, "key") == laptop.ok(NOW, "key")


# -- 3. a small hostile file is one line; a check-in always goes on ------------------------


def plain_pair(tmp_path: Path) -> Device:
    laptop = Device(tmp_path, "laptop")
    laptop.ok(NOW, "toward", "first walk")
    laptop.ok(NOW, "sync", str(laptop.folder))
    return laptop


def framed(device: Device, payload: bytes, seq: int = 1, name: str = "evil") -> Path:
    folder = folders.device_folder(device.folder, journal_uuid(device), name)
    folder.mkdir(parents=True, exist_ok=True)
    fields = {"journal": folder.parent.name, "device": name, "seq": str(seq)}
    fields |= {"written": NOW.isoformat(), "payload": "jsonl"}
    path = folder / f"{seq:08d}.batch"
    path.write_bytes(frames.frame(frames.BATCH_MAGIC, fields, payload))
    return path


def test_a_huge_number_or_deep_nesting_in_a_batch_is_one_line_never_a_crash(
    tmp_path: Path,
) -> None:
    laptop = plain_pair(tmp_path)
    evil = folders.device_folder(laptop.folder, journal_uuid(laptop), "evil")
    evil.mkdir()
    (evil / "00000001.batch").write_bytes(
        b"trustlog-batch 2\nsha256 " + b"0" * 64 + b" " + b"9" * 5000 + b"\n"
    )
    framed(laptop, b"[" * 200_000 + b"\n", seq=1, name="deep")
    for args in (("sync",), ("sync", "status"), ("checkin", "--yes", "--note", "fine")):
        code, _out, err = laptop.run(NOW, *args)
        assert code == 0, err
        assert "Traceback" not in err and "Error" not in err
    code, _out, err = laptop.run(NOW, "sync")
    assert "Batch 00000001.batch from device deep is damaged; it was not taken." in err
    assert err.count("device deep") == 1
    assert "fine" in laptop.ok(NOW, "log")


def test_anything_unexpected_in_a_check_ins_sync_is_one_line_and_the_check_in_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = plain_pair(tmp_path)

    def unexpected(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("zqxsecretnote")

    monkeypatch.setattr(batches, "scan", unexpected)
    code, _out, err = laptop.run(NOW, "checkin", "--yes", "--note", "fine")
    assert code == 0
    assert err.count("Sync skipped: something unexpected went wrong (RuntimeError)") == 1
    assert "zqxsecretnote" not in err
    assert "fine" in laptop.ok(NOW, "log")
    laptop.env["TRUSTLOG_DEBUG"] = "1"
    with pytest.raises(RuntimeError):
        laptop.run(NOW, "checkin", "--yes", "--note", "again")


# -- 4. a huge file is refused by its size, never read ------------------------------------


def test_a_huge_sparse_batch_is_refused_by_its_size_without_being_read(tmp_path: Path) -> None:
    import resource

    laptop = plain_pair(tmp_path)
    huge = framed(laptop, b'{"table":"entries"}\n')
    os.truncate(huge, 2 << 30)  # sparse: 2 GiB that take no disk
    (huge.parent / "journal.identity").write_bytes(b"x")
    os.truncate(huge.parent / "journal.identity", 64 << 20)
    for args in (("sync",), ("sync", "status"), ("checkin", "--yes", "--note", "fine")):
        code, _out, err = laptop.run(NOW, *args)
        assert code == 0, err
    code, _out, err = laptop.run(NOW, "sync")
    assert (
        "00000001.batch from device evil is 2.0 GiB, larger than any trustlog writes "
        "(1.0 GiB); it was not read." in err
    )
    assert err.count("batch from device evil") == 1
    assert "The identity from device evil is damaged; skipped." in err  # 64 MiB: not read
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1 << 20  # KiB: under 1 GiB


# -- 5. a junk file in a device's folder never makes it skip ahead -------------------------


def test_a_junk_batch_name_in_a_devices_folder_does_not_make_it_jump_ahead(
    tmp_path: Path,
) -> None:
    laptop = plain_pair(tmp_path)
    desktop = Device(tmp_path, "desktop")
    deliver(laptop, desktop)
    desktop.ok(NOW, "away", "before joining")
    desktop.ok(NOW, "sync", "join", str(desktop.folder))  # its batch 1
    deliver(desktop, laptop)
    laptop.ok(NOW, "sync")
    own = folders.device_folder(desktop.folder, journal_uuid(desktop), device_of(desktop))
    (own / "99999999.batch").write_text("junk\n")
    desktop.ok(NOW, "toward", "zqxafterjunk")
    desktop.ok(NOW, "sync")
    assert (own / "00000002.batch").exists() and not (own / "100000000.batch").exists()
    deliver(desktop, laptop)
    code, _out, err = laptop.run(NOW, "sync")
    assert code == 0 and "still arriving" not in err.replace("99999999", "")
    assert "zqxafterjunk" in laptop.ok(NOW, "log")


def device_of(device: Device) -> str:
    with sqlite3.connect(device.env["TRUSTLOG_DB"]) as conn:
        (device,) = conn.execute("SELECT value FROM meta WHERE key = 'sync_device'").fetchone()
    return str(device)


# -- 6. a junk identity is skipped with a line; a newer one asks only when alone -----------


def stranger_identities(device: Device) -> None:
    uuid = journal_uuid(device)
    fifo = folders.device_folder(device.folder, uuid, "fifo")
    fifo.mkdir()
    os.mkfifo(fifo / folders.IDENTITY_NAME)
    newer = folders.device_folder(device.folder, uuid, "newer")
    newer.mkdir()
    fields = {"journal": uuid, "device": "newer", "written": FAR.isoformat(), "payload": "json"}
    frame = frames.frame("trustlog-identity 7", fields, b'{"owner_uuid":"x"}\n')
    (newer / folders.IDENTITY_NAME).write_bytes(frame)


def test_junk_identities_block_neither_sync_nor_join(tmp_path: Path) -> None:
    laptop = plain_pair(tmp_path)
    stranger_identities(laptop)
    code, _out, err = laptop.run(NOW, "sync")
    assert code == 0, err
    assert err.count("The identity from device fifo is damaged; skipped.") == 1
    assert "update" not in err
    desktop = Device(tmp_path, "desktop")
    deliver(laptop, desktop)
    fifo = folders.device_folder(desktop.folder, journal_uuid(laptop), "fifo")
    fifo.mkdir()
    os.mkfifo(fifo / folders.IDENTITY_NAME)
    code, _out, err = desktop.run(NOW, "sync", "join", str(desktop.folder))
    assert code == 0, err
    assert "first walk" in desktop.ok(NOW, "log")


def test_a_newer_identity_asks_for_an_update_only_when_it_is_the_only_one(
    tmp_path: Path,
) -> None:
    laptop = plain_pair(tmp_path)
    stranger_identities(laptop)
    uuid = journal_uuid(laptop)
    (folders.device_folder(laptop.folder, uuid, device_of(laptop)) / "journal.identity").unlink()
    desktop = Device(tmp_path, "desktop")
    deliver(laptop, desktop)
    code, _out, err = desktop.run(NOW, "sync", "join", str(desktop.folder))
    assert code == 1
    assert (
        err
        == "trustlog: The journal's identity was made by a newer trustlog; update trustlog here.\n"
    )
    assert not Path(desktop.env["TRUSTLOG_DB"]).exists()


# -- 7. many strangers make a few lines ---------------------------------------------------


def test_two_thousand_junk_device_folders_make_a_few_lines(tmp_path: Path) -> None:
    laptop = plain_pair(tmp_path)
    journal = laptop.folder / "trustlog" / journal_uuid(laptop)
    for n in range(2000):
        (journal / f"junk{n:04d}").mkdir()
        (journal / f"junk{n:04d}" / "00000001.batch").write_bytes(b"trustlog-batch 1\n")
    for n in range(10):
        framed(laptop, b"not json\n", name=f"bad{n}")
    for args in (("sync",), ("checkin", "--yes", "--note", "fine")):
        code, _out, err = laptop.run(NOW, *args)
        assert code == 0, err
        lines = err.splitlines()
        assert len(lines) <= 9, lines
        assert "… and 1997 more devices have batches still arriving." in lines
        assert "… and 7 more files in the sync folder were not taken." in lines

"""A hostile or damaged sync folder, round 3: a refusal writes nothing, a forged plain
identity is never adopted, a huge or malformed file is one line, junk does not stop
a device, and many strangers make a few lines."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from test_sync import Device, deliver
from test_sync_hostile import FORGER, NOW, journal_uuid
from test_sync_sealed import every_byte, sealed, start
from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batches, identities, steps

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
    folder = batches.device_folder(device.folder, uuid, FORGER)
    identity = {
        "owner_uuid": uuid,
        "owner_name": "Zqxforger",
        "age_secret_key": str(mine),
        "age_public_key": str(mine.to_public()),
    }
    identities.write_identity(folder, identity, passphrase=None, now=FAR)
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

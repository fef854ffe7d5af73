"""A file trustlog did not write, sitting at a device's next batch number: that device
never replaces it, steps past it to the next free number and says so once; the other
devices step past it too and take every real batch in order (README: sync)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import rule

from test_sync import ConvergingDevices, Device, deliver
from test_sync_hostile import NOW, journal_uuid
from test_sync_hostile2 import device_of, joined_sealed, plain_pair
from tests.conftest import examples
from trustlog.app.errors import TrustlogError
from trustlog.features.sync import folders

JUNK = b"shopping list: milk, eggs\n"


def joined(tmp_path: Path) -> tuple[Device, Device, Path]:
    """A laptop and a desktop in step; the desktop's own folder (its batch 1 there)."""
    laptop = plain_pair(tmp_path)
    desktop = Device(tmp_path, "desktop")
    deliver(laptop, desktop)
    desktop.ok(NOW, "away", "before joining")
    desktop.ok(NOW, "sync", "join", str(desktop.folder))
    deliver(desktop, laptop)
    laptop.ok(NOW, "sync")
    own = folders.device_folder(desktop.folder, journal_uuid(desktop), device_of(desktop))
    assert sorted(path.name for path in own.glob("*.batch")) == ["00000001.batch"]
    return laptop, desktop, own


def lines_with(err: str, words: str) -> list[str]:
    return [line for line in err.splitlines() if words in line]


def test_junk_at_the_next_number_is_stepped_past_left_alone_and_said_once(
    tmp_path: Path,
) -> None:
    laptop, desktop, own = joined(tmp_path)
    (own / "00000002.batch").write_bytes(JUNK)
    desktop.ok(NOW, "toward", "zqxfirst")
    code, _out, err = desktop.run(NOW, "sync")
    assert code == 0, err
    said = lines_with(err, "not written by trustlog here")
    assert said == [
        f"00000002.batch in this device's sync folder ({own}) was not written by trustlog "
        "here; left alone, this device's batches go on from 00000003.batch."
    ]
    assert (own / "00000002.batch").read_bytes() == JUNK  # never replaced
    desktop.ok(NOW, "away", "zqxsecond")
    code, _out, err = desktop.run(NOW, "sync")
    assert code == 0 and "not written" not in err  # said once
    assert sorted(path.name for path in own.glob("*.batch"))[-1] == "00000004.batch"

    deliver(desktop, laptop)
    code, _out, err = laptop.run(NOW, "sync")
    assert code == 0, err
    assert "still arriving" not in err and "was not taken" not in err
    assert len(lines_with(err, "00000002.batch in device")) == 1
    assert "left alone" in err
    notes = {row["note"] for row in json.loads(laptop.ok(NOW, "log", "--json"))}
    assert {"zqxfirst", "zqxsecond"} <= notes
    code, _out, err = laptop.run(NOW, "sync")
    assert (code, err.strip()) == (0, "Synced: nothing new.")
    status = json.loads(laptop.ok(NOW, "sync", "status", "--json"))
    (other,) = [device for device in status["devices"] if not device["this"]]
    assert (other["taken"], other["waiting_for"]) == (4, None)


def test_before_the_device_steps_past_the_others_wait_and_say_so(tmp_path: Path) -> None:
    """Until the device writes its next batch, the junk is all the others see there:
    they wait, and nothing of it is taken."""
    laptop, desktop, own = joined(tmp_path)
    (own / "00000002.batch").write_bytes(JUNK)
    deliver(desktop, laptop)
    code, _out, err = laptop.run(NOW, "sync")
    assert code == 0 and "Batch 2 from device" in err and "still arriving" in err
    assert "milk" not in laptop.ok(NOW, "log")


def test_junk_at_several_next_numbers_is_one_line(tmp_path: Path) -> None:
    laptop, desktop, own = joined(tmp_path)
    for seq in (2, 3, 4):
        (own / f"{seq:08d}.batch").write_bytes(JUNK)
    desktop.ok(NOW, "toward", "zqxafter")
    err = desktop.run(NOW, "sync")[2]
    assert len(lines_with(err, "not written by trustlog here")) == 1
    assert "00000002.batch and 2 more files" in err and "from 00000005.batch" in err
    deliver(desktop, laptop)
    err = laptop.run(NOW, "sync")[2]
    assert "00000002.batch, 00000003.batch and 00000004.batch in device" in err
    assert "zqxafter" in laptop.ok(NOW, "log")


def test_an_encrypted_journal_steps_past_junk_under_its_seal(tmp_path: Path) -> None:
    """The batch after the junk says what it follows inside the sealed header, so the
    step is the device's own word, not something anyone could write in the folder."""
    laptop, desktop = joined_sealed(tmp_path)
    (own,) = (laptop.folder / "trustlog" / journal_uuid(laptop)).iterdir()
    nxt = max(int(path.stem) for path in own.glob("*.batch")) + 1
    (own / f"{nxt:08d}.batch").write_bytes(JUNK)
    laptop.ok(NOW, "toward", "zqxsealedafter")
    err = laptop.run(NOW, "sync")[2]
    assert len(lines_with(err, "not written by trustlog here")) == 1
    deliver(laptop, desktop)
    code, _out, err = desktop.run(NOW, "sync")
    assert code == 0 and "left alone" in err and "was not taken" not in err
    assert "zqxsealedafter" in desktop.ok(NOW, "log")


def test_a_forged_step_past_a_real_batch_is_refused(tmp_path: Path) -> None:
    """A file claiming to follow an earlier batch than the one taken is not taken."""
    from trustlog.features.sync.batches import read_batch, write_batch

    folder = folders.device_folder(tmp_path, "j", "d")
    change = {"table": "entries", "uuid": "0" * 32}
    write_batch(folder, 5, [change], recipient=None, now=NOW, after=2)
    assert read_batch(folder / "00000005.batch", identity=None, taken=2) == [change]
    with pytest.raises(TrustlogError) as refused:
        read_batch(folder / "00000005.batch", identity=None, taken=3)
    assert str(refused.value) == (
        "Batch 00000005.batch from device d does not follow batch 3 of that device; "
        "it was not taken."
    )


class DevicesWithJunk(ConvergingDevices):
    """The sync state machine, with junk put at a device's next batch number now and then."""

    @rule(which=st.integers(0, 2), body=st.sampled_from([JUNK, b"", b"trustlog-batch 1\n"]))
    def junk(self, which: int, body: bytes) -> None:
        device = self.devices[which % len(self.devices)]
        own = folders.device_folder(device.folder, journal_uuid(device), device_of(device))
        taken = [int(path.stem) for path in own.glob("*.batch")]
        nxt = max(taken, default=0) + 1
        (own / f"{nxt:08d}.batch").write_bytes(body)
        self.now += timedelta(minutes=1)


TestConvergenceWithJunk = DevicesWithJunk.TestCase
TestConvergenceWithJunk.settings = settings(
    max_examples=examples(3),
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

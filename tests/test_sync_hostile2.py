"""A hostile or damaged sync folder, round 3: a refusal writes nothing, a forged plain
identity is never adopted, a huge or malformed file is one line, junk does not stop
a device, and many strangers make a few lines."""

from __future__ import annotations

from pathlib import Path

from test_sync import Device, deliver
from test_sync_hostile import NOW, journal_uuid
from test_sync_sealed import every_byte, sealed, start

SECRET = b"AGE-SECRET-KEY"


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

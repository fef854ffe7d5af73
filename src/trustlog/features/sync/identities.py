"""The journal's identity in a sync folder: what `sync join` adopts on a new device
(the owner and the journal's age key), one `journal.identity` in each device's
folder, in the same frame as a batch (see `batches`):

    trustlog-identity 1
    journal <journal-uuid>
    device <device-uuid>
    written <ISO 8601 time>
    payload json|age-key|age-passphrase
    salt <32 hex>                 (age-key only: the journal file's SQLCipher salt)
    length <payload bytes>

A plain journal's identity is plain JSON; an encrypted journal's is sealed
(`age-key`: to a key derived from the journal's own SQLCipher key, `sealkey`),
so only its passphrase opens it.  `age-passphrase` (age's scrypt) is still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batches, nolinks
from trustlog.features.sync.batches import (
    IDENTITY_MAGIC,
    IDENTITY_NAME,
    _changes,
    _decrypt,
    _device_folders,
    _encrypt,
    _Frame,
    _frame,
    _jsonl,
    _padded,
    _private_folder,
    _publish,
    _read_frame,
    _subfolders,
)


def write_identity(
    folder: Path,
    identity: Mapping[str, Any],
    *,
    passphrase: str | None,
    now: datetime,
    sealed: tuple[str, bytes] | None = None,
) -> Path:
    """Leave what a joining device needs (owner, journal uuid, the journal's age
    secret key) in this device's folder, replacing its earlier copy.

    An encrypted journal's identity is `sealed` (recipient, salt): age-encrypted
    to a key derived from the journal's own key (`sealkey`), the salt beside it,
    so the passphrase and the salt open it on a new device and the folder learns
    nothing.  With `passphrase` it is sealed with age's scrypt (read, and kept
    for older folders).  Otherwise (a plain journal) anyone who can read the
    folder can read it, owner name and key included.  That adds little: the
    same folder already holds every batch of a plain journal in clear, notes
    and all.  What it adds is the key that opens share packets made `--to`
    this journal, so a partner who shares notes should be told the journal is
    plain, or the journal encrypted.
    """
    text = _jsonl([identity])
    fields = {"journal": folder.parent.name, "device": folder.name}
    fields["written"] = now.isoformat(timespec="seconds")
    if sealed is not None:
        payload = _encrypt(_padded(text), sealed[0])
        fields |= {"payload": "age-key", "salt": sealed[1].hex()}
    elif passphrase is not None:
        payload = _passphrase_encrypt(_padded(text), passphrase)
        fields["payload"] = "age-passphrase"
    else:
        payload, fields["payload"] = text, "json"
    _private_folder(folder)
    path = folder / IDENTITY_NAME
    _publish(path, _frame(IDENTITY_MAGIC, fields, payload), replace=True)
    return path


def identity_opens(folder: Path, secret: str) -> bool:
    """Whether this device's identity in the folder is sealed to `secret` (a
    journal re-keyed or encrypted since has it sealed again)."""
    frame = _read_frame(folder / IDENTITY_NAME, IDENTITY_MAGIC)
    if frame is None or frame.kind != "age-key":
        return False
    try:
        _decrypt(frame.payload, secret, "The identity")
    except TrustlogError:
        return False
    return True


def read_identity(root: Path, journal_uuid: str, *, passphrase: str | None) -> dict[str, Any]:
    """The journal's identity from the newest copy in the folder, for `sync join`."""
    frame = _newest_identity(root, journal_uuid)
    if frame.kind == "json":
        return _changes(frame.payload, "The journal's identity")[0]
    if frame.kind == "age-key":
        return _open_sealed(_identities(root, journal_uuid), passphrase)
    if frame.kind != "age-passphrase":
        raise TrustlogError("The journal's identity was made by a newer trustlog; update it here.")
    if passphrase is None:
        raise TrustlogError("This journal is encrypted: its passphrase is needed to join it.")
    import pyrage

    try:
        text: bytes = pyrage.passphrase.decrypt(frame.payload, passphrase)
    except pyrage.DecryptError:
        raise TrustlogError("That passphrase does not open this journal.") from None
    return _changes(text, "The journal's identity")[0]


def _open_sealed(frames: list[_Frame], passphrase: str | None) -> dict[str, Any]:
    """The first device's sealed identity (newest first) this passphrase opens: each
    device keeps its own passphrase, and any of them joins."""
    from trustlog.features.sync import sealkey

    if passphrase is None:
        raise TrustlogError("This journal is encrypted: its passphrase is needed to join it.")
    for frame in frames:
        try:
            salt = bytes.fromhex(frame.fields.get("salt", ""))
        except ValueError:
            continue
        if frame.kind != "age-key" or len(salt) != 16:
            continue
        secret, _public = sealkey.pair(sealkey.from_passphrase(passphrase, salt))
        try:
            text = _decrypt(frame.payload, secret, "The journal's identity")
        except TrustlogError:
            continue
        return _changes(text, "The journal's identity")[0]
    raise TrustlogError("That passphrase does not open this journal.")


def identity_encrypted(root: Path, journal_uuid: str) -> bool:
    """Whether `read_identity` needs the passphrase (ask for it first)."""
    return _newest_identity(root, journal_uuid).kind != "json"


def identity_kinds(root: Path, journal_uuid: str) -> dict[str, str]:
    """Each device's identity in the folder: `json` (plain) or `age-passphrase` (sealed)."""
    return {
        folder.name: frame.kind
        for folder in _device_folders(root / "trustlog" / journal_uuid)
        if (frame := _identity_frame(folder))
    }


def folder_sealed(root: Path, journal_uuid: str) -> bool:
    """Whether the journal is kept encrypted in this folder: any device's identity is
    sealed, or any batch is (the first of each device is looked at, its head only)."""
    if any(kind != "json" for kind in identity_kinds(root, journal_uuid).values()):
        return True
    return any(
        batches.sealed_head(folder) for folder in _device_folders(root / "trustlog" / journal_uuid)
    )


def journals(root: Path) -> list[str]:
    """The journals a device can join from this folder (those with an identity)."""
    return [
        journal.name
        for journal in _subfolders(root / "trustlog")
        if any(nolinks.is_file(folder / IDENTITY_NAME) for folder in _device_folders(journal))
    ]


def _identity_frame(folder: Path) -> _Frame | None:
    """A device's identity; one that is a link is not read (`nolinks`)."""
    path = folder / IDENTITY_NAME
    return None if nolinks.is_link(path) else _read_frame(path, IDENTITY_MAGIC)


def _newest_identity(root: Path, journal_uuid: str) -> _Frame:
    return _identities(root, journal_uuid)[0]


def _identities(root: Path, journal_uuid: str) -> list[_Frame]:
    """Every device's identity of that journal, newest first."""
    frames = [
        frame
        for folder in _device_folders(root / "trustlog" / journal_uuid)
        if (frame := _identity_frame(folder)) and frame.fields.get("journal") == journal_uuid
    ]
    if not frames:
        raise TrustlogError(
            "This sync folder holds no identity of that journal yet: run `trustlog sync DIR` "
            "on a device that has the journal, let the folder sync, then join."
        )
    return sorted(frames, key=lambda frame: frame.fields.get("written", ""), reverse=True)


def _passphrase_encrypt(text: bytes, passphrase: str) -> bytes:
    import pyrage

    encrypted: bytes = pyrage.passphrase.encrypt(text, passphrase)
    return encrypted

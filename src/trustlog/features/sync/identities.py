"""The journal's identity in a sync folder: what `sync join` adopts on a new device
(the owner and the journal's age key), one `journal.identity` in each device's
folder, in the same frame as a batch (see `frames`):

    trustlog-identity 1
    journal <journal-uuid>
    device <device-uuid>
    written <ISO 8601 time>
    payload json|age-key
    salt <32 hex>                 (age-key only: the journal file's SQLCipher salt)
    length <payload bytes>

A plain journal's identity is plain JSON; an encrypted journal's is sealed
(`age-key`: to a key derived from the journal's own SQLCipher key, `sealkey`),
so only its passphrase opens it.  (No trustlog that synced an encrypted journal
ever sealed one with age's own scrypt, so that slow form is not read.)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batches, frames, nolinks
from trustlog.features.sync.folders import (
    IDENTITY_NAME,
    device_folders,
    private_folder,
    publish,
    subfolders,
)
from trustlog.features.sync.frames import (
    IDENTITY_MAGIC,
    Frame,
    changes_in,
    decrypt,
    encrypt,
    jsonl,
    padded,
    read_frame,
)


def write_identity(
    folder: Path,
    identity: Mapping[str, Any],
    *,
    now: datetime,
    sealed: tuple[str, bytes] | None = None,
) -> Path:
    """Leave what a joining device needs (owner, journal uuid, the journal's age
    secret key) in this device's folder, replacing its earlier copy.

    An encrypted journal's identity is `sealed` (recipient, salt): age-encrypted
    to a key derived from the journal's own key (`sealkey`), the salt beside it,
    so the passphrase and the salt open it on a new device and the folder learns
    nothing.  Otherwise (a plain journal) anyone who can read the
    folder can read it, owner name and key included.  That adds little: the
    same folder already holds every batch of a plain journal in clear, notes
    and all.  What it adds is the key that opens share packets made `--to`
    this journal, so a partner who shares notes should be told the journal is
    plain, or the journal encrypted.
    """
    text = jsonl([identity])
    fields = {"journal": folder.parent.name, "device": folder.name}
    fields["written"] = now.isoformat(timespec="seconds")
    if sealed is not None:
        payload = encrypt(padded(text), sealed[0])
        fields |= {"payload": "age-key", "salt": sealed[1].hex()}
    else:
        payload, fields["payload"] = text, "json"
    private_folder(folder)
    path = folder / IDENTITY_NAME
    publish(path, frames.frame(IDENTITY_MAGIC, fields, payload), replace=True)
    return path


def identity_opens(folder: Path, secret: str) -> bool:
    """Whether this device's identity in the folder is sealed to `secret` (a
    journal re-keyed or encrypted since has it sealed again)."""
    try:
        frame = read_frame(folder / IDENTITY_NAME, IDENTITY_MAGIC)
    except TrustlogError:
        return False
    if frame is None or frame.kind != "age-key":
        return False
    try:
        decrypt(frame.payload, secret, "The identity")
    except TrustlogError:
        return False
    return True


_SEALED = ("age-key",)
_NEWER = "The journal's identity was made by a newer trustlog; update trustlog here."


def read_identity(root: Path, journal_uuid: str, *, passphrase: str | None) -> dict[str, Any]:
    """The journal's identity for `sync join`.  In a folder where the journal is kept
    encrypted only a sealed identity this passphrase opens is taken (a plain one
    there could be anyone's, made with the public key alone); in a plain folder,
    the newest plain one.  A newer trustlog's identity asks for an update only
    when no other could be used."""
    found = usable(root, journal_uuid)
    if folder_sealed(root, journal_uuid):
        if passphrase is None:
            raise TrustlogError("This journal is encrypted: its passphrase is needed to join it.")
        return _open_sealed(found, passphrase)
    plain = [frame for frame in found if frame.kind == "json"]
    if not plain:
        raise TrustlogError(_NEWER)
    return changes_in(plain[0].payload, "The journal's identity")[0]


def _open_sealed(found: list[Frame], passphrase: str) -> dict[str, Any]:
    """The first device's sealed identity (newest first) this passphrase opens: each
    device keeps its own passphrase, and any of them joins."""
    sealed = [frame for frame in found if frame.kind in _SEALED]
    if not sealed and found:
        raise TrustlogError(_NEWER)
    for frame in sealed:
        text = _unseal(frame, passphrase)
        if text is not None:
            return changes_in(text, "The journal's identity")[0]
    raise TrustlogError("That passphrase does not open this journal.")


def _unseal(frame: Frame, passphrase: str) -> bytes | None:
    """The identity's text, or None when this passphrase does not open it."""
    from trustlog.features.sync import sealkey

    try:
        salt = bytes.fromhex(frame.fields.get("salt", ""))
    except ValueError:
        return None
    if len(salt) != 16:
        return None
    secret, _public = sealkey.pair(sealkey.from_passphrase(passphrase, salt))
    try:
        return decrypt(frame.payload, secret, "The journal's identity")
    except TrustlogError:
        return None


def identity_encrypted(root: Path, journal_uuid: str) -> bool:
    """Whether `read_identity` needs the passphrase (ask for it first)."""
    usable(root, journal_uuid)  # none there: said before asking
    return folder_sealed(root, journal_uuid)


def identity_kinds(root: Path, journal_uuid: str) -> dict[str, str]:
    """Each device's identity in the folder that could be read: `json` (plain) or
    sealed (`age-key`); a damaged one is left out (`skipped`)."""
    return {name: frame.kind for name, frame in _readable(root, journal_uuid)[0]}


def skipped(root: Path, journal_uuid: str) -> list[str]:
    """A line for each identity in the folder that cannot be read, or that is plain
    among sealed ones (never taken: see `read_identity`)."""
    found, lines = _readable(root, journal_uuid)
    if any(frame.kind in _SEALED for _name, frame in found):
        lines += [
            f"The identity from device {name[:8]} is plain while this journal is kept "
            "encrypted in the folder; it was not taken (if that device is yours, run "
            "`trustlog encrypt` there, then `trustlog sync`)."
            for name, frame in found
            if frame.kind == "json"
        ]
    return lines


def identities_sealed(root: Path, journal_uuid: str) -> bool:
    """Whether any device's identity in the folder is sealed: a plain copy of the
    journal is refused there before it writes anything."""
    return any(kind in _SEALED for kind in identity_kinds(root, journal_uuid).values())


def folder_sealed(root: Path, journal_uuid: str) -> bool:
    """Whether a join must take the journal as encrypted: any identity is sealed, or
    any batch is (the first of each device, its head only).  A sign of sealing
    anywhere is enough: a plain identity there could be anyone's."""
    if identities_sealed(root, journal_uuid):
        return True
    return any(
        batches.sealed_head(folder) for folder in device_folders(root / "trustlog" / journal_uuid)
    )


def journals(root: Path) -> list[str]:
    """The journals a device can join from this folder (those with an identity)."""
    return [
        journal.name
        for journal in subfolders(root / "trustlog")
        if any(nolinks.is_file(folder / IDENTITY_NAME) for folder in device_folders(journal))
    ]


def _readable(root: Path, journal_uuid: str) -> tuple[list[tuple[str, Frame]], list[str]]:
    """Every device's identity of that journal that is whole and readable, and a line
    for each one that is damaged, not a file, or of another journal."""
    found: list[tuple[str, Frame]] = []
    lines: list[str] = []
    for folder in device_folders(root / "trustlog" / journal_uuid):
        path = folder / IDENTITY_NAME
        if nolinks.is_link(path):
            continue
        try:
            frame = read_frame(path, IDENTITY_MAGIC)
        except TrustlogError as error:  # a newer one counts: it may be the only one
            frame = Frame("newer", {"journal": journal_uuid}, b"")
            if "newer trustlog" not in str(error):
                frame = None
                lines.append(f"The identity from device {folder.name[:8]} is damaged; skipped.")
        if frame is not None and frame.fields.get("journal") == journal_uuid:
            found.append((folder.name, frame))
    return found, lines


def usable(root: Path, journal_uuid: str) -> list[Frame]:
    """Every device's identity of that journal, newest first."""
    found = [frame for _name, frame in _readable(root, journal_uuid)[0]]
    if not found:
        raise TrustlogError(
            "This sync folder holds no identity of that journal yet: run `trustlog sync DIR` "
            "on a device that has the journal, let the folder sync, then join."
        )
    return sorted(found, key=lambda frame: frame.fields.get("written", ""), reverse=True)

"""A device's batches in the sync folder: writing the next one, reading another
device's, and which to take next (the file layout is `folders`, the bytes
`frames`).

Each device numbers its batches from 1 with no gaps of its own, so the others
take them in order and a gap means a batch still on its way.  A batch holds
these fields in its frame's header: journal, device, seq, written, payload.

A sealed batch is format 2 (`trustlog-batch 2`): the line before the trailer
is an HMAC-SHA256 of everything before it, keyed by the journal's age secret
key (`batchseal`), so a batch encrypted by anyone who merely knows the public
key is refused.  A sealed batch of format 1 has no seal and cannot be told
from a forged one: it is refused, with a line saying to start a fresh sync
folder (every device then sends its whole journal).  An `age` payload lets
the folder learn only what its names and file times say already: which
journal, which device, how many batches and when.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batchseal, frames
from trustlog.features.sync.folders import (
    BATCH_NAME,
    batch_files,
    batch_path,
    device_folders,
    private_folder,
    publish,
)
from trustlog.features.sync.frames import (
    BATCH_MAGIC,
    SEALED_MAGIC,
    Frame,
    changes_in,
    decrypt,
    encrypt,
    jsonl,
    padded,
    read_frame,
)

#: One batch found in the folder: (device uuid, seq, path).
Found = tuple[str, int, Path]
#: The last seq taken from each device, kept in the journal.
Progress = dict[str, int]

_FOLLOWS = re.compile(rb"\nfollows (\d{1,15})\n")


@dataclass(frozen=True)
class DeviceStatus:
    """What the folder shows of one device, for `sync status`."""

    device: str
    #: The highest batch that is whole (0: none yet).
    last_seq: int
    #: When that batch was made, by the device's own clock.
    written: datetime | None
    #: Batches above it not whole yet (a sync tool still delivering them).
    arriving: int


def scan(root: Path, journal_uuid: str, *, skip_device: str) -> list[Found]:
    """Every other device's batches, by (device, seq); conflict copies, temps and
    strangers are not batches, a folder that cannot be read has none, and a
    linked one is not read."""
    found = [
        (folder.name, seq, path)
        for folder in device_folders(root / "trustlog" / journal_uuid)
        if folder.name != skip_device
        for seq, path in batch_files(folder)
    ]
    return sorted(found, key=lambda batch: (batch[0], batch[1]))


@dataclass(frozen=True)
class NextBatch:
    """Where this device's next batch goes, and what stood in its way."""

    seq: int
    #: The seq of this device's batch before it: `seq - 1` unless files it did not
    #: write stand between (the batch then says so in its `follows` field).
    follows: int
    #: Files at this device's next numbers that it did not write: left alone.
    in_the_way: tuple[str, ...] = ()


def next_batch(folder: Path, sent: int = 0) -> NextBatch:
    """The seq of this device's next batch: one past `sent`, the last it recorded
    sending, past any whole batch of its own after that (a sync killed before it
    recorded one), and past any file there it did not write: such a file is never
    replaced, and the batch after it says which of its own it follows, so the
    others step past the stranger too.  Only names in the way count: a file it did
    not write further on (`99999999.batch` put there) never moves the numbering."""
    seq = follows = sent
    strangers: list[str] = []
    while os.path.lexists(batch_path(folder, seq + 1)):
        seq += 1
        if own_batch(folder, seq):
            follows = seq
        else:
            strangers.append(batch_path(folder, seq).name)
    return NextBatch(seq + 1, follows, tuple(strangers))


def follows(path: Path) -> int | None:
    """The `follows` field in a batch's head, read without reading the whole file (the
    whole batch is checked when it is taken); None when it has none."""
    mark = _FOLLOWS.search(_head(path).partition(b"\n\n")[0])
    return int(mark[1]) if mark else None


def _head(path: Path) -> bytes:
    """A batch file's first 4 KiB (nothing when it is a link, a pipe or gone)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return b""
    try:
        return os.read(fd, 4096) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    finally:
        os.close(fd)


def leap(found: Sequence[Found], device: str, taken: int) -> Found | None:
    """The first batch of `device` past `taken + 1` that follows `taken`: the device
    stepped past files it did not write, so the others step past them too."""
    for other, seq, path in found:
        if other == device and seq > taken + 1 and follows(path) == taken:
            return (other, seq, path)
    return None


def whole(path: Path) -> bool:
    """Whether a batch file is whole (its trailer checks), whatever it holds."""
    try:
        return read_frame(path, (BATCH_MAGIC, SEALED_MAGIC)) is not None
    except TrustlogError:
        return True  # whole, and refused when its turn comes


def own_batch(folder: Path, seq: int) -> bool:
    """Whether batch `seq` in this device's folder is whole and its own."""
    try:
        frame = read_frame(batch_path(folder, seq), (BATCH_MAGIC, SEALED_MAGIC))
    except TrustlogError:
        return False
    fields = frame.fields if frame else {}
    return fields.get("device") == folder.name and fields.get("seq") == str(seq)


def sealed_head(folder: Path) -> bool:
    """Whether this device's first batch in the folder is sealed (its head says so)."""
    found = batch_files(folder)
    if not found:
        return False
    head = _head(found[0][1])
    return head.startswith(SEALED_MAGIC.encode() + b"\n") or b"\npayload age\n" in head


def unseen(found: Sequence[Found], progress: Mapping[str, int]) -> list[Found]:
    """The batches to take next: from each device, the run right after its progress.

    A run stops at a gap (a batch not delivered yet), so progress never passes
    a batch still on its way.  The caller stops a device's run too at the
    first batch `read_batch` finds not whole, and records progress as it goes.
    """
    wanted: dict[str, int] = {}
    run: list[Found] = []
    for device, seq, path in sorted(found, key=lambda batch: (batch[0], batch[1])):
        if seq == wanted.setdefault(device, progress.get(device, 0) + 1):
            run.append((device, seq, path))
            wanted[device] = seq + 1
    return run


def advance(progress: Mapping[str, int], device: str, seq: int) -> Progress:
    """Progress after taking `device`'s batch `seq` (never moves back)."""
    return {**progress, device: max(progress.get(device, 0), seq)}


# -- batches ----------------------------------------------------------------------------------


def write_batch(
    folder: Path,
    seq: int,
    changes: Sequence[Mapping[str, Any]],
    *,
    recipient: str | None,
    now: datetime,
    identity: str | None = None,
    after: int | None = None,
) -> Path:
    """Write batch `seq` of this device's changes, encrypted to `recipient` (an age
    public key) and sealed with `identity` (its secret key, needed with it) when
    given; `after` is the seq of this device's batch before it when files it did
    not write stand between (`next_batch`).  Writing the same plain batch again is
    a no-op."""
    if seq < 1 or not changes or (recipient is None) != (identity is None):
        raise ValueError("a batch has a seq from 1, a change, and a seal when encrypted")
    text = jsonl(changes)
    payload = text if recipient is None else encrypt(padded(text), recipient)
    data = frames.frame(
        BATCH_MAGIC if identity is None else SEALED_MAGIC,
        _header(folder, seq, after, now, "jsonl" if recipient is None else "age"),
        payload,
        None if identity is None else batchseal.seal_key(identity),
    )
    path = folder / f"{seq:08d}.batch"
    private_folder(folder)
    if not publish(path, data, replace=False) and path.read_bytes() != data:
        raise TrustlogError(
            f"Batch {path.name} of this device is already in the sync folder with other "
            "changes; it was left as it is."
        )
    return path


def _header(folder: Path, seq: int, after: int | None, now: datetime, kind: str) -> dict[str, str]:
    """A batch's fields; `follows` only when files it did not write stand between."""
    if after is not None and not 0 <= after < seq:
        raise ValueError("a batch follows an earlier one")
    fields = {"journal": folder.parent.name, "device": folder.name, "seq": str(seq)}
    if after is not None and after != seq - 1:
        fields["follows"] = str(after)
    return fields | {"written": now.isoformat(timespec="seconds"), "payload": kind}


def read_batch(
    path: Path, *, identity: str | None, taken: int | None = None
) -> list[dict[str, Any]] | None:
    """The changes in a batch, or None while it is not whole yet.

    `identity` is the journal's age secret key.  A batch of another journal,
    one this key cannot open, or (the journal being encrypted) one not sealed
    with this key is an error: it is not for this journal.  With `taken` (the
    last seq taken from its device) the batch must follow that one.
    """
    frame = read_frame(path, (BATCH_MAGIC, SEALED_MAGIC))
    if frame is None:
        return None
    what = f"Batch {path.name} from device {path.parent.name}"
    seq = _check_place(frame, path, what)
    if identity is not None:
        _check_seal(frame, identity, what)
    if taken is not None and frame.fields.get("follows", str(seq - 1)) != str(taken):
        raise TrustlogError(
            f"{what} does not follow batch {taken} of that device; it was not taken."
        )
    if identity is not None:
        return changes_in(decrypt(frame.payload, identity, what), what)
    if frame.kind == "age":
        raise TrustlogError(f"{what} is encrypted, and this journal has no key to open it.")
    if frame.kind == "jsonl":
        return changes_in(frame.payload, what)
    raise TrustlogError(f"{what} was made by a newer trustlog; update trustlog here.")


def _check_place(frame: Frame, path: Path, what: str) -> int:
    """A batch says which journal, device and seq it is: those of its place; its seq."""
    name = BATCH_NAME.fullmatch(path.name)
    expected = {
        "journal": path.parent.parent.name,
        "device": path.parent.name,
        "seq": str(int(name[1])) if name else "",
    }
    if any(frame.fields.get(key) != value for key, value in expected.items()):
        raise TrustlogError(f"{what} belongs to another journal or place; it was not taken.")
    return int(expected["seq"])


def _check_seal(frame: Frame, identity: str, what: str) -> None:
    """An encrypted journal takes only batches sealed with its own key (`batchseal`)."""
    if frame.kind not in ("age", "jsonl"):
        raise TrustlogError(f"{what} was made by a newer trustlog; update trustlog here.")
    if frame.kind == "age" and frame.seal is None:
        raise TrustlogError(
            f"{what} was written by an older trustlog that did not seal its batches, so it "
            "cannot be told from a forged one; it was not taken. Start a fresh sync folder: "
            "`trustlog sync NEWDIR` on every device (each sends its whole journal there)."
        )
    if frame.kind == "jsonl":
        raise TrustlogError(
            f"{what} was written while this journal was plain, so it is not taken here (that "
            "device sends everything again, sealed, at its first sync after `trustlog encrypt`)."
        )
    if not batchseal.sealed_by(batchseal.seal_key(identity), frame.signed, frame.seal or ""):
        raise TrustlogError(f"{what} is not sealed by this journal's key; it was not taken.")


def status(root: Path, journal_uuid: str) -> list[DeviceStatus]:
    """Every device seen in the folder (this one too), with its last whole batch."""
    return [_device_status(folder) for folder in device_folders(root / "trustlog" / journal_uuid)]


def _device_status(folder: Path) -> DeviceStatus:
    arriving = 0
    for seq, path in reversed(batch_files(folder)):
        try:
            frame = read_frame(path, (BATCH_MAGIC, SEALED_MAGIC))
        except TrustlogError:  # damaged or a stranger: not this device's last batch
            continue
        if frame is None:
            arriving += 1
            continue
        try:
            written: datetime | None = datetime.fromisoformat(frame.fields.get("written", ""))
        except ValueError:
            written = None
        return DeviceStatus(folder.name, seq, written, arriving)
    return DeviceStatus(folder.name, 0, None, arriving)

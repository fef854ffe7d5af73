"""The files in a sync folder: each device's immutable batches, and the journal's identity.

The live SQLite file never goes into the sync folder (its WAL and a sync
tool's conflict copies are how journals get corrupted); changes do.  Each
device writes only its own folder, so no sync tool ever sees two writers of
one file::

    DIR/trustlog/<journal-uuid>/<device-uuid>/00000001.batch   seq from 1, no gaps
                                             /journal.identity  what `sync join` adopts

Both kinds of file share one frame, bytes in four parts::

    trustlog-batch 1              magic line: kind and format version
    journal <journal-uuid>        header: one `name value` line each
    device <device-uuid>
    seq <n>                       (batches only)
    written <ISO 8601 time>       when the device made it, by its own clock
    payload jsonl|age             (identity: json|age-key, see `identities`)
    length <payload bytes>
    <empty line>
    <payload>                     exactly `length` bytes, then a newline
    seal <hex>                    (format 2, sealed batches only: `batchseal`)
    sha256 <hex> <n>              trailer, the last line

The trailer's SHA-256 covers every byte before the trailer line and `n`
counts them, so a file still arriving (or cut short) fails the check and is
skipped until whole; a CRLF copy (git with autocrlf) is read as its LF self.
A plain payload is one change per line: JSON with sorted keys, no spaces,
UTF-8, the lines sorted bytewise, so the same changes always make the same
bytes; the order means nothing (changes apply by uuid and change time).  An
`age` payload is that text, padded with blank lines to a Padmé size, encrypted
(binary age) to the journal's own public key, so the folder learns only what
its names and file times say already: which journal, which device, how many
batches and when.  A sealed batch is format 2 (`trustlog-batch 2`): the line
before the trailer is an HMAC-SHA256 of everything before it, keyed by the
journal's age secret key (`batchseal`), so a batch encrypted by anyone who
merely knows the public key is refused.  A sealed batch of format 1 has no
seal and cannot be told from a forged one: it is refused, with a line saying
to start a fresh sync folder (every device then sends its whole journal).

Nothing below the sync folder is followed if it is a link (the sync folder
itself may be one, to a Dropbox folder say): writing refuses a linked
`trustlog`, journal or device folder before it changes anything; reading
skips a linked device folder and refuses a linked batch, with a line each.

A batch is written to `.<name>.<pid>.tmp` in the same folder, fsync'd and
linked to its final name (renamed where the file system has no hard links),
so a final name never holds a partial file and an existing batch is never
replaced.  Files are 0600 in folders 0700 whatever the umask.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batchseal, nolinks
from trustlog.journal.private import fsync_folder

BATCH_MAGIC = "trustlog-batch 1"
SEALED_MAGIC = "trustlog-batch 2"
IDENTITY_MAGIC = "trustlog-identity 1"
IDENTITY_NAME = "journal.identity"

#: One batch found in the folder: (device uuid, seq, path).
Found = tuple[str, int, Path]
#: The last seq taken from each device, kept in the journal.
Progress = dict[str, int]

_BATCH_NAME = re.compile(r"(\d{8,})\.batch")
_TEMP_NAME = re.compile(r"\.(.+)\.(\d+)\.tmp")
_FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_TRAILER = re.compile(rb"sha256 ([0-9a-f]{64}) (\d{1,15})\n")  # digits capped: int() is safe
_SEAL = re.compile(rb"seal ([0-9a-f]{64})\n")


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


@dataclass(frozen=True)
class _Frame:
    kind: str
    fields: dict[str, str]
    payload: bytes
    #: Format 2 (sealed): the seal, and the bytes it covers.
    seal: str | None = None
    signed: bytes = b""


# -- the folder layout ------------------------------------------------------------------------


def device_folder(root: Path, journal_uuid: str, device_uuid: str) -> Path:
    """Where one device of one journal writes: `root/trustlog/<journal>/<device>/`."""
    for name in (journal_uuid, device_uuid):
        if not _FOLDER_NAME.fullmatch(name):
            raise ValueError(f"not a uuid: {name!r}")
    return root / "trustlog" / journal_uuid / device_uuid


def linked_devices(root: Path, journal_uuid: str) -> list[str]:
    """A line for each device folder that is a link: it is skipped, never followed."""
    journal = root / "trustlog" / journal_uuid
    return [
        f"Device folder {name} in the sync folder is a link; trustlog follows no links "
        "there, so it was skipped."
        for name in sorted(_names(journal))
        if _FOLDER_NAME.fullmatch(name) and nolinks.is_link(journal / name)
    ]


def scan(root: Path, journal_uuid: str, *, skip_device: str) -> list[Found]:
    """Every other device's batches, by (device, seq); conflict copies, temps and
    strangers are not batches, a folder that cannot be read has none, and a
    linked one is not read."""
    found = [
        (folder.name, seq, path)
        for folder in _device_folders(root / "trustlog" / journal_uuid)
        if folder.name != skip_device
        for seq, path in _batches(folder)
    ]
    return sorted(found, key=lambda batch: (batch[0], batch[1]))


def next_seq(folder: Path, sent: int = 0) -> int:
    """The seq of this device's next batch: one past `sent`, the last it recorded
    sending, and past any whole batch of its own after that (a sync killed before
    it recorded one).  A file it did not write (`99999999.batch` put there) is
    never a reason to jump ahead: the others would wait at the gap for good."""
    seq = sent + 1
    while own_batch(folder, seq):
        seq += 1
    return seq


def whole(path: Path) -> bool:
    """Whether a batch file is whole (its trailer checks), whatever it holds."""
    try:
        return _read_frame(path, (BATCH_MAGIC, SEALED_MAGIC)) is not None
    except TrustlogError:
        return True  # whole, and refused when its turn comes


def batch_path(folder: Path, seq: int) -> Path:
    return folder / f"{seq:08d}.batch"


def own_batch(folder: Path, seq: int) -> bool:
    """Whether batch `seq` in this device's folder is whole and its own."""
    try:
        frame = _read_frame(batch_path(folder, seq), (BATCH_MAGIC, SEALED_MAGIC))
    except TrustlogError:
        return False
    fields = frame.fields if frame else {}
    return fields.get("device") == folder.name and fields.get("seq") == str(seq)


def sealed_head(folder: Path) -> bool:
    """Whether this device's first batch in the folder is sealed (its head says so)."""
    found = _batches(folder)
    if not found:
        return False
    try:
        fd = os.open(found[0][1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        head = os.read(fd, 4096) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    finally:
        os.close(fd)
    return head.startswith(SEALED_MAGIC.encode() + b"\n") or b"\npayload age\n" in head


def cleanup_temps(folder: Path) -> int:
    """Remove temp files left by a writer that was killed; return how many went."""
    removed = 0
    for name in _names(folder):
        temp = _TEMP_NAME.fullmatch(name)
        if temp and not _alive(int(temp[2])):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
                removed += 1
    return removed


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
) -> Path:
    """Write batch `seq` of this device's changes, encrypted to `recipient` (an age
    public key) and sealed with `identity` (its secret key, needed with it) when
    given.  Writing the same plain batch again is a no-op."""
    if seq < 1 or not changes or (recipient is None) != (identity is None):
        raise ValueError("a batch has a seq from 1, a change, and a seal when encrypted")
    text = _jsonl(changes)
    payload = text if recipient is None else _encrypt(_padded(text), recipient)
    data = _frame(
        BATCH_MAGIC if identity is None else SEALED_MAGIC,
        {
            "journal": folder.parent.name,
            "device": folder.name,
            "seq": str(seq),
            "written": now.isoformat(timespec="seconds"),
            "payload": "jsonl" if recipient is None else "age",
        },
        payload,
        None if identity is None else batchseal.seal_key(identity),
    )
    path = folder / f"{seq:08d}.batch"
    _private_folder(folder)
    if not _publish(path, data, replace=False) and path.read_bytes() != data:
        raise TrustlogError(
            f"Batch {path.name} of this device is already in the sync folder with other "
            "changes; it was left as it is."
        )
    return path


def read_batch(path: Path, *, identity: str | None) -> list[dict[str, Any]] | None:
    """The changes in a batch, or None while it is not whole yet.

    `identity` is the journal's age secret key.  A batch of another journal,
    one this key cannot open, or (the journal being encrypted) one not sealed
    with this key is an error: it is not for this journal.
    """
    frame = _read_frame(path, (BATCH_MAGIC, SEALED_MAGIC))
    if frame is None:
        return None
    what = f"Batch {path.name} from device {path.parent.name}"
    name = _BATCH_NAME.fullmatch(path.name)
    expected = {
        "journal": path.parent.parent.name,
        "device": path.parent.name,
        "seq": str(int(name[1])) if name else "",
    }
    if any(frame.fields.get(key) != value for key, value in expected.items()):
        raise TrustlogError(f"{what} belongs to another journal or place; it was not taken.")
    if identity is not None:
        _check_seal(frame, identity, what)
        return _changes(_decrypt(frame.payload, identity, what), what)
    if frame.kind == "age":
        raise TrustlogError(f"{what} is encrypted, and this journal has no key to open it.")
    if frame.kind == "jsonl":
        return _changes(frame.payload, what)
    raise TrustlogError(f"{what} was made by a newer trustlog; update trustlog here.")


def _check_seal(frame: _Frame, identity: str, what: str) -> None:
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
    return [_device_status(folder) for folder in _device_folders(root / "trustlog" / journal_uuid)]


# -- the frame --------------------------------------------------------------------------------


def _frame(
    magic: str, fields: Mapping[str, str], payload: bytes, seal_key: bytes | None = None
) -> bytes:
    head = "".join(f"{name} {value}\n" for name, value in fields.items())
    body = f"{magic}\n{head}length {len(payload)}\n\n".encode() + payload + b"\n"
    if seal_key is not None:
        body += f"seal {batchseal.seal(seal_key, body)}\n".encode()
    return body + f"sha256 {hashlib.sha256(body).hexdigest()} {len(body)}\n".encode()


def _unframe(data: bytes, magics: tuple[str, ...], name: str) -> _Frame | None:
    """The parts of a whole file; None while it is not whole."""
    cut = data.rfind(b"\n", 0, len(data) - 1) + 1
    trailer = _TRAILER.fullmatch(data, cut)
    body = data[:cut]
    if trailer is None or int(trailer[2]) != cut:
        return None
    if hashlib.sha256(body).hexdigest() != trailer[1].decode():
        return None
    lines = body[: body.find(b"\n")].decode(errors="replace").split("\n")
    kind = magics[0].split()[0]
    if lines[0] not in magics:
        newer = lines[0].startswith(f"{kind} ")
        raise TrustlogError(
            f"{name} in the sync folder was made by a newer trustlog; update trustlog here."
            if newer
            else f"{name} in the sync folder is not a trustlog {kind.split('-')[1]}."
        )
    body, seal = _seal_split(body, name) if lines[0] == SEALED_MAGIC else (body, None)
    head, _, payload = body.partition(b"\n\n")
    lines = head.decode(errors="replace").split("\n")
    fields = {name: value for name, _, value in (line.partition(" ") for line in lines[1:])}
    if fields.get("length") != str(len(payload) - 1):
        raise TrustlogError(f"{name} in the sync folder is damaged.")
    return _Frame(fields.get("payload", ""), fields, payload[:-1], seal, body)


def _seal_split(body: bytes, name: str) -> tuple[bytes, str]:
    """A sealed frame's signed bytes and its seal, the line before the trailer."""
    cut = body.rfind(b"\n", 0, len(body) - 1) + 1
    if (mark := _SEAL.fullmatch(body, cut)) is None:
        raise TrustlogError(f"{name} in the sync folder is damaged.")
    return body[:cut], mark[1].decode()


def _read_frame(path: Path, magic: str | tuple[str, ...]) -> _Frame | None:
    magics = (magic,) if isinstance(magic, str) else magic
    limit = nolinks.IDENTITY_MAX if IDENTITY_MAGIC in magics else nolinks.BATCH_MAX
    data = nolinks.read_bytes(path, limit)
    if data is None:
        return None
    frame = _unframe(data, magics, path.name)
    if frame is None and b"\r\n" in data:
        return _unframe(data.replace(b"\r\n", b"\n"), magics, path.name)
    return frame


def _jsonl(changes: Sequence[Mapping[str, Any]]) -> bytes:
    lines = sorted(
        json.dumps(change, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                   allow_nan=False)
        for change in changes
    )  # fmt: skip
    return "".join(f"{line}\n" for line in lines).encode()


def _changes(text: bytes, what: str) -> list[dict[str, Any]]:
    try:
        changes = [json.loads(line) for line in text.split(b"\n") if line]
    except (ValueError, RecursionError):  # RecursionError: `[[[[…` nested past Python's limit
        changes = []
    if not changes or not all(isinstance(change, dict) for change in changes):
        raise TrustlogError(f"{what} is damaged; it was not taken.")
    return changes


# -- encryption (pyrage, imported only when a journal is encrypted) ---------------------------


def _padded(text: bytes) -> bytes:
    """Blank lines (skipped when read) up to a Padmé size of at least 1 KiB, so a
    sealed payload's length says little about how many changes or how long a name
    it holds (at most 12% more bytes)."""
    size = max(len(text), 1024)
    exponent = size.bit_length() - 1
    mask = (1 << (exponent - exponent.bit_length())) - 1
    return text + b"\n" * (((size + mask) & ~mask) - len(text))


def _encrypt(text: bytes, recipient: str) -> bytes:
    import pyrage

    try:
        key = pyrage.x25519.Recipient.from_str(recipient)
    except pyrage.RecipientError:
        raise TrustlogError("The journal's public key is not an age key.") from None
    encrypted: bytes = pyrage.encrypt(text, [key])
    return encrypted


def _decrypt(payload: bytes, identity: str, what: str) -> bytes:
    import pyrage

    try:
        key = pyrage.x25519.Identity.from_str(identity)
    except pyrage.IdentityError:
        raise TrustlogError("The journal's key is not an age key.") from None
    try:
        text: bytes = pyrage.decrypt(payload, [key])
    except pyrage.DecryptError:
        raise TrustlogError(
            f"{what} does not open with this journal's key: it was written for another journal."
        ) from None
    return text


# -- private files ----------------------------------------------------------------------------


def _private_folder(folder: Path, *, make: bool = True) -> None:
    """Make the device folder (and the `trustlog/<journal>` above it) 0700, refusing
    a link at any of those levels (`nolinks`); without `make`, only check them."""
    parts = (folder.parent.parent.name, folder.parent.name, folder.name)
    nolinks.private_folders(folder.parents[2], parts, make=make)


def check_journal_folder(root: Path, journal_uuid: str) -> None:
    """Before a join writes anything: neither `trustlog` nor the journal's folder is a link."""
    nolinks.private_folders(root, ("trustlog", journal_uuid), make=False)


def check_own(folder: Path) -> None:
    """Before anything is cleaned or written: no level of this device's folder is a link."""
    _private_folder(folder, make=False)


def _publish(path: Path, data: bytes, *, replace: bool) -> bool:
    """Put `data` under `path` whole or not at all; False when a batch was there."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as file:
            os.fchmod(fd, 0o600)
            file.write(data)
            file.flush()
            os.fsync(fd)
        if replace:
            os.replace(temp, path)
            published = True
        else:
            published = _link(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    fsync_folder(path.parent)
    return published


def _link(temp: Path, path: Path) -> bool:
    """Give `temp` the final name unless a file has it (a hard link never replaces)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links (FAT on a USB stick): a rename after a look
        if path.exists():
            return False
        os.rename(temp, path)
    return True


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


# -- reading folders tolerantly ---------------------------------------------------------------


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _subfolders(folder: Path) -> Iterator[Path]:
    for name in sorted(_names(folder)):
        if _FOLDER_NAME.fullmatch(name) and nolinks.is_folder(folder / name):
            yield folder / name


def _device_folders(journal: Path) -> list[Path]:
    return list(_subfolders(journal))


def _batches(folder: Path) -> list[tuple[int, Path]]:
    found = [
        (int(match[1]), folder / name)
        for name in _names(folder)
        if (match := _BATCH_NAME.fullmatch(name))
    ]
    return sorted(found)


def _device_status(folder: Path) -> DeviceStatus:
    arriving = 0
    for seq, path in reversed(_batches(folder)):
        try:
            frame = _read_frame(path, (BATCH_MAGIC, SEALED_MAGIC))
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

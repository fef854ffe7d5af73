"""The frame every file in a sync folder shares, and its payload (see `batches`
for the batch's own fields, `identities` for the identity's)::

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
(binary age) to the journal's own public key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batchseal, nolinks

BATCH_MAGIC = "trustlog-batch 1"
SEALED_MAGIC = "trustlog-batch 2"
IDENTITY_MAGIC = "trustlog-identity 1"

_TRAILER = re.compile(rb"sha256 ([0-9a-f]{64}) (\d{1,15})\n")  # digits capped: int() is safe
_SEAL = re.compile(rb"seal ([0-9a-f]{64})\n")


@dataclass(frozen=True)
class Frame:
    kind: str
    fields: dict[str, str]
    payload: bytes
    #: Format 2 (sealed): the seal, and the bytes it covers.
    seal: str | None = None
    signed: bytes = b""


# -- the frame --------------------------------------------------------------------------------


def frame(
    magic: str, fields: Mapping[str, str], payload: bytes, seal_key: bytes | None = None
) -> bytes:
    head = "".join(f"{name} {value}\n" for name, value in fields.items())
    body = f"{magic}\n{head}length {len(payload)}\n\n".encode() + payload + b"\n"
    if seal_key is not None:
        body += f"seal {batchseal.seal(seal_key, body)}\n".encode()
    return body + f"sha256 {hashlib.sha256(body).hexdigest()} {len(body)}\n".encode()


def unframe(data: bytes, magics: tuple[str, ...], name: str) -> Frame | None:
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
    return Frame(fields.get("payload", ""), fields, payload[:-1], seal, body)


def _seal_split(body: bytes, name: str) -> tuple[bytes, str]:
    """A sealed frame's signed bytes and its seal, the line before the trailer."""
    cut = body.rfind(b"\n", 0, len(body) - 1) + 1
    if (mark := _SEAL.fullmatch(body, cut)) is None:
        raise TrustlogError(f"{name} in the sync folder is damaged.")
    return body[:cut], mark[1].decode()


def read_frame(path: Path, magic: str | tuple[str, ...]) -> Frame | None:
    magics = (magic,) if isinstance(magic, str) else magic
    limit = nolinks.IDENTITY_MAX if IDENTITY_MAGIC in magics else nolinks.BATCH_MAX
    data = nolinks.read_bytes(path, limit)
    if data is None:
        return None
    found = unframe(data, magics, path.name)
    if found is None and b"\r\n" in data:
        return unframe(data.replace(b"\r\n", b"\n"), magics, path.name)
    return found


def jsonl(changes: Sequence[Mapping[str, Any]]) -> bytes:
    lines = sorted(
        json.dumps(change, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                   allow_nan=False)
        for change in changes
    )  # fmt: skip
    return "".join(f"{line}\n" for line in lines).encode()


def changes_in(text: bytes, what: str) -> list[dict[str, Any]]:
    try:
        changes = [json.loads(line) for line in text.split(b"\n") if line]
    except (ValueError, RecursionError):  # RecursionError: `[[[[…` nested past Python's limit
        changes = []
    if not changes or not all(isinstance(change, dict) for change in changes):
        raise TrustlogError(f"{what} is damaged; it was not taken.")
    return changes


# -- encryption (pyrage, imported only when a journal is encrypted) ---------------------------


def padded(text: bytes) -> bytes:
    """Blank lines (skipped when read) up to a Padmé size of at least 1 KiB, so a
    sealed payload's length says little about how many changes or how long a name
    it holds (at most 12% more bytes)."""
    size = max(len(text), 1024)
    exponent = size.bit_length() - 1
    mask = (1 << (exponent - exponent.bit_length())) - 1
    return text + b"\n" * (((size + mask) & ~mask) - len(text))


def encrypt(text: bytes, recipient: str) -> bytes:
    import pyrage

    try:
        key = pyrage.x25519.Recipient.from_str(recipient)
    except pyrage.RecipientError:
        raise TrustlogError("The journal's public key is not an age key.") from None
    encrypted: bytes = pyrage.encrypt(text, [key])
    return encrypted


def decrypt(payload: bytes, identity: str, what: str) -> bytes:
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

"""The journal's identifiers: time-ordered for rows, random for who keeps a journal.

On every capture's path: the standard library's `os` and `time` only.
"""

from __future__ import annotations

import os
import time


def new_uuid() -> str:
    """A time-ordered (version 7, RFC 9562) UUID for a row: 48 bits of Unix milliseconds,
    then 74 random bits.

    New rows land on the rightmost pages of the unique uuid indexes instead of a
    random page each (an import of a journal's export writes them in order).  The
    time in it is the row's `recorded_at`, which an export and a sync batch carry
    anyway; a share packet, which carries neither, gives each row an alias of its
    own instead (docs/schema.md, "Identifiers").  Made by hand: `import
    uuid` costs ~2 ms of every capture.
    """
    raw = bytearray((time.time_ns() // 1_000_000).to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70  # version 7
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 9562 variant
    return spelled(raw.hex())


def new_identity() -> str:
    """A random (version 4) UUID for who or what keeps a journal (its owner, a device):
    it names a sync folder and stands in identities, with no time beside it, so it
    holds none."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return spelled(raw.hex())


def spelled(h: str) -> str:
    """32 hex digits in a uuid's 8-4-4-4-12 form."""
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

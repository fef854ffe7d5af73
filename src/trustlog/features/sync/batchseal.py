"""The seal on an encrypted journal's batches: an HMAC-SHA256 only its devices can make.

age encrypts to the journal's public key, which is no secret (`trustlog key`
hands it out), so anyone who can write the sync folder could encrypt a batch
of forged changes to it.  The seal is what proves a batch came from a device
of this journal: its key is derived (SHA-256 of a label and the key,
domain-separated from every other use) from the journal's age *secret* key,
which every device of the journal holds after `sync join` and nobody else
does.  It covers every byte of the frame before it (header with journal,
device and seq, and the encrypted payload), so a sealed batch can be neither
changed nor moved to another device's place or seq.
"""

from __future__ import annotations

import hashlib
import hmac

_DOMAIN = b"trustlog sync batch seal 1\x00"


def seal_key(identity: str) -> bytes:
    """The seal's key, from the journal's age secret key (`AGE-SECRET-KEY-1…`)."""
    return hashlib.sha256(_DOMAIN + identity.strip().upper().encode()).digest()


def seal(key: bytes, signed: bytes) -> str:
    return hmac.new(key, signed, hashlib.sha256).hexdigest()


def sealed_by(key: bytes, signed: bytes, mark: str) -> bool:
    """Whether `mark` is this key's seal of these bytes (in constant time)."""
    return hmac.compare_digest(seal(key, signed), mark)

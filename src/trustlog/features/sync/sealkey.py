"""The key that seals an encrypted journal's identity in a sync folder, derived from
the journal's own SQLCipher key: what opens the journal opens its identity.

The raw key comes from the passphrase and the journal file's salt (PBKDF2-SHA512,
SQLCipher 4's derivation, ~75 ms); a hash of it, domain-separated, is the secret
scalar of an age X25519 identity the identity is sealed to.  So an unlocked
journal (key remembered) seals without asking the passphrase, and a new device
derives the same key from the passphrase and the salt kept beside the sealed
identity.  The salt is no secret (it is the first 16 bytes of the journal file,
in clear); a guess at the passphrase costs the same as against a backup of the
journal itself.
"""

from __future__ import annotations

import hashlib

_DOMAIN = b"trustlog sync identity 1\x00"
_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def from_passphrase(passphrase: str, salt: bytes) -> bytes:
    """The journal's raw key, as SQLCipher derives it from this passphrase and salt."""
    from trustlog.journal import cipher

    return cipher.derive(passphrase, salt)


def pair(raw_key: bytes) -> tuple[str, str]:
    """(secret `AGE-SECRET-KEY-1…`, public `age1…`) sealing the identity of the journal
    with this raw key."""
    from pyrage import x25519

    scalar = hashlib.sha256(_DOMAIN + raw_key).digest()
    secret = _bech32("age-secret-key-", scalar).upper()
    return secret, str(x25519.Identity.from_str(secret).to_public())


def _bech32(hrp: str, data: bytes) -> str:
    """BIP 173 Bech32, the encoding age gives its keys."""
    words = _regroup(data)
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + words
    polymod = _polymod([*values, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[w] for w in words + checksum)


def _regroup(data: bytes) -> list[int]:
    """Eight-bit bytes as five-bit words, the last one padded with zeros."""
    bits = "".join(f"{byte:08b}" for byte in data)
    bits += "0" * (-len(bits) % 5)
    return [int(bits[i : i + 5], 2) for i in range(0, len(bits), 5)]


def _polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate(generator):
            check ^= gen if (top >> i) & 1 else 0
    return check

"""A share packet: what a partner sees, chosen by the one who shares.

A packet holds the kinds, days, amounts and who-acted of the live entries in
the period, and promises' and injuries' titles; notes only when asked, never
tags, never deleted entries.  It is JSON; made `--to` a partner's public key
it is age-encrypted to that key, so only their journal opens it.  A packet is
not a journal: it cannot be merged, imported or synced, only compared.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.features.share import queries
from trustlog.journal import Journal
from trustlog.journal.ids import spelled
from trustlog.journal.outputs import OutputTarget

MAGIC = "trustlog-packet"
AGE = b"-----BEGIN AGE ENCRYPTED FILE-----"


def share(
    journal: Journal, output: OutputTarget, since: date | None, notes: bool, to: str | None
) -> int:
    """Write the packet (0600, whole or not at all; `-` is stdout); how many entries went in."""
    owner = journal.owner()
    alias = _aliases()
    entries = [alias(row) for row in queries.entries(journal.conn, since, notes)]
    packet = {
        MAGIC: 1,
        "owner": {"name": owner.get("owner_name", ""), **_owner_mark(owner["owner_uuid"])},
        "since": since.isoformat() if since else None,
        "notes": notes,
        "entries": entries,
        "promises": [alias(row) for row in queries.promises(journal.conn)],
        "injuries": [alias(row) for row in queries.injuries(journal.conn)],
    }
    text = json.dumps(packet, ensure_ascii=False, sort_keys=True)
    sealed = text if to is None else _encrypt(text.encode(), to)
    with output.text() as handle:
        handle.write(sealed)
    return len(entries)


def _aliases() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Each uuid in a packet replaced by an alias that holds only within it.

    A journal's uuids are time-ordered (they tell when an entry was written)
    and the same in every packet; an alias keyed by a secret made for this
    packet tells neither, yet keeps every link from entry to promise or injury.
    """
    secret = os.urandom(16)

    def one(value: str | None) -> str | None:
        if value is None:
            return None
        return spelled(hashlib.blake2b(value.encode(), key=secret, digest_size=16).hexdigest())

    def row(values: dict[str, Any]) -> dict[str, Any]:
        return values | {k: one(values[k]) for k in _LINKS if k in values}

    return row


_LINKS = ("uuid", "promise_uuid", "injury_uuid")


def _owner_mark(owner_uuid: str, salt: str | None = None) -> dict[str, str]:
    """Whose journal a packet comes from, told only to one who already knows that
    journal's id: its own owner (so `compare` can say "this is your own packet").
    The id itself names the journal's sync folder, so a packet never carries it."""
    salt = salt or os.urandom(16).hex()
    mark = hashlib.blake2b(owner_uuid.encode(), key=bytes.fromhex(salt), digest_size=16)
    return {"mark": mark.hexdigest(), "salt": salt}


def _own_packet(journal: Journal, owner: dict[str, Any]) -> bool:
    mine = journal.owner()["owner_uuid"]
    if "uuid" in owner:  # a packet made before marks
        return bool(owner["uuid"] == mine)
    try:
        return _owner_mark(mine, str(owner["salt"]))["mark"] == str(owner["mark"])
    except (KeyError, ValueError):
        return False


def is_packet(path: Path) -> bool:
    """A packet (plain or sealed), as opposed to a journal file."""
    try:
        with path.open("rb") as file:
            head = file.read(len(AGE))
    except OSError:
        return False
    return head == AGE or head.startswith(b"{")


def open_packet(journal: Journal, path: Path) -> Journal:
    """The packet as an in-memory journal, for `compare`; a sealed one opens only
    with this journal's own key."""
    data = path.read_bytes()
    if data.startswith(AGE):
        data = _decrypt(journal, data, path)
    try:
        packet = json.loads(data)
    except ValueError:
        raise TrustlogError(f"{path} is not a trustlog share packet (it is damaged).") from None
    if not isinstance(packet, dict) or packet.get(MAGIC) != 1:
        raise TrustlogError(f"{path} is not a trustlog share packet.")
    if isinstance(packet.get("owner"), dict) and _own_packet(journal, packet["owner"]):
        raise TrustlogError(
            f"{path} is a packet of your own journal, not your partner's; "
            "a partner's packet is made with `trustlog share` on their journal."
        )
    from trustlog.features.share.packet_rows import check_packet

    check_packet(packet, path, journal.clock.today())
    other = Journal.empty(path, journal.clock)
    try:
        queries.load(other.conn, packet)
    except (KeyError, TypeError, AttributeError, ValueError):  # ValueError: queries.load
        other.close()
        raise TrustlogError(f"{path} is not a trustlog share packet (it is damaged).") from None
    return other


def _encrypt(data: bytes, to: str) -> str:
    import pyrage

    try:
        recipient = pyrage.x25519.Recipient.from_str(to)
    except pyrage.RecipientError:
        raise BadInput(
            f"{to!r} is not an age public key: your partner's `trustlog key` prints one, "
            "age1 and 58 more letters and digits."
        ) from None
    sealed: bytes = pyrage.encrypt(data, [recipient], armored=True)
    return sealed.decode("ascii")


def _decrypt(journal: Journal, data: bytes, path: Path) -> bytes:
    import pyrage

    from trustlog.journal.keys import journal_keys

    secret, _public = journal_keys(journal)
    try:
        opened: bytes = pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(secret)])
    except pyrage.DecryptError:
        raise TrustlogError(
            f"{path} was shared to another journal's key, so this journal cannot open it."
        ) from None
    return opened


def described(count: int, notes: bool, to: str | None) -> str:
    what = f"{count} entr{'y' if count == 1 else 'ies'}" + (" with notes" if notes else "")
    return what + (", sealed to that key" if to else ", not encrypted")

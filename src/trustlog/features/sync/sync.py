"""Sync one journal across a person's own devices through a folder another tool keeps
in step: send this device's changes as one batch, take every other device's.

Taking applies the rules of `merge` (`unite`): by uuid, the later change wins
whole, a deletion is never undone by an older copy, in any order, any number
of times.  A purge is buried first and is final: nothing brings its rows back
(journal/tombstones.py).  The journal is written in one transaction per sync, so a sync that
is killed leaves the journal as it was, and the next one finishes the job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batches, folders, identities, queries, recovery, taking
from trustlog.journal import Journal, new_identity

if TYPE_CHECKING:
    from trustlog.features.exchange.queries.unite import United

#: What `sync join` adopts: the journal's owner and its age key pair.
IDENTITY_KEYS = ("owner_uuid", "owner_name", "age_secret_key", "age_public_key")


@dataclass
class Synced:
    """What one sync did, for its summary line."""

    #: The seq of the batch this device wrote (0: nothing new to send).
    sent: int = 0
    sent_changes: int = 0
    taken: int = 0
    #: What taking changed (None: nothing was taken).
    united: United | None = None
    #: Devices whose next batch is still arriving: (device, seq).
    arriving: list[tuple[str, int]] = field(default_factory=list)
    #: Rows erased here because another device purged them.
    purged: int = 0
    #: Batches that are not this journal's or are damaged: one line each.
    refused: list[str] = field(default_factory=list)
    #: This device's batches were gone from the folder: it sent everything again.
    #: Why this device sent the whole journal again, if it did.
    resent: str = ""
    #: Files at a device's next numbers that it did not write: stepped past, left alone.
    left_alone: list[str] = field(default_factory=list)

    def news(self) -> bool:
        """Whether a check-in's sync has something to say (beyond what it sent)."""
        said = self.refused or self.left_alone or self.resent
        return bool(self.taken or self.arriving or self.purged or said)


@dataclass(frozen=True)
class Place:
    """Where this device of this journal writes, and the key its batches use."""

    root: Path
    journal: str
    device: str
    recipient: str | None
    secret: str | None

    @property
    def folder(self) -> Path:
        return folders.device_folder(self.root, self.journal, self.device)


def place(journal: Journal, root: Path, *, settling: bool = False) -> Place:
    """This device's place in the sync folder; an encrypted journal's batches are
    encrypted to its own age key (a locked journal has been opened with its key
    by the door, or refused there: `the journal is locked`)."""
    if not root.is_dir():
        raise TrustlogError(f"The sync folder {root} is not there (is its drive mounted?).")
    uuid = journal.owner()["owner_uuid"]
    refuse_another_journals(root, uuid, journal.path, settling=settling)  # before any write
    if journal.key is None:
        refuse_plain_among_sealed(root, uuid)  # before anything is written
    device = queries.meta(journal.conn, queries.DEVICE_KEY)
    if device is None:
        device = new_identity()
        with journal.writing() as conn:
            queries.set_meta(conn, queries.DEVICE_KEY, device)
    recipient = secret = None
    if journal.key is not None:
        from trustlog.journal.keys import journal_keys

        secret, recipient = journal_keys(journal)
    return Place(root, uuid, device, recipient, secret)


def refuse_another_journals(
    root: Path, journal_uuid: str, journal_path: Path, *, settling: bool
) -> None:
    """A folder that holds another journal is never written into, nor is the journal
    (not even its device id) when it is refused.  `sync DIR` asks for each journal to
    get its own folder; a plain `sync`, or the one `checkin` runs, says whose folder
    it is: the folder is one setting in the config, which every journal opened with
    it shares, so a second journal's `sync DIR` changes it for the first."""
    if not any(uuid != journal_uuid for uuid in identities.journals(root)):
        return
    if settling:
        raise TrustlogError(
            f"{root} already holds another trustlog journal; give each journal its "
            "own sync folder (on a new device, `trustlog sync join DIR` takes that one)."
        )
    raise TrustlogError(
        f"{root} holds another trustlog journal, not {journal_path}, so nothing was sent; "
        f"`trustlog sync DIR` gives this journal its own folder."
    )


def refuse_plain_among_sealed(root: Path, journal_uuid: str) -> None:
    """A plain copy among encrypted ones is refused before it writes anything, to
    the folder (its identity holds the journal's key in clear) or the journal."""
    from trustlog.features.sync import sealing

    if identities.identities_sealed(root, journal_uuid):
        raise TrustlogError(sealing.PLAIN_AMONG_SEALED)


def check_envelope(journal: Journal, where: Place, now: datetime) -> None:
    """A journal and its folder are both encrypted or both plain (see `sealing`);
    an encrypted journal's identity here is sealed to its current key (sealed
    again after `trustlog passphrase`, or after `encrypt` on a journal that
    synced while plain)."""
    if where.recipient is None:
        refuse_plain_among_sealed(where.root, where.journal)
        return
    from trustlog.features.sync import sealkey

    assert journal.key is not None
    if not identities.identity_opens(where.folder, sealkey.pair(journal.key)[0]):
        leave_identity(journal, where, now)


def sync(journal: Journal, where: Place, now: datetime) -> Synced:
    """Send this device's new changes (none: no batch), then take everyone else's."""
    check_envelope(journal, where, now)
    done = Synced()
    folders.check_own(where.folder)
    if recovery.lost(journal, where) or recovery.sent_plain(journal, where):
        done.resent = recovery.RESENT if recovery.lost(journal, where) else recovery.RESEALED
        where = recovery.renew(journal, where)
        leave_identity(journal, where, now)
    folders.cleanup_temps(where.folder)
    _send(journal, where, now, done)
    taking.take(journal, where, done, now.date())
    return done


def _send(journal: Journal, where: Place, now: datetime, done: Synced) -> None:
    _lift_sunk(journal)
    upto = queries.last_change(journal.conn)
    if not upto:
        return
    rows = queries.changes(journal.conn, upto)
    if rows:
        ahead = batches.next_batch(where.folder, recovery.last_sent(journal))
        done.sent = ahead.seq
        batches.write_batch(
            where.folder,
            ahead.seq,
            rows,
            recipient=where.recipient,
            identity=where.secret,
            now=now,
            after=ahead.follows,
        )
        done.sent_changes = len(rows)
        done.left_alone += _in_the_way(where, ahead)
    with journal.writing() as conn:
        queries.forget_changes(conn, upto)
        if done.sent:
            queries.set_meta(
                conn, queries.SENT_KEY, f"{done.sent} {now.isoformat(timespec='seconds')}"
            )


def _in_the_way(where: Place, ahead: batches.NextBatch) -> list[str]:
    """One line for files at this device's next numbers that trustlog did not write."""
    if not ahead.in_the_way:
        return []
    names = ahead.in_the_way
    listed = names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more files"
    return [
        f"{listed} in this device's sync folder ({where.folder}) "
        f"{'was' if len(names) == 1 else 'were'} not written by trustlog here; left alone, "
        f"this device's batches go on from {ahead.seq:08d}.batch."
    ]


def _lift_sunk(journal: Journal) -> None:
    """A change made here must win everywhere as it won here: one stamped at or
    before the entry's earlier stamp (this clock is behind) goes out a microsecond
    after it instead."""
    sunk = queries.sunk_changes(journal.conn)
    if sunk:
        lifted = [
            ((datetime.fromisoformat(floor) + timedelta(microseconds=1)).isoformat(), uuid)
            for uuid, floor in sunk
        ]
        with journal.writing() as conn:
            queries.lift(conn, lifted)


# -- joining and leaving the identity ------------------------------------------------------


def leave_identity(journal: Journal, where: Place, now: datetime) -> None:
    """Leave in this device's folder what `sync join` adopts on a new device.

    A plain journal's identity is plain, age key included: the folder already
    holds its every batch in clear, so the key adds only the power to open
    packets shared to this journal (said in the README).  An encrypted
    journal's identity is sealed to a key derived from its own (`sealkey`):
    its passphrase opens it on a new device.
    """
    from trustlog.journal.keys import journal_keys

    journal_keys(journal)
    identity = queries.identity_rows(journal.conn, IDENTITY_KEYS)
    sealed = None
    if journal.key is not None:
        from trustlog.features.sync import sealkey
        from trustlog.journal.cipher import read_salt

        sealed = (sealkey.pair(journal.key)[1], read_salt(journal.path))
    identities.write_identity(where.folder, identity, now=now, sealed=sealed)


def settle_in(journal: Journal, where: Place, now: datetime) -> Place:
    """`sync DIR`: make DIR this journal's folder (one that holds another journal
    was refused by `place`, before anything was written); in a folder where this
    device has written nothing yet, the whole journal goes out with the first
    batch and everything there is taken, so a device joining later gets it all.
    A device that wrote batches to another folder before takes a new device id
    there (`recovery`): the others took seqs of its old id already.
    Returns this device's place in the folder."""
    folders.check_own(where.folder)  # another journal there was refused by `place`
    if recovery.lost(journal, where):
        where = recovery.renew(journal, where)
    elif recovery.last_sent(journal) == 0:
        with journal.writing() as conn:
            queries.remark_everything(conn)
    leave_identity(journal, where, now)
    return where


def joinable(root: Path) -> str:
    """The one journal in the folder a new device can join."""
    found = identities.journals(root)
    if not found:
        raise TrustlogError(
            f"{root} holds no trustlog journal to join yet: run `trustlog sync {root}` on a "
            "device that has the journal, let the folder sync, then join."
        )
    if len(found) > 1:
        raise TrustlogError(
            f"{root} holds {len(found)} journals; give each journal its own sync folder."
        )
    return found[0]


def join(journal: Journal, identity: dict[str, Any]) -> None:
    """Adopt the folder's journal: its owner and key; this device's own earlier
    entries stay, and go out with its first batch."""
    owner = {key: str(identity[key]) for key in IDENTITY_KEYS if identity.get(key)}
    if "owner_uuid" not in owner:
        raise TrustlogError("The journal's identity in the sync folder is damaged.")
    with journal.writing() as conn:
        queries.adopt(conn, owner)
        queries.set_meta(conn, queries.DEVICE_KEY, new_identity())
        queries.forget_meta(conn, queries.SENT_KEY)
        queries.remark_everything(conn)
    if "age_public_key" in owner:
        from trustlog.journal.keys import write_public

        write_public(journal.path, owner["age_public_key"])

"""Sync one journal across a person's own devices through a folder another tool keeps
in step: send this device's changes as one batch, take every other device's.

Taking applies the rules of `merge` (`unite`): by uuid, the later change wins
whole, a deletion is never undone by an older copy, in any order, any number
of times.  A purge is buried first and is final: nothing brings its rows back
(journal/tombstones.py).  The journal is written in one transaction per sync, so a sync that
is killed leaves the journal as it was, and the next one finishes the job.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batches, identities, queries, recovery
from trustlog.journal import Journal, new_identity

if TYPE_CHECKING:
    from trustlog.features.exchange.queries.unite import United

#: What reading a damaged or hostile batch may raise beyond TrustlogError.
_DAMAGE = (ValueError, TypeError, KeyError, AttributeError, RecursionError, OverflowError)

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

    def news(self) -> bool:
        """Whether a check-in's sync has something to say (beyond what it sent)."""
        return bool(self.taken or self.arriving or self.refused or self.purged or self.resent)


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
        return batches.device_folder(self.root, self.journal, self.device)


def place(journal: Journal, root: Path) -> Place:
    """This device's place in the sync folder; an encrypted journal's batches are
    encrypted to its own age key (a locked journal has been opened with its key
    by the door, or refused there: `the journal is locked`)."""
    if not root.is_dir():
        raise TrustlogError(f"The sync folder {root} is not there (is its drive mounted?).")
    uuid = journal.owner()["owner_uuid"]
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
    batches.check_own(where.folder)
    if recovery.lost(journal, where) or recovery.sent_plain(journal, where):
        done.resent = recovery.RESENT if recovery.lost(journal, where) else recovery.RESEALED
        where = recovery.renew(journal, where)
        leave_identity(journal, where, now)
    batches.cleanup_temps(where.folder)
    _send(journal, where, now, done)
    _take(journal, where, done, now.date())
    return done


def _send(journal: Journal, where: Place, now: datetime, done: Synced) -> None:
    _lift_sunk(journal)
    upto = queries.last_change(journal.conn)
    if not upto:
        return
    rows = queries.changes(journal.conn, upto)
    if rows:
        done.sent = batches.next_seq(where.folder, recovery.last_sent(journal))
        batches.write_batch(
            where.folder, done.sent, rows, recipient=where.recipient, identity=where.secret, now=now
        )
        done.sent_changes = len(rows)
    with journal.writing() as conn:
        queries.forget_changes(conn, upto)
        if done.sent:
            queries.set_meta(
                conn, queries.SENT_KEY, f"{done.sent} {now.isoformat(timespec='seconds')}"
            )


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


def _take(journal: Journal, where: Place, done: Synced, today: date) -> None:
    found = batches.scan(where.root, where.journal, skip_device=where.device)
    done.refused += batches.linked_devices(where.root, where.journal)
    done.refused += identities.skipped(where.root, where.journal)
    start = {device: seq for device, (seq, _at) in queries.taken(journal.conn).items()}
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    progress, stopped, refused = _read_runs(found, start, rows, where, done, today)
    done.arriving += _waiting(found, progress, stopped, refused)
    if progress != start:
        _apply(journal, rows, {d: s for d, s in progress.items() if start.get(d) != s}, done)


def _read_runs(
    found: list[batches.Found],
    progress: dict[str, int],
    rows: dict[str, list[dict[str, Any]]],
    where: Place,
    done: Synced,
    today: date,
) -> tuple[dict[str, int], set[str], set[str]]:
    """Each device's run of batches after its progress, read into `rows` until one is
    not whole (the device is `stopped`) or is refused (said once, not also as still
    arriving).  Returns the progress made, and those two sets of devices."""
    stopped: set[str] = set()
    refused: set[str] = set()
    for device, seq, path in batches.unseen(found, progress):
        if device in stopped or device in refused:
            continue
        said = len(done.refused)
        changes = _read(path, where, done, today)
        if changes is None:
            (refused if len(done.refused) > said else stopped).add(device)
            continue
        for change in changes:
            rows[str(change.get("table"))].append(change)
        progress = batches.advance(progress, device, seq)
        done.taken += 1
    return progress, stopped, refused


def _read(path: Path, where: Place, done: Synced, today: date) -> list[dict[str, Any]] | None:
    """A batch's changes, every one checked; None (and the device waits there) while
    it is not whole, or when it is not this journal's or holds a bad change: that
    is said, and the rest goes on."""
    from trustlog.features.sync import screening

    what = f"Batch {path.name} from device {path.parent.name}"
    try:
        changes = batches.read_batch(path, identity=where.secret)
        return None if changes is None else screening.screened(changes, what, today)
    except TrustlogError as error:
        done.refused.append(str(error))
    except _DAMAGE:  # whatever a hostile file makes a parser raise: a damaged batch
        done.refused.append(f"{what} is damaged; it was not taken.")
    return None


def _waiting(
    found: list[batches.Found], progress: dict[str, int], stopped: set[str], refused: set[str]
) -> list[tuple[str, int]]:
    """Devices with whole batches past what was taken: each waits for its next seq
    (one refused there was said already; a stray file far ahead, not whole, is no
    sign that anything is on its way)."""
    beyond = {
        device
        for device, seq, path in found
        if seq > progress.get(device, 0) + 1 and device not in stopped and batches.whole(path)
    }
    waiting = sorted((beyond | stopped) - refused)
    return [(device, progress.get(device, 0) + 1) for device in waiting]


def _apply(
    journal: Journal, rows: dict[str, list[dict[str, Any]]], progress: dict[str, int], done: Synced
) -> None:
    from trustlog.features.exchange.queries.unite import BULK, unite
    from trustlog.journal import tombstones

    if rows["tombstones"]:  # erased rows leave no trace in the file's free pages
        tombstones.secure_delete(journal.conn)
    with journal.writing() as conn:
        before = queries.last_change(conn)
        done.purged = tombstones.bury(conn, rows["tombstones"])  # first: a purge is final
        done.united = unite(
            conn,
            rows["injuries"],
            rows["promises"],
            tombstones.spare(conn, rows["entries"]),
            rows["checkins"],
            bulk=len(rows["entries"]) >= BULK,
        )
        queries.forget_changes_after(conn, before)
        queries.record_taken(conn, progress, journal.stamp())
    if done.purged:
        tombstones.scrub(journal.conn)


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
    """`sync DIR`: make DIR this journal's folder.  A folder that holds another
    journal is refused (each journal gets its own); in a folder where this
    device has written nothing yet, the whole journal goes out with the first
    batch and everything there is taken, so a device joining later gets it all.
    A device that wrote batches to another folder before takes a new device id
    there (`recovery`): the others took seqs of its old id already.
    Returns this device's place in the folder."""
    others = [uuid for uuid in identities.journals(where.root) if uuid != where.journal]
    if others:
        raise TrustlogError(
            f"{where.root} already holds another trustlog journal; give each journal its "
            "own sync folder (on a new device, `trustlog sync join DIR` takes that one)."
        )
    batches.check_own(where.folder)
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

"""Taking every other device's batches: each device's run in order after the last
one taken, read whole and checked, then applied in one transaction with the
rules of `merge` (`unite`).

A run stops at a batch still arriving (it is taken next time) or refused (said
in one line; that device waits there).  A file a device did not write can sit
at its next number (`00000003.batch` put there by hand or by another tool):
that device never replaces it, and says in its next batch which of its own it
follows (`batches.next_batch`), so here the run steps past the stranger, leaves
it alone, and says so once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustlog.app.errors import TrustlogError
from trustlog.features.sync import batches, folders, identities, queries
from trustlog.journal import Journal

if TYPE_CHECKING:
    from trustlog.features.sync.sync import Place, Synced

#: What reading a damaged or hostile batch may raise beyond TrustlogError.
_DAMAGE = (ValueError, TypeError, KeyError, AttributeError, RecursionError, OverflowError)


def take(journal: Journal, where: Place, done: Synced, today: date) -> None:
    found = batches.scan(where.root, where.journal, skip_device=where.device)
    done.refused += folders.linked_devices(where.root, where.journal)
    done.refused += identities.skipped(where.root, where.journal)
    start = {device: seq for device, (seq, _at) in queries.taken(journal.conn).items()}
    reading = _Reading(found, where, done, today, dict(start))
    reading.runs()
    done.arriving += _waiting(found, reading.progress, reading.stopped, reading.refused)
    if reading.progress != start:
        moved = {d: s for d, s in reading.progress.items() if start.get(d) != s}
        _apply(journal, reading.rows, moved, done)


@dataclass
class _Reading:
    """Each device's batches read in order into `rows`, and where each stopped."""

    found: list[batches.Found]
    where: Place
    done: Synced
    today: date
    progress: dict[str, int]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    #: Devices whose next batch is not whole yet.
    stopped: set[str] = field(default_factory=set)
    #: Devices whose next batch was refused (said once, not also as still arriving).
    refused: set[str] = field(default_factory=set)
    #: The lines said about the batch where a device stopped.
    said: dict[str, list[str]] = field(default_factory=dict)
    #: (device, seq taken) already looked past, so every look happens once.
    looked: set[tuple[str, int]] = field(default_factory=set)

    def runs(self) -> None:
        """Each device's run after what was taken; then, where a device stepped past
        files it did not write, past them too, and on, until no device moves."""
        while True:
            for device, seq, path in batches.unseen(self.found, self.progress):
                if device not in self.stopped and device not in self.refused:
                    self._read_one(device, seq, path)
            if not any(self._step_past(device) for device in self._devices()):
                return

    def _devices(self) -> list[str]:
        return sorted({device for device, _seq, _path in self.found})

    def _read_one(self, device: str, seq: int, path: Path, *, after: int | None = None) -> bool:
        said = len(self.done.refused)
        changes = _read(path, self.where, self.done, self.today, after)
        if changes is None:
            self.said[device] = self.done.refused[said:]
            (self.refused if self.said[device] else self.stopped).add(device)
            return False
        for change in changes:
            self.rows[str(change.get("table"))].append(change)
        self.progress = batches.advance(self.progress, device, seq)
        self.done.taken += 1
        return True

    def _step_past(self, device: str) -> bool:
        """Take the device's batch that follows the last one taken across files it did
        not write; the line said about the first of those gives way to one saying
        they were left alone."""
        taken = self.progress.get(device, 0)
        if (device, taken) in self.looked:
            return False
        self.looked.add((device, taken))
        ahead = batches.leap(self.found, device, taken)
        if ahead is None:
            return False
        before = self.said.pop(device, [])
        if not self._read_one(device, ahead[1], ahead[2], after=taken):
            self.said[device] = before + self.said.get(device, [])
            return False
        self.stopped.discard(device)
        self.refused.discard(device)
        self.done.refused = [line for line in self.done.refused if line not in before]
        names = [path.name for d, seq, path in self.found if d == device and taken < seq < ahead[1]]
        if names:
            self.done.left_alone.append(
                f"{_listed(names)} in device {device[:8]}'s folder {_was(names)} not written "
                "by that device; left alone, and its batches after it were taken."
            )
        return True


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _was(names: list[str]) -> str:
    return "was" if len(names) == 1 else "were"


def _read(
    path: Path, where: Place, done: Synced, today: date, after: int | None = None
) -> list[dict[str, Any]] | None:
    """A batch's changes, every one checked; None (and the device waits there) while
    it is not whole, or when it is not this journal's or holds a bad change: that
    is said, and the rest goes on.  With `after`, the batch must follow that seq."""
    from trustlog.features.sync import screening

    what = f"Batch {path.name} from device {path.parent.name}"
    try:
        changes = batches.read_batch(path, identity=where.secret, taken=after)
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
    tombstones.scrub_if_owed(journal.conn)  # what this erased, or a killed run left

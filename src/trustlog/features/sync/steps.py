"""The sync commands' steps with a State: where the folder is, which journal, and
the summary lines; `checkin` and `remind` call `sync_if_set` first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustlog.app.config import set_value
from trustlog.app.errors import TrustlogError
from trustlog.app.state import State
from trustlog.features.sync import batches, folders, identities, joining, queries, sealing
from trustlog.features.sync.sync import (
    Synced,
    join,
    joinable,
    leave_identity,
    place,
    settle_in,
    sync,
)

if TYPE_CHECKING:
    from trustlog.features.exchange.queries.unite import United

_NO_FOLDER = "No sync folder yet: start with `trustlog sync DIR` (a folder Syncthing, git … keeps)."


_JOINED_SEALED = (
    "This journal is encrypted here too, with the same passphrase; `trustlog unlock` "
    "remembers its key for this session."
)


_OWN_NUMBERS = (
    "Entry numbers are each device's own: look one up with `trustlog log` here before "
    "`edit`, `rm` or `purge`."
)


def folder_of(state: State) -> Path | None:
    """The sync folder remembered in the config (`sync = "DIR"`), if any."""
    value = state.config.raw.get("sync")
    return Path(str(value)).expanduser() if value else None


def sync_now(state: State, new_root: Path | None) -> None:
    """`trustlog sync [DIR]`: remember DIR the first time, then sync and say what happened."""
    root = new_root or folder_of(state)
    if root is None:
        raise TrustlogError(_NO_FOLDER)
    before = folder_of(state)
    if new_root is not None:
        _make_if_new(root)
    with state.journal(write=True) as journal:
        where = place(journal, root.absolute(), settling=new_root is not None)
        if new_root is not None:
            where = settle_in(journal, where, state.clock.now())
        done = sync(journal, where, state.clock.now())
    lines = summary(done)
    if new_root is not None:
        set_value(state.config, "sync", str(root))
        if before is not None and before.absolute() != root.absolute():
            lines.append(f"This journal now syncs through {root}, no longer {before}.")
    say(lines)


def _make_if_new(root: Path) -> None:
    """`sync ~/Sync/trustlog` inside a folder a sync tool keeps: the first time, the
    `trustlog` folder is made (private).  A folder whose parent is missing too is
    more likely a drive not mounted: that is said, not made."""
    if not root.exists() and not root.is_symlink() and root.parent.is_dir():
        root.mkdir(mode=0o700)


def sync_if_set(state: State, *, quiet: bool = False) -> None:
    """Before `checkin` and `remind`: sync when a folder is set; a folder that is not
    there (a drive not mounted) is one line, never a failed check-in.  `remind`
    is quiet: what cron runs says nothing but its reminder, and never asks for a
    locked journal's passphrase (a key remembered by `unlock` is used)."""
    root = folder_of(state)
    if root is None or not state.journal_path.exists():
        return
    try:
        with state.journal(write=True, remembered_only=quiet) as journal:
            done = sync(journal, place(journal, root), state.clock.now())
    except TrustlogError as error:
        if not quiet:
            say([f"Sync skipped: {error}"])
        return
    except Exception as error:  # nothing in the folder may stop a check-in
        if state.env.get("TRUSTLOG_DEBUG"):
            raise
        if not quiet:
            say([f"Sync skipped: something unexpected went wrong ({type(error).__name__}); "
                 "TRUSTLOG_DEBUG=1 shows details."])  # fmt: skip
        return
    if not quiet and done.news():
        say(summary(done))


def join_now(state: State, root: Path) -> None:
    """`trustlog sync join DIR`: adopt the journal in DIR, remember DIR, sync.

    An encrypted journal's identity opens with its passphrase (a wrong one
    writes nothing); this device's journal is then encrypted with it before
    the journal's key or any batch reaches it."""
    root = root.absolute()
    uuid = joinable(root)
    sealed = None
    opener = state
    if identities.identity_encrypted(root, uuid):
        sealed = sealing.passphrase(state)
    elif sealing.encrypted(state.journal_path):
        raise TrustlogError(sealing.SEALED_HERE_PLAIN_THERE.format(root=root))
    identity = identities.read_identity(root, uuid, passphrase=sealed)
    if sealed is not None and sealing.lock_before_joining(state, sealed):
        opener = sealing.with_passphrase(state, sealed)
    folders.check_journal_folder(root, uuid)
    with opener.journal(write=True) as journal, joining.undone_on_failure(journal):
        join(journal, identity)
        where = place(journal, root)
        leave_identity(journal, where, state.clock.now())
        done = sync(journal, where, state.clock.now())
    set_value(state.config, "sync", str(root))
    name = identity.get("owner_name") or "the journal"
    lines = [f"Joined {name}'s journal in {root}.", *summary(done), _OWN_NUMBERS]
    lines += identities.skipped(root, uuid)
    if sealed is not None:
        lines.append(_JOINED_SEALED)
    say(lines)


def summary(done: Synced) -> list[str]:
    """One line for what went out and came in; one per batch still arriving or refused."""
    sent = f"sent {done.sent_changes} change{'s' if done.sent_changes != 1 else ''}"
    sent = sent if done.sent else ""
    took = _took(done.united)
    erased = _erased(done.purged)
    parts = [part for part in (sent, f"took {took}" if took else "", erased) if part]
    lines = [f"Synced: {'; '.join(parts)}." if parts else "Synced: nothing new."]
    arriving = [
        f"Batch {seq} from device {device[:8]} is still arriving; it will be taken next time."
        for device, seq in done.arriving
    ]
    lines += capped(arriving, "more devices have batches still arriving")
    if done.resent:
        lines.append(done.resent)
    lines += capped(done.left_alone, "more devices stepped past files they did not write")
    return lines + capped(done.refused, "more files in the sync folder were not taken")


#: How many lines of one kind a sync says before "and N more …".
SHOWN = 3


def capped(lines: list[str], more: str) -> list[str]:
    """A few lines, then how many more: a folder full of strangers is not a wall of text
    (`trustlog sync status` lists every device)."""
    if len(lines) <= SHOWN + 1:
        return lines
    return [*lines[:SHOWN], f"… and {len(lines) - SHOWN} {more}."]


def _took(united: United | None) -> str:
    """What taking brought, in merge's words (imported only when something came)."""
    if united is None:
        return ""
    from trustlog.features.exchange.merge import added_parts, counted

    parts = [
        *added_parts(united),
        counted(united.changed, "entry edited", "entries edited"),
        counted(united.deleted, "entry deleted", "entries deleted"),
        counted(united.restored, "entry restored", "entries restored"),
    ]
    return ", ".join(part for part in parts if part)


def _erased(purged: int) -> str:
    """Rows another device purged, erased here too (nothing of them is named)."""
    return "erased for good what another device purged" if purged else ""


def say(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def status(state: State) -> dict[str, Any]:
    """Every device seen in the folder: its last batch, and how far this one took it."""
    root = folder_of(state)
    if root is None:
        raise TrustlogError(_NO_FOLDER)
    with state.journal(if_missing="There is no journal yet, so nothing to sync.") as journal:
        device = queries.meta(journal.conn, queries.DEVICE_KEY)
        taken = queries.taken(journal.conn)
        uuid = journal.owner()["owner_uuid"]
    devices = []
    for seen in batches.status(root, uuid):
        seq, at = taken.get(seen.device, (0, None))
        behind = seen.last_seq > seq or seen.arriving
        devices.append(
            {
                "device": seen.device,
                "this": seen.device == device,
                "last_batch": seen.last_seq,
                "written": seen.written.isoformat() if seen.written else None,
                "taken": seq,
                "taken_at": at,
                "waiting_for": seq + 1 if behind and seen.device != device else None,
            }
        )
    return {"folder": str(root), "journal": uuid, "devices": devices}

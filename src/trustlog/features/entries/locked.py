"""A capture while the journal is locked: sealed to the journal's public key, no passphrase.

The entry is encrypted with age to `<journal>.pub` and appended to
`<journal>.inbox`; the next command that has the key folds it in.  Only the
entry's own words are in it, so nothing from the journal is read or shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustlog.core.models import Entry, NewEntry
from trustlog.journal import new_uuid

if TYPE_CHECKING:
    from trustlog.app.state import State


def save_locked(state: State, new: NewEntry) -> Entry:
    """Seal `new` into the inbox; the entry as it will read once folded (id 0 until then)."""
    from trustlog.journal.folding import record_of
    from trustlog.journal.inbox import append
    from trustlog.journal.keys import public_key
    from trustlog.journal.locked import Locked, inbox_of, writer_lock

    path = state.journal_path
    public = public_key(path)
    if public is None:
        raise Locked
    sealed = new._replace(uuid=new_uuid(), recorded_at=state.clock.stamp())
    with writer_lock(path):
        append(inbox_of(path), public, record_of(sealed))
    return Entry(
        id=0,
        uuid=sealed.uuid or "",
        kind=sealed.kind,
        amount=sealed.amount,
        by=sealed.by,
        on=sealed.on,
        note=sealed.note,
        tags=sealed.tags,
        promise_id=None,
        injury_id=None,
        recorded_at=sealed.recorded_at or "",
    )

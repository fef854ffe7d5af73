"""When this device's own batches are gone from the sync folder (its folder deleted,
an old copy of the folder restored), it sends everything again as a new device.

Other devices remember the last seq they took from each device.  Were this
device to start again at batch 1 under its old id, they would skip every batch
up to the seq they took, and its changes would never reach them.  So it takes a
new device id (a device no one has taken from), marks every row to be sent, and
leaves its identity again.  It also forgets what it took from the others and
takes everything again: if the journal here was restored from an old copy too,
that is what brings back what it lost, and taking twice changes nothing.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from trustlog.features.sync import folders, frames, queries
from trustlog.journal import Journal, new_identity

if TYPE_CHECKING:
    from trustlog.features.sync.sync import Place

RESENT = "This device's batches were missing from the sync folder; it sent the whole journal again."
#: Said when an encrypted journal finds its own plain batches from before `encrypt`.
RESEALED = (
    "This journal is encrypted now, so this device sent the whole journal again, sealed "
    "(a device joining later takes that); its plain batches from before stay in the folder "
    "until you remove them."
)


def last_sent(journal: Journal) -> int:
    """The seq of the last batch this device wrote (0: none yet)."""
    value = queries.meta(journal.conn, queries.SENT_KEY) or "0"
    head = value.split()[0] if value.split() else "0"
    return int(head) if head.isdigit() else 0


def lost(journal: Journal, where: Place) -> bool:
    """Whether batches this device wrote are gone from its folder (the last it
    recorded is not there; other files there say nothing)."""
    sent = last_sent(journal)
    return sent > 0 and not folders.batch_path(where.folder, sent).exists()


def sent_plain(journal: Journal, where: Place) -> bool:
    """Whether an encrypted journal's last batch here went out plain (it synced before
    `trustlog encrypt`): a device joining later refuses plain batches, so everything
    goes out again, sealed, under a new device id."""
    sent = last_sent(journal)
    if where.recipient is None or sent == 0:
        return False
    try:
        with folders.batch_path(where.folder, sent).open("rb") as batch:
            magic = batch.read(len(frames.BATCH_MAGIC) + 1)
    except OSError:
        return False
    return magic == f"{frames.BATCH_MAGIC}\n".encode()


def renew(journal: Journal, where: Place) -> Place:
    """A new device id, every row marked to go out, what was taken forgotten."""
    device = new_identity()
    with journal.writing() as conn:
        queries.set_meta(conn, queries.DEVICE_KEY, device)
        queries.forget_meta(conn, queries.SENT_KEY)
        queries.remark_everything(conn)
    return dataclasses.replace(where, device=device)

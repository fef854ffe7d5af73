"""Folding a locked journal's inbox into it: one transaction a piece, idempotent by uuid.

The inbox is taken aside first (`inbox.take`), folded, then removed, so a
kill at any point leaves either the inbox or a `.folding` piece that the next
fold picks up again; entries already in the journal are skipped by uuid.
A piece with lines that could not be read is kept, so nothing is thrown away.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustlog.core.models import NewEntry
from trustlog.journal.locked import inbox_of

if TYPE_CHECKING:
    from trustlog.journal.door import Journal


def waiting(journal_path: Path) -> bool:
    """Is anything waiting to be folded in? Cheap: one folder listing, no crypto import."""
    inbox = inbox_of(journal_path).name
    try:
        names = os.listdir(journal_path.parent)
    except OSError:
        return False
    return any(n == inbox or (n.startswith(inbox) and n.endswith(".folding")) for n in names)


def fold(journal: Journal) -> int:
    """Fold every waiting piece in recorded order; returns how many entries were new."""
    from trustlog.journal import inbox
    from trustlog.journal.keys import journal_keys

    secret, _ = journal_keys(journal)
    path = inbox_of(journal.path)
    pieces = inbox.leftover_folding(path)
    taken = inbox.take(path)
    if taken is not None:
        pieces.append(taken)
    added = 0
    for piece in pieces:
        arrivals = inbox.read(piece, secret)
        with journal.writing() as conn:
            for record in arrivals.records:
                added += _fold_one(journal, conn, record)
        if arrivals.skipped == 0:
            piece.unlink(missing_ok=True)
    return added


def record_of(entry: NewEntry) -> dict[str, Any]:
    """A new entry as the JSON record sealed into the inbox."""
    return {
        "uuid": entry.uuid,
        "kind": entry.kind,
        "amount": entry.amount,
        "by": entry.by,
        "on": entry.on.isoformat(),
        "note": entry.note,
        "tags": list(entry.tags),
        "recorded_at": entry.recorded_at,
    }


def _fold_one(journal: Journal, conn: Any, record: dict[str, Any]) -> int:
    uuid = str(record.get("uuid", ""))
    if not uuid or conn.execute("SELECT 1 FROM entries WHERE uuid = ?", (uuid,)).fetchone():
        return 0
    journal.insert_entry(
        conn,
        NewEntry(
            kind=str(record["kind"]),
            amount=int(record["amount"]),
            on=date.fromisoformat(str(record["on"])),
            by=str(record["by"]),
            note=str(record.get("note", "")),
            tags=tuple(str(t) for t in record.get("tags", [])),
            uuid=uuid,
            recorded_at=str(record.get("recorded_at") or journal.stamp()),
        ),
    )
    return 1

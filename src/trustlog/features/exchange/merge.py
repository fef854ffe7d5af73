"""Copies of one journal: merge a copy from another machine, and make a backup.

A merge unites two copies of *the same person's* journal by uuid.  Two
partners keep two journals that log the same moments from each side, so
adding one to the other would count every moment twice; that is what
`trustlog compare` is for, and a journal of another owner is refused.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from trustlog.app.errors import TrustlogError
from trustlog.features.exchange import queries
from trustlog.features.exchange.queries.unite import BULK, United, unite
from trustlog.journal import Journal, tombstones
from trustlog.journal.other import open_other
from trustlog.journal.private import same_file


def check_other(journal_path: Path, other_path: Path) -> None:
    """Merging a journal into itself is a mistake worth naming before anything opens."""
    if same_file(other_path, journal_path):
        raise TrustlogError(f"{other_path} is this journal itself; there is nothing to merge.")


def nothing_to_merge_into(journal_path: Path, other_path: Path) -> str:
    return (
        f"There is no journal at {journal_path} yet to merge into; "
        f"to carry on with the copy, use it as your journal (--db {other_path})."
    )


def merge(journal: Journal, other_path: Path) -> United:
    """Add to this journal what only the other copy has; the other file is only read."""
    other = open_other(other_path, journal.clock, key=journal.key)
    try:
        mine, theirs = journal.owner(), queries.owner(other)
        if mine.get("owner_uuid") != theirs.get("owner_uuid"):
            raise TrustlogError(
                f"{other_path} is another person's journal, so it was not merged "
                "(that would count shared moments twice); to see both sides together, "
                f"run `trustlog compare {other_path}`."
            )
        many = queries.entry_count(other) >= BULK
        stones = queries.tombstones(other)
        if stones:  # erased rows leave no trace in the file's free pages
            tombstones.secure_delete(journal.conn)
        with journal.writing() as conn:
            # First, as sync does: a purge on the other copy is final here too.
            purged = tombstones.bury(conn, stones)  # (an erase marks its scrub owed)
            entries = queries.entries(other)
            united = unite(
                conn,
                queries.injuries(other),
                queries.promises(other),
                tombstones.spare(conn, list(entries)) if stones else entries,
                queries.checkins(other),
                bulk=many,
            )
            united.purged = purged
    finally:
        other.close()
    tombstones.scrub_if_owed(journal.conn)  # what this erased, or a killed run left
    return united


def summary(united: United, other_path: Path) -> str:
    """`Merged laptop.db: added 12 entries, 1 repair step …`, or that nothing was new."""
    added = added_parts(united)
    changed = [
        counted(united.deleted, "entry deleted", "entries deleted"),
        counted(united.restored, "entry restored", "entries restored"),
        counted(united.changed, "entry edited", "entries edited"),
        counted(united.dropped, "promise dropped", "promises dropped"),
        counted(united.superseded, "double resolution set aside", "double resolutions set aside"),
        counted(united.purged, "purged row erased", "purged rows erased"),
    ]
    added_text = ", ".join(part for part in added if part)
    changed_text = ", ".join(part for part in changed if part)
    if not added_text and not changed_text:
        return f"Nothing new in {other_path}: this journal already holds all of it."
    text = f"Merged {other_path}: "
    text += f"added {added_text}" if added_text else "nothing to add"
    if changed_text:
        text += f"; {changed_text} as on the other copy"
    return text + "."


def counted(number: int, one: str, many: str) -> str:
    return "" if number == 0 else f"{number} {one if number == 1 else many}"


def added_parts(united: United) -> list[str]:
    """What came in, for the summaries of merge and import: `3 entries`, `1 promise`, …"""
    return [
        counted(united.entries, "entry", "entries"),
        counted(united.repair_steps, "repair step", "repair steps"),
        counted(united.promises, "promise", "promises"),
        counted(united.injuries, "injury", "injuries"),
        counted(united.checkins, "check-in", "check-ins"),
    ]


# -- backup ----------------------------------------------------------------------


def backup(journal: Journal, target: str | None, now: datetime) -> Path:
    """A consistent copy (the SQLite backup API), 0600, checked before it is trusted.

    Written under a temp name and linked into place, so a killed backup leaves
    no half file and never replaces one; a folder gets a new dated name (in UTC,
    so the hour a clock falls back cannot repeat a name).
    """
    from trustlog.journal.outputs import OutputTarget, backup_target

    path = backup_target(target, default_folder=journal.path.parent, now=now, journal=journal.path)
    with OutputTarget(path, replace=False).file() as temp:
        journal.copy_to(temp)
    return path

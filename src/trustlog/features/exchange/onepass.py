"""Import in one pass: each entry is checked as it is written, inside the import's
one transaction, so a bad row rolls everything back and the journal is unchanged.

Reading the file twice (check every row, then check and write it again) cost
about a third of a big import's time.  Now the reading pass stops at the first
entry: what an export puts before its entries (the version mark, the owner,
promises, injuries and check-ins) is checked before the journal is opened for
writing, and the entries are checked once, on the way in.  The price is that
the journal's write lock is held while the entries are checked; a capture
typed meanwhile waits (the lock's busy timeout is 30 s), as it would for the
write itself, which is most of an import's time anyway.

A hand-made file that puts its promises, injuries, owner or version mark
after its entries cannot be written in one pass (an entry's links would point
at promises not yet read): the pass stops, rolls back, and the import reads
the whole file first, as before.  Without a journal yet, the file is checked
whole before anything is created, so a bad file never leaves an empty journal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from trustlog.app.errors import BadInput
from trustlog.features.exchange.checks import RowIds, check_entry, where
from trustlog.features.exchange.importing import _SPOOLED, Checked, Reading, items
from trustlog.features.exchange.queries.unite import BULK
from trustlog.features.exchange.quickcheck import QuickCheck

#: From about this many bytes (about 1,000 exported rows) an import takes
#: `unite`'s bulk path (search index and roll-up summed once, not row by row).
BULK_BYTES = 100_000
#: Parts of a document that must come before its entries for one pass to work.
_HEAD = ("owner", "trustlog", "promises", "injuries", "checkins", "entries")


class LateHead(Exception):
    """The file names its promises, injuries, owner or version after its entries."""


def check_head(
    path: Path, fmt: str, weights: Mapping[str, int], label: str, today: date, now: str
) -> Checked:
    """Check what comes before the first entry (all of a file without entries)."""
    reading = Reading(weights, label, today, now)
    parts = items(path, fmt)
    try:
        for key, raw in parts:
            if key == "entry":
                reading.checked.count = -1  # entries follow: counted as they are written
                reading.checked.document = reading.document
                return reading.checked
            reading.take(key, raw)
    finally:
        parts.close()  # type: ignore[union-attr]
    if reading.document is False:
        raise BadInput(_NOT_AN_EXPORT)
    return reading.checked


_NOT_AN_EXPORT = (
    "Nothing was imported: the file is neither a trustlog export nor a list of entries."
)


def is_big(path: Path, checked: Checked) -> bool:
    """Whether to take the bulk path: by the count when the file was read whole."""
    if checked.count >= 0:
        return checked.count >= BULK
    size = len(_SPOOLED[path]) if path in _SPOOLED else path.stat().st_size
    return size >= BULK_BYTES


class Entries:
    """The file's entries, each checked and its links mapped to this journal's rows."""

    def __init__(
        self,
        path: Path,
        fmt: str,
        checked: Checked,
        links: dict[str, dict[int, str]],
        rules: tuple[Mapping[str, int], date, str],
    ) -> None:
        self.path, self.fmt, self.checked, self.local = path, fmt, checked, links
        self.weights, self.today, self.now = rules
        self.label = "line" if fmt == "csv" else "entry"
        self.known = {
            "promise": {p["uuid"] for p in checked.promises} | set(links["promise"].values()),
            "injury": {i["uuid"] for i in checked.injuries} | set(links["injury"].values()),
        }

    def __iter__(self) -> Iterator[dict[str, Any]]:
        ids, n, whole = RowIds(self.now), 0, self.checked.count >= 0
        quick = QuickCheck(self.weights, self.today, self.now).entry
        for key, raw in items(self.path, self.fmt):
            if key != "entry":
                if not whole and key in _HEAD:
                    raise LateHead
                continue
            n += 1
            entry = quick(raw) or check_entry(raw, n, self.weights, self.label, self.today, ids)
            self._link(entry, raw, n)
            yield entry
        if not whole and self.checked.document is False:
            raise BadInput(_NOT_AN_EXPORT)

    def _link(self, entry: dict[str, Any], raw: Any, n: int) -> None:
        """An id link becomes the uuid of this journal's row (or the import is refused);
        a uuid link to a promise or injury neither side holds is dropped and counted."""
        for thing in ("promise", "injury"):
            name = f"{thing}_uuid"
            local_id = entry.pop(f"{thing}_id")
            if entry[name] is None and local_id is not None:
                if local_id not in self.local[thing]:
                    raise BadInput(
                        f"Nothing was imported: {where(raw, n, self.label)}, field "
                        f"'{thing}_id': there is no {thing} {local_id} in this journal."
                    )
                entry[name] = self.local[thing][local_id]
            elif entry[name] is not None and entry[name] not in self.known[thing]:
                self.checked.dropped.add((name, entry[name]))
                entry[name] = None

"""What a big import sets aside while it writes: the entries' secondary indexes
(below) and Python's cycle collector (`no_cycle_collection`).  (SQLite's temporary
files stay in memory for every journal connection: `journal.guard.connect_file`.)

The entries' secondary indexes, set aside while a big import writes into a
smaller journal, and built again from their own SQL before it commits.

Writing 1,100,000 rows into an empty journal kept six indexes up to date row
by row: about half of SQLite's time (measured, 200,000 rows: 4.7 s → 1.4 s of
inserting plus 0.4 s to build the indexes again, since `CREATE INDEX` sorts).
All of it happens inside the import's one transaction, so a killed or failed
import rolls the dropped indexes back with everything else.

Set aside only once the rows written in this import outnumber the entries the
journal held before (a thousand rows into a hundred years keep every index),
and never a UNIQUE index: those are rules (one live resolution of a promise
occurrence, one entry per uuid), and while `entries_promise` is aside, the
search for a rival resolution takes `entries_one_resolution`, which stays.
`entries_recorded` stays too (`KEPT_IN_STEP`): an export writes it in order.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise

#: Rows written before the indexes may be set aside (a small bulk import keeps them).
FROM_ROWS = 5000
#: The one secondary index kept up to date row by row: an export lists its rows by day
#: and recording moment, so it is written at its end, and building it again would be
#: the biggest sort (32-character moments: 1,100,000 rows, +71 MiB of peak with temporary
#: files in memory; kept: +53 MiB, and +0.6 s CPU).
KEPT_IN_STEP = "entries_recorded"
#: The page cache a big import starts with (KiB; SQLite's default is 2 MiB) and may
#: grow to, at about 45 bytes a row written with a random uuid: it goes to a random
#: page of two unique indexes (the entries' and the sync marks'), so a cache smaller than them
#: reads and spills a page a row.  1,100,000 rows (measured, SQLite alone): 27.8 s
#: → 17.2 s CPU, sys 15.3 → 4.3 s, with 48 MiB; 110,000 rows stay at 8 MiB.  At most
#: 16 MiB since the index builds sort in memory (temp_store, `journal.guard`):
#: 1,100,000 random uuids peaked at 142 MiB with 40 MiB, 134 with 32, 117 with 16 (≤ 120 budgeted).
LEAST_CACHE_KIB, MOST_CACHE_KIB, CACHE_BYTES_A_ROW = 8192, 16384, 45


class IndexesAside:
    """Drops the non-unique indexes on `entries` when it pays, and builds them again."""

    def __init__(self, conn: sqlite3.Connection, entries_before: int) -> None:
        self.conn, self.entries_before = conn, entries_before
        self.written = 0
        #: Rows whose uuid did not follow the one before it (random, not time-ordered).
        self.scattered = 0
        self.aside: list[tuple[str, str]] = []
        self.decided = False

    def wrote(self, uuids: list[str]) -> None:
        """Count rows written; set the indexes aside once the import outgrows the journal."""
        self.written += len(uuids)
        if not in_order(uuids):
            self.scattered += len(uuids)
        self.grow_cache()
        if self.decided or self.written < max(FROM_ROWS, self.entries_before):
            return
        self.decided = True
        self.aside = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND name != ? ORDER BY name",
            (KEPT_IN_STEP,),
        ).fetchall()
        for name, _sql in self.aside:
            self.conn.execute(f'DROP INDEX "{name}"')

    def grow_cache(self) -> None:
        """The page cache for the rows written so far with random uuids.

        Time-ordered uuids (version 7, a trustlog export's) go to the last pages of
        the uuid indexes and need no more than the least cache; a bigger one only
        adds to the peak that the index builds' sorts come on top of.
        """
        kib = self.scattered * CACHE_BYTES_A_ROW // 1024
        if kib > LEAST_CACHE_KIB:
            self.conn.execute(f"PRAGMA cache_size = -{min(kib, MOST_CACHE_KIB)}")

    def restore(self) -> None:
        """Build every index set aside again, exactly as it was declared.

        The page cache is made small again first, and stays small for the search
        index and the roll-up: `CREATE INDEX` and `GROUP BY` sort in memory up to
        the cache's size, on top of the cache (48 MiB of both: peak 157 MiB).
        `grow_cache` makes it big again for the sync marks, the last statement.
        """
        self.conn.execute(f"PRAGMA cache_size = -{LEAST_CACHE_KIB}")
        for _name, sql in self.aside:
            self.conn.execute(sql)
        self.aside = []


def in_order(uuids: list[str]) -> bool:
    """Whether at least nine in ten of a batch's uuids follow the one before them."""
    rising = sum(a < b for a, b in pairwise(uuids))
    return rising * 10 >= (len(uuids) - 1) * 9


@contextmanager
def no_cycle_collection(bulk: bool) -> Iterator[None]:
    """Python's cycle collector off while a big import streams rows (each row's dicts
    are freed by reference counting; the collector only rescanned them: ≈ 5% of CPU)."""
    if not bulk or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

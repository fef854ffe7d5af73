"""A hundred-year journal with promise histories, built in minutes.

    python benchmarks/century.py PATH [--entries 1100000] [--years 100] [--empty EMPTY]

Six recurring promises made on day one (three daily, Sundays, the same day
each month, Mon/Wed/Fri) with every occurrence up to yesterday resolved (kept;
one in fifty broken), three injuries with repair steps, and ~30 entries a day
in the mix of `make_journal.py`.  Today's occurrences are left open, so
`kept`, `checkin` and `remind` have something to do, as on a real evening.

The promises, injuries and steps go through the app's own functions.  The
history goes in as one transaction of `executemany` with the entries'
triggers set aside, then the tables they feed are filled with one statement
each (search index, `days` roll-up with its running totals and `months`,
sync changes), the triggers are put back
from their stored SQL, and the promise marks are settled by the app's own
`settle_all` — the same path as a big import (`exchange/queries/unite.py`).
`tests/test_century.py` builds a small one both ways and compares every table.

`--empty` also writes the comparison journal: the same six promises and
injuries with the same steps, but made today, with no history.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_journal import KINDS, Mix, note  # noqa: E402

from trustlog.app.clock import FixedClock  # noqa: E402
from trustlog.core.occurrences import Schedule  # noqa: E402
from trustlog.features.promises.promises import add_promise, plan_promise  # noqa: E402
from trustlog.features.repair.repair import NewInjury, record_injury, record_step  # noqa: E402
from trustlog.journal import Journal  # noqa: E402
from trustlog.journal.schema import rebuild_days  # noqa: E402
from trustlog.journal.settled import settle_all  # noqa: E402
from trustlog.journal.watch import stamp_schema  # noqa: E402

#: (what, rule): made on day one, resolved ever since.
PROMISES = (
    ("ask how her day was", "FREQ=DAILY"),
    ("phone down at dinner", "FREQ=DAILY"),
    ("say goodnight kindly", "FREQ=DAILY"),
    ("walk together", "FREQ=WEEKLY;BYDAY=SU"),
    ("budget talk", "FREQ=MONTHLY"),
    ("cook dinner", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
)
#: (years back, severity, amount, steps reached)
INJURIES = (
    (70, "severe", -250, ("reveal", "acknowledge", "amends", "long-game", "closed")),
    (30, "major", -100, ("reveal", "acknowledge", "amends")),
    (1, "major", -100, ("reveal",)),
)
#: A word added to every everyday note (the "word in every note" search case).
EVERY_NOTE = "moment"
COLUMNS = (
    "uuid, kind, amount, by, day, note, tags, promise_id, injury_id, occurrence, step, "
    "recorded_at, deleted_at"
)
INSERT = f"INSERT INTO entries ({COLUMNS}) VALUES ({', '.join('?' * 13)})"


def _stamp(day: date, rng: random.Random) -> str:
    return f"{day.isoformat()}T{rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}:00+00:00"


def furnish(path: Path, first: date, today: date) -> list[int]:
    """Create the journal with its promises, injuries and steps, through the app."""
    journal = Journal.open(path, FixedClock(today), owner_name="bench")
    try:
        ids = [
            add_promise(journal, plan_promise([text], today=today, every=rule,
                                              on=first.isoformat()), today).id
            for text, rule in PROMISES
        ]  # fmt: skip
        for years_back, severity, amount, steps in INJURIES:
            day = max(first, today - timedelta(days=365 * years_back))
            new = NewInjury("a broken trust we are repairing", severity, "me", day, amount)
            injury_id, _ = record_injury(journal, new)
            for offset, step in enumerate(steps, start=1):
                record_step(
                    journal,
                    injury_id,
                    step,
                    f"step {step} reached",
                    min(today, day + timedelta(days=7 * offset)),
                )
    finally:
        journal.close()
    return ids


def resolutions(
    conn: sqlite3.Connection, ids: list[int], last: date, rng: random.Random
) -> Iterator[tuple[object, ...]]:
    """One kept (or, one time in fifty, broken) entry per occurrence up to `last`."""
    for promise_id in ids:
        made_on, rule, by = conn.execute(
            "SELECT made_on, rule, by FROM promises WHERE id = ?", (promise_id,)
        ).fetchone()
        for day in Schedule(date.fromisoformat(made_on), None, rule).until(last):
            kind, amount = ("broken", -5) if rng.random() < 0.02 else ("kept", 1)
            yield (str(uuid.UUID(int=rng.getrandbits(128), version=4)), kind, amount, by,
                   day.isoformat(), "", "", promise_id, None, day.isoformat(), None,
                   _stamp(day, rng), None)  # fmt: skip


def everyday(
    count: int, first: date, today: date, rng: random.Random
) -> Iterator[tuple[object, ...]]:
    """`count` entries spread evenly over the days, in the mix of make_journal (no
    kept/broken: those are the resolutions)."""
    mix = Mix([row for row in KINDS if row[0] not in ("kept", "broken")])
    span = (today - first).days + 1
    for index in range(count):
        day = first + timedelta(days=index * span // count)
        kind, amount = mix.pick(rng)
        text, tags = note(rng)
        text = f"{text} {EVERY_NOTE}"  # so one word is in every note, for `search`
        recorded = _stamp(day, rng)
        deleted = recorded if rng.random() < 0.01 else None
        by = "partner" if rng.random() < 0.3 else "me"
        yield (str(uuid.UUID(int=rng.getrandbits(128), version=4)), kind, amount, by,
               day.isoformat(), text, tags, None, None, None, None, recorded, deleted)  # fmt: skip


def history(conn: sqlite3.Connection, ids: list[int], count: int, first: date, today: date,
            seed: int) -> Iterator[tuple[object, ...]]:  # fmt: skip
    rng = random.Random(seed)
    resolved = list(resolutions(conn, ids, today - timedelta(days=1), rng))
    yield from resolved
    yield from everyday(max(0, count - len(resolved)), first, today, rng)


def bulk_insert(conn: sqlite3.Connection, rows: Iterator[tuple[object, ...]]) -> None:
    """Insert with the entries' triggers set aside, then fill what they feed."""
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entries'"
    ).fetchall()
    last = conn.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.executemany(INSERT, rows)
    conn.execute(
        "INSERT INTO entries_fts (rowid, note, tags) SELECT id, note, tags FROM entries "
        "WHERE id > ?",
        (last,),
    )
    rebuild_days(conn)
    conn.execute(
        "INSERT OR REPLACE INTO sync_changes (kind, uuid) SELECT 'entry', uuid FROM entries "
        "WHERE id > ? ORDER BY id",
        (last,),
    )
    for _, trigger_sql in triggers:
        conn.execute(trigger_sql)
    settle_all(conn)
    stamp_schema(conn)


def fill(path: Path, ids: list[int], count: int, years: int, today: date, seed: int) -> None:
    """Add the history to a furnished journal, in one transaction."""
    first = today - timedelta(days=365 * years - 1)
    journal = Journal.open(path, FixedClock(today), owner_name="bench")
    try:
        with journal.writing() as conn:
            bulk_insert(conn, history(conn, ids, count, first, today, seed))
        journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        journal.close()


def make(path: Path, count: int, years: int, today: date, seed: int = 7) -> float:
    """Build the journal at `path`; returns the seconds it took."""
    started = time.perf_counter()
    ids = furnish(path, today - timedelta(days=365 * years - 1), today)
    fill(path, ids, count, years, today, seed)
    return time.perf_counter() - started


def make_empty(path: Path, today: date) -> None:
    """The comparison journal: the same promises and injuries, made today."""
    furnish(path, today, today)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--entries", type=int, default=1_100_000)
    parser.add_argument("--years", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--empty", type=Path, help="also write the empty comparison journal")
    args = parser.parse_args(argv)
    for path in (args.path, args.empty):
        if path is not None and path.exists():
            print(f"{path} exists; remove it first.", file=sys.stderr)
            return 1
    seconds = make(args.path, args.entries, args.years, args.today, args.seed)
    print(f"{args.path}: {args.entries} entries over {args.years} years in {seconds:.1f} s")
    if args.empty:
        make_empty(args.empty, args.today)
    return 0


if __name__ == "__main__":
    sys.exit(main())

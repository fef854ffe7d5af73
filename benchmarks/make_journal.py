"""Make a realistic ten-year journal for the scale benchmarks.

    python benchmarks/make_journal.py PATH [--entries 110000] [--years 10] [--seed 7]

The journal is created by `Journal.open` (so it has the real schema, the
`days` roll-up and the FTS index) and filled in one transaction of
`executemany`; the triggers keep `days` and `entries_fts` up to date, exactly
as they do for entries recorded one by one.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from trustlog.app.clock import Clock
from trustlog.journal import Journal

#: (kind, share of entries, amount or None for a drawn one)
KINDS = (
    ("toward", 0.70, 1),
    ("away", 0.06, -5),
    ("against", 0.01, -10),
    ("deposit", 0.13, None),
    ("withdraw", 0.03, None),
    ("kept", 0.06, 1),
    ("broken", 0.01, -5),
)
_VOCABULARY = (
    "asked about her day listened coffee morning walk dinner together dishes kids school "
    "laughed joke text call missed late work tired phone scrolling hug kiss thanked "
    "appreciation truth money budget card plans weekend parents visit garden cooked "
    "breakfast bed forgot birthday flowers note apology sorry snapped irritated sighed "
    "rolled eyes interrupted held hand movie series music dance car errands shopping "
    "listened carefully remembered doctor appointment friend party tired grumpy quiet "
    "evening sunset rain holiday trip train bike run gym stretched meditated"
)
WORDS = _VOCABULARY.split()
TAGS = ("home", "kids", "money", "work", "family", "date", "chores", "health")


def note(rng: random.Random) -> tuple[str, str]:
    words = rng.choices(WORDS, k=rng.randint(3, 12))
    tags: list[str] = []
    if rng.random() < 0.3:
        tag = rng.choice(TAGS)
        words.append(f"@{tag}")
        tags.append(tag)
    return " ".join(words), " ".join(tags)


class Mix:
    """Kinds drawn in their shares; a deposit or withdrawal gets a random size."""

    def __init__(self, kinds: list[tuple[str, float, int | None]]) -> None:
        self.kinds = [kind for kind, _, _ in kinds]
        self.weights = [share for _, share, _ in kinds]
        self.fixed = {kind: amount for kind, _, amount in kinds}

    def pick(self, rng: random.Random) -> tuple[str, int]:
        kind = rng.choices(self.kinds, self.weights)[0]
        amount = self.fixed[kind]
        if amount is None:
            size = rng.randint(1, 5) if kind == "deposit" else rng.randint(1, 15)
            amount = size if kind == "deposit" else -size
        return kind, amount


def rows(count: int, years: int, today: date, seed: int) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    first = today - timedelta(days=365 * years - 1)
    span = (today - first).days + 1
    mix = Mix(KINDS)
    result: list[tuple[object, ...]] = []
    for index in range(count):
        day = first + timedelta(days=index * span // count)
        kind, amount = mix.pick(rng)
        text, tags = note(rng)
        recorded = f"{day.isoformat()}T{rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}:00+00:00"
        deleted = recorded if rng.random() < 0.01 else None
        by = "partner" if rng.random() < 0.3 else "me"
        result.append(
            (str(uuid.UUID(int=rng.getrandbits(128), version=4)), kind, amount, by,
             day.isoformat(), text, tags, None, None, None, recorded, deleted)
        )  # fmt: skip
    # A handful of injuries over the years: rare and heavy.
    for years_back in range(1, years, 3):
        day = today - timedelta(days=365 * years_back + 40)
        result.append(
            (str(uuid.uuid4()), "injury", -100, "me", day.isoformat(),
             "a broken trust we are repairing", "", None, None, None,
             f"{day.isoformat()}T21:00:00+00:00", None)
        )  # fmt: skip
    return result


def make(path: Path, count: int, years: int, today: date, seed: int) -> float:
    started = time.perf_counter()
    journal = Journal.open(path, Clock(), owner_name="bench")
    try:
        with journal.writing() as conn:
            conn.executemany(
                "INSERT INTO entries (uuid, kind, amount, by, day, note, tags, promise_id, "
                "injury_id, occurrence, recorded_at, deleted_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows(count, years, today, seed),
            )
        journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        journal.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--entries", type=int, default=110_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args(argv)
    if args.path.exists():
        print(f"{args.path} exists; remove it first.", file=sys.stderr)
        return 1
    seconds = make(args.path, args.entries, args.years, args.today, args.seed)
    print(f"{args.path}: {args.entries} entries over {args.years} years in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

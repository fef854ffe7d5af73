"""A big import grows SQLite's page cache only for rows whose uuids come in random
order: time-ordered ones (a trustlog export's) go to the uuid indexes' last pages,
and a bigger cache would only raise the import's peak memory."""

from __future__ import annotations

import random
import sqlite3

from trustlog.features.exchange.queries.aside import (
    LEAST_CACHE_KIB,
    MOST_CACHE_KIB,
    IndexesAside,
    in_order,
)
from trustlog.journal import new_uuid


def _cache_kib(conn: sqlite3.Connection) -> int:
    return -int(conn.execute("PRAGMA cache_size").fetchone()[0])


def _random_uuids(count: int) -> list[str]:
    rng = random.Random(3)
    return [f"{rng.getrandbits(128):032x}" for _ in range(count)]


def test_time_ordered_uuids_keep_the_least_cache() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA cache_size = -{LEAST_CACHE_KIB}")
    aside = IndexesAside(conn, entries_before=10**9)  # never sets an index aside here
    batch = sorted(new_uuid() for _ in range(5000))  # one batch's worth, made once
    for _ in range(200):
        aside.wrote(batch)
    assert aside.written == 1_000_000 and aside.scattered == 0
    assert _cache_kib(conn) == LEAST_CACHE_KIB


def test_random_uuids_grow_the_cache_up_to_its_most() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA cache_size = -{LEAST_CACHE_KIB}")
    aside = IndexesAside(conn, entries_before=10**9)
    scattered = _random_uuids(250_000)
    aside.wrote(scattered)
    assert LEAST_CACHE_KIB < _cache_kib(conn) < MOST_CACHE_KIB
    for _ in range(4):  # a million rows in random order, in all
        aside.wrote(scattered)
    assert _cache_kib(conn) == MOST_CACHE_KIB


def test_in_order_allows_a_few_out_of_place() -> None:
    """A row recorded late for an earlier day, or two devices' rows: nine in ten is enough."""
    ordered = sorted(_random_uuids(1000))
    assert in_order(ordered)
    assert in_order(ordered[:950] + _random_uuids(50))
    assert not in_order(_random_uuids(1000))
    assert in_order([]) and in_order(ordered[:1])

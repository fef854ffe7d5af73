"""The month roll-up against summing `days`, in one process on one journal.

    python benchmarks/months_rollup.py JOURNAL [--runs 21]

On a journal with both `days` and `months` (schema 11), times the queries
`report --year`, `report --month` and a balance as of a day run: once summing
every `days` row of the range (what they did before migration 011) and once
through `months.spanned` (whole months from `months`, the ends from `days`).
Both give the same numbers (checked here); the figure is the median of
`--runs` alternating runs, in ms of CPU time of this process.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from trustlog.journal.months import spanned, spans

SUMS = "sum(net), sum(deposits), sum(withdrawals), sum(kept), sum(broken)"
COLUMNS = "net, deposits, withdrawals, kept, broken"
YEAR = "substr(day, 1, 5) || '01-01'"
MONTH = "substr(day, 1, 8) || '01'"


def _by_days(period: str) -> str:
    return f"SELECT {period}, {SUMS} FROM days WHERE day BETWEEN :since AND :until GROUP BY 1"


def _by_months(period: str) -> str:
    return f"SELECT {period}, {SUMS} FROM ({spanned(COLUMNS)}) GROUP BY 1"


def _cases(today: date) -> list[tuple[str, str, str, dict[str, str]]]:
    century = date(today.year - 100, 1, 1)
    year_ago = date(today.year - 1, today.month, 1)
    return [
        ("report --year (100 periods)", _by_days(YEAR), _by_months(YEAR),
         {"since": century.isoformat(), "until": today.isoformat()} | spans(century, today)),
        ("report --month (12 periods)", _by_days(MONTH), _by_months(MONTH),
         {"since": year_ago.isoformat(), "until": today.isoformat()} | spans(year_ago, today)),
        ("balance as of the day before a year ago",
         "SELECT sum(net) FROM days WHERE day <= :until",
         f"SELECT sum(net) FROM ({spanned('net')})",
         {"until": (year_ago - timedelta(days=1)).isoformat()}
         | spans(date.min, year_ago - timedelta(days=1))),
        ("balance as of today (each capture's answer)",
         "SELECT sum(net) FROM days WHERE day <= :until",
         f"SELECT sum(net) FROM ({spanned('net')})",
         {"until": today.isoformat()} | spans(date.min, today)),
    ]  # fmt: skip


def _cpu_ms(conn: sqlite3.Connection, sql: str, params: dict[str, str]) -> tuple[float, list]:
    started = time.process_time()
    rows = conn.execute(sql, params).fetchall()
    return (time.process_time() - started) * 1000, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.journal}?mode=ro", uri=True)
    print("| query | summing `days` (ms CPU) | through `months` (ms CPU) | ratio |")
    print("|---|---:|---:|---:|")
    for name, old, new, params in _cases(date.today()):
        olds, news = [], []
        for _ in range(args.runs):
            spent, before = _cpu_ms(conn, old, params)
            olds.append(spent)
            spent, after = _cpu_ms(conn, new, params)
            news.append(spent)
            assert before == after, (name, before[:3], after[:3])
        a, b = statistics.median(olds), statistics.median(news)
        print(f"| {name} | {a:.2f} | {b:.2f} | {b / a:.3f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

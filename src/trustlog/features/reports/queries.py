"""The SQL behind report, chart, calendar and search.

Reports, the chart and the calendar read the `days` roll-up (one row per day
and person, kept equal to the live entries by triggers), so a ten-year
journal costs them a few thousand rows, not a hundred thousand.  Search asks
the FTS5 index and touches only the entries it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from trustlog.core.models import Entry
from trustlog.features.reports.reports import MATCH_CLOSE, MATCH_OPEN, Found
from trustlog.journal import Journal
from trustlog.journal.months import spanned, spans
from trustlog.journal.schema import ENTRY_COLUMNS, entry_from_row

#: How each period's first day is computed from a day (ISO weeks start on Monday).
PERIOD_START_SQL = {
    "week": "date(day, 'weekday 0', '-6 days')",
    "month": "substr(day, 1, 8) || '01'",
    "year": "substr(day, 1, 5) || '01-01'",
}

SUM_COLUMNS = ("deposits", "withdrawals", "net", "toward", "away", "against", "kept", "broken")

#: FTS5 highlight() marks around each matching token in a note.


@dataclass(frozen=True)
class PeriodSums:
    """What one period adds up to, and the running balance at its last entry."""

    start: date
    deposits: int
    withdrawals: int
    net: int
    toward: int
    away: int
    against: int
    kept: int
    broken: int
    balance: int


def first_day(journal: Journal) -> date | None:
    """The day of the oldest live entry, or None for a journal with none."""
    row = journal.conn.execute("SELECT min(day) FROM days WHERE entries > 0").fetchone()
    return None if row[0] is None else date.fromisoformat(row[0])


def period_sums(journal: Journal, unit: str, since: date, until: date) -> list[PeriodSums]:
    """Sums per period between `since` and `until` (both included), with the
    running balance from the very first entry, computed by a window function."""
    start = PERIOD_START_SQL[unit]
    sums = ", ".join(f"sum({column}) AS {column}" for column in SUM_COLUMNS)
    columns = ", ".join(SUM_COLUMNS)
    if unit == "week":  # weeks cross months: their days, one by one
        source = f"SELECT day, {columns} FROM days WHERE day BETWEEN :head0 AND :head1"
        ranges = {"head0": since.isoformat(), "head1": until.isoformat()}
    else:  # whole months from the month roll-up, the ends of the range from `days`
        source, ranges = spanned(columns), spans(since, until)
    sql = f"""
        WITH periods AS (
            SELECT {start} AS start, {sums}
            FROM ({source})
            GROUP BY 1
        )
        SELECT start, {columns}, :opening + sum(net) OVER (ORDER BY start)
        FROM periods ORDER BY start
    """
    opening = opening_balance(journal, since)
    rows = journal.conn.execute(sql, {**ranges, "opening": opening}).fetchall()
    return [PeriodSums(date.fromisoformat(row[0]), *(int(v) for v in row[1:])) for row in rows]


def opening_balance(journal: Journal, since: date) -> int:
    """The balance at the end of the day before `since`."""
    return 0 if since == date.min else journal.balance(date.fromordinal(since.toordinal() - 1))


def daily_nets(journal: Journal, since: date, until: date) -> list[tuple[date, int, int]]:
    """(day, net, entries) for each day with entries, oldest first."""
    rows = journal.conn.execute(
        "SELECT day, sum(net), sum(entries) FROM days WHERE day BETWEEN ? AND ? "
        "GROUP BY day HAVING sum(entries) > 0 ORDER BY day",
        (since.isoformat(), until.isoformat()),
    ).fetchall()
    return [(date.fromisoformat(day), int(net), int(count)) for day, net, count in rows]


def bucket_nets(journal: Journal, since: date, until: date, size: int) -> dict[int, int]:
    """Net amount of each run of `size` days from `since` (bucket 0 first), summed in SQL.

    A chart over a hundred years draws ~120 points, not 36,500: each bucket is
    one range read of the `days` roll-up by its key (no date arithmetic per
    row: that cost 30 ms of 36,500 days, the ranges 5 ms).
    """
    span = (until - since).days + 1
    bounds = [
        (n, (since + timedelta(days=start)).isoformat(),
         min(since + timedelta(days=start + size - 1), until).isoformat())
        for n, start in enumerate(range(0, span, size))
    ]  # fmt: skip
    values = ", ".join("(?, ?, ?)" for _ in bounds)
    rows = journal.conn.execute(
        f"WITH buckets (n, first, last) AS (VALUES {values}) "
        "SELECT n, (SELECT sum(net) FROM days WHERE day BETWEEN first AND last) FROM buckets",
        [value for bound in bounds for value in bound],
    ).fetchall()
    return {int(bucket): int(net) for bucket, net in rows if net is not None}


def injuries(journal: Journal, since: date, until: date) -> list[tuple[date, int]]:
    """(day, amount) of each live injury entry in the range, for marking the chart."""
    rows = journal.conn.execute(
        "SELECT day, amount FROM entries WHERE deleted_at IS NULL AND kind = 'injury' "
        "AND day BETWEEN ? AND ? ORDER BY day",
        (since.isoformat(), until.isoformat()),
    ).fetchall()
    return [(date.fromisoformat(day), int(amount)) for day, amount in rows]


def fts_query(words: list[str]) -> str:
    """Each word as a quoted FTS5 string, so no input can be read as FTS syntax.

    A trailing `*` stays a prefix search (`walk*`); all words must match.
    """
    terms = []
    for word in words:
        prefix = word.endswith("*")
        core = word.rstrip("*").strip()
        if not any(ch.isalnum() for ch in core):
            continue
        quoted = '"' + core.replace('"', '""') + '"'
        terms.append(quoted + ("*" if prefix else ""))
    return " ".join(terms)


#: A search with more matches than this lists them newest first instead of ranking them.
RANKED = 5000


def search(journal: Journal, query: str, limit: int | None) -> list[Found]:
    """Live entries matching `query` (see `fts_query`), best match first.

    FTS5 ranks inside its own index and only the best few are joined to
    `entries`; if deleted entries crowd them out, the search runs again over
    every match, so the answer is always the true best `limit` live ones.
    Matches are marked afterwards, for the hits shown only.  A query with more
    than `RANKED` matches lists them newest first: ranking (bm25) counts every
    match of each word once per query — a word in every note of a hundred-year
    journal is a million — and a word that common says little about which note
    fits best.
    """
    columns = ", ".join(f"e.{column.strip()}" for column in ENTRY_COLUMNS.split(","))
    many = (
        journal.conn.execute(
            "SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? "
            f"ORDER BY rowid DESC LIMIT 1 OFFSET {RANKED}",
            (query,),
        ).fetchone()
        is not None
    )
    order = "rowid DESC" if many else "rank, rowid DESC"
    score = "0" if many else "rank"

    def run(inner_limit: int | None) -> list[Entry]:
        inner = "" if inner_limit is None else f" LIMIT {int(inner_limit)}"
        outer = "" if limit is None else f" LIMIT {int(limit)}"
        sql = f"""
            SELECT {columns}
            FROM (
                SELECT rowid, {score} AS score FROM entries_fts
                WHERE entries_fts MATCH :query
                ORDER BY {order}{inner}
            ) AS f
            JOIN entries AS e ON e.id = f.rowid
            WHERE e.deleted_at IS NULL
            ORDER BY f.score, e.id DESC{outer}
        """
        return [entry_from_row(row) for row in journal.conn.execute(sql, {"query": query})]

    entries = run(None if limit is None else limit * 2 + 10)
    if limit is not None and len(entries) < limit:
        entries = run(None)
    marked: dict[int, str] = {}
    for start in range(0, len(entries), 500):
        ids = [entry.id for entry in entries[start : start + 500]]
        marked.update(
            journal.conn.execute(
                f"SELECT rowid, highlight(entries_fts, 0, '{MATCH_OPEN}', '{MATCH_CLOSE}') "
                f"FROM entries_fts WHERE entries_fts MATCH ? "
                f"AND rowid IN ({', '.join('?' * len(ids))})",
                (query, *ids),
            ).fetchall()
        )
    return [Found(entry, marked.get(entry.id, entry.note)) for entry in entries]

"""`trustlog doctor`: a look at every part of a journal file, and the repairs that are exact.

The one place besides the door that opens a journal, on purpose: the door
refuses a damaged or changed journal, and the doctor must be able to look at
exactly those.  It opens read-only to look; `fix` writes only what follows
from the entries (triggers, the `days` roll-up, the search index), file modes
and leftover temp files.  Rows that break the rules are listed by id, never
by their note, and never changed: which day or amount was meant is the
user's to say (`trustlog edit`).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from trustlog.journal import damage, guard, leftovers, months, private, tombstones, upkeep
from trustlog.journal.schema import APPLICATION_ID

#: What `fix` re-creates from the entries in one transaction.
REBUILT = ("schema", "days", "search")
_EDIT_HINT = " (`trustlog edit` can correct it)"
_ISO_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
#: Tables with a day column, and the column.
_DAY_COLUMNS = (
    ("entries", "day"),
    ("injuries", "day"),
    ("checkins", "day"),
    ("promises", "made_on"),
)


@dataclass(frozen=True)
class Finding:
    """One problem: which check found it, a plain line, and whether `--fix` can repair it."""

    check: str
    line: str
    fixable: bool


@dataclass
class Checkup:
    """What the doctor found in one journal."""

    path: Path
    exists: bool = True
    findings: list[Finding] = field(default_factory=list)
    #: A locked journal's key: the checks read it through SQLCipher.
    key: bytes | None = field(default=None, repr=False)


def connect(path: Path, *, write: bool, key: bytes | None = None) -> sqlite3.Connection:
    """A connection outside the door: read-only to look, read-write to repair; a
    locked journal is opened with its key (SQLCipher checks each page as it reads)."""
    if key is not None:
        from trustlog.journal import cipher

        return cipher.connect(path, key, readonly=not write)
    from urllib.parse import quote

    mode = "rw" if write else "ro"
    uri = f"file:{quote(str(path.absolute()))}?mode={mode}"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30.0)


def _ids(conn: sqlite3.Connection, sql: str) -> list[int]:
    return [row[0] for row in conn.execute(sql)]


def _listed(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


def bad_rows(conn: sqlite3.Connection) -> list[Finding]:
    """Rows that break the rules, by table and id: a day not YYYY-MM-DD, an amount not whole."""
    findings = []
    for table, column in _DAY_COLUMNS:
        ids = _ids(
            conn,
            f"SELECT id FROM {table} WHERE typeof({column}) != 'text' "
            f"OR {column} NOT GLOB '{_ISO_DAY}' OR date({column}) IS NOT {column} ORDER BY id",
        )
        if ids:
            line = f"{table} {_listed(ids)}: the day is not a YYYY-MM-DD date"
            findings.append(Finding("rows", line + _EDIT_HINT * (table == "entries"), False))
    ids = _ids(conn, "SELECT id FROM entries WHERE typeof(amount) != 'integer' ORDER BY id")
    if ids:
        line = f"entries {_listed(ids)}: the amount is not a whole number"
        findings.append(Finding("rows", line + _EDIT_HINT, False))
    ids = _ids(conn, _WRONG_SIGN)
    if ids:
        line = f"entries {_listed(ids)}: the amount's sign does not fit the kind"
        findings.append(Finding("rows", line + _EDIT_HINT, False))
    return findings


#: A toward of -5 (left by an older sync that did not carry `edit --kind`): the
#: kind decides the sign, as import checks it, and such a row would stop an
#: export from importing and a device's batches from being taken.
_WRONG_SIGN = (
    "SELECT id FROM entries WHERE typeof(amount) = 'integer' AND ("
    "(kind IN ('away', 'against', 'broken', 'withdraw', 'injury') AND amount > 0) "
    "OR (kind IN ('repair', 'note', 'excused') AND amount != 0) "
    "OR (kind IN ('toward', 'kept', 'deposit') AND amount < 0)) ORDER BY id"
)


def days_differ(conn: sqlite3.Connection) -> bool:
    """True when the `days` roll-up is not what the live entries add up to."""
    fresh = (
        "SELECT day, by, sum(amount), sum(max(amount, 0)), sum(max(-amount, 0)), "
        "sum(amount > 0), sum(amount < 0), sum(kind = 'toward'), sum(kind = 'away'), "
        "sum(kind = 'against'), sum(kind = 'kept'), sum(kind = 'broken'), count(*) "
        "FROM entries WHERE deleted_at IS NULL GROUP BY day, by"
    )
    kept = (
        "SELECT day, by, net, deposits, withdrawals, positives, negatives, toward, away, "
        "against, kept, broken, entries FROM days WHERE entries != 0"
    )
    row = conn.execute(
        f"SELECT EXISTS ({fresh} EXCEPT {kept}) OR EXISTS ({kept} EXCEPT {fresh})"
    ).fetchone()
    return bool(row[0])


def _database_errors(key: bytes | None) -> tuple[type[Exception], ...]:
    """SQLCipher's driver has its own DatabaseError, beside the standard library's."""
    if key is None:
        return (sqlite3.DatabaseError,)
    from sqlcipher3 import dbapi2

    return (sqlite3.DatabaseError, dbapi2.DatabaseError)


def search_differs(conn: sqlite3.Connection, path: Path, key: bytes | None = None) -> bool:
    """True when the search index does not match the notes (FTS5's own check)."""
    if not guard.writable(path):
        rows = conn.execute(
            "SELECT EXISTS (SELECT id FROM entries EXCEPT SELECT id FROM entries_fts_docsize) "
            "OR EXISTS (SELECT id FROM entries_fts_docsize EXCEPT SELECT id FROM entries)"
        ).fetchone()
        return bool(rows[0])
    check = connect(path, write=True, key=key)
    try:
        # IMMEDIATE: wait for a capture writing at this moment (busy timeout), as a
        # deferred BEGIN could not take the write lock and read "locked" as "differs".
        check.execute("BEGIN IMMEDIATE")
        check.execute(
            f"INSERT INTO {upkeep.FTS_TABLE} ({upkeep.FTS_TABLE}, rank) "
            "VALUES ('integrity-check', 1)"
        )
    except _database_errors(key):
        return True
    finally:
        if check.in_transaction:
            check.execute("ROLLBACK")
        check.close()
    return False


def _schema(conn: sqlite3.Connection, path: Path, key: bytes | None) -> list[Finding]:
    lost = upkeep.lost_columns(conn)
    if lost:
        return [Finding("schema", line, False) for line in lost]
    owned = [Finding("schema", line, True) for line in upkeep.owned_problems(conn)]
    if owned:
        return owned  # re-creating them rebuilds `days` and the index too
    findings = []
    if days_differ(conn):
        findings.append(Finding("days", "the daily totals do not match the entries", True))
    elif months.differ(conn):
        findings.append(Finding("days", "the monthly totals do not match the daily ones", True))
    if search_differs(conn, path, key):
        findings.append(Finding("search", "the search index does not match the notes", True))
    if tombstones.scrub_owed(conn):
        line = "a purge was stopped before its words were wiped from the file's free pages"
        findings.append(Finding("scrub", line, True))
    return findings


def _identity(conn: sqlite3.Connection, path: Path) -> list[Finding]:
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == APPLICATION_ID:
        return []
    if app_id == 0 and upkeep.looks_like_trustlog(conn):
        line = (
            "it holds a trustlog journal's tables but lost the marks that say so "
            f"(a restored .dump?): `trustlog doctor --adopt {path}` makes it one again"
        )
    else:
        line = "it is an SQLite database of another program, not a trustlog journal"
    return [Finding("identity", line, False)]


def _file_checks(conn: sqlite3.Connection) -> list[Finding]:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    if rows == ["ok"]:
        return []
    return [Finding("file", f"SQLite's integrity check failed: {rows[0]}", False)]


def _surroundings(path: Path) -> list[Finding]:
    findings = [
        Finding("permissions", line.replace(f"; {private.FIX_HINT}", ""), _ours(line, path))
        for line in private.exposure(path, listed=False)
    ]
    for temp in leftovers.stale_temps(path.parent):
        line = f"{temp.name} was left by a command that was stopped"
        findings.append(Finding("temps", line, True))
    return findings


def examine(path: Path, key: bytes | None = None) -> Checkup:
    """Every check that applies; a damaged or foreign file stops the checks that read it.
    A locked journal (`key`) has no SQLite header to check: its pages are checked by
    SQLCipher's own page checks and SQLite's integrity check instead."""
    if not guard.check_path(path) or os.path.getsize(path) == 0:
        return Checkup(path, exists=False)
    checkup = Checkup(path, key=key)
    reason = None if key is not None else damage.check_header(path)
    if reason is not None:
        checkup.findings.append(Finding("file", _damaged(path, reason), False))
        return checkup
    conn = connect(path, write=False, key=key)
    try:
        checkup.findings += _file_checks(conn)
        checkup.findings += _identity(conn, path)
        if not checkup.findings:
            checkup.findings += _schema(conn, path, key) + bad_rows(conn)
    except _database_errors(key) as error:
        checkup.findings.append(Finding("file", f"it could not be read ({error})", False))
    finally:
        conn.close()
    checkup.findings += _surroundings(path)
    return checkup


def _damaged(path: Path, reason: str) -> str:
    """A locked journal has no SQLite header either: without its passphrase the doctor
    cannot tell it from a damaged plain file, so it says both."""
    from trustlog.journal.keys import pub_path
    from trustlog.journal.locked import is_encrypted
    from trustlog.journal.private import read_header

    if read_header(path).startswith(b"SQLite"):
        return f"the file looks damaged: {reason}"  # a plain header, hurt
    if is_encrypted(path) and pub_path(path).exists():
        # Whole pages of noise with its key file beside it: what trustlog's own
        # encryption leaves. Say so plainly; "damaged" frightens for nothing.
        return (
            "it is a locked journal, so the doctor cannot look inside without its "
            "passphrase: give it with TRUSTLOG_PASSPHRASE or --passphrase-file (or run "
            "`trustlog unlock`), then run doctor again"
        )
    if is_encrypted(path):
        return (
            f"{reason}: either it is a locked journal and its passphrase was not given "
            "(give it with TRUSTLOG_PASSPHRASE or --passphrase-file, or `trustlog unlock`, "
            "then run doctor again), or the file is damaged"
        )
    return f"the file looks damaged: {reason}"


def _ours(line: str, path: Path) -> bool:
    """A folder is tightened only when trustlog made it (named `trustlog`), never a home."""
    return not line.startswith("The folder") or path.parent.name == "trustlog"


def _private_parts(path: Path) -> list[Path]:
    parts = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    if path.parent.name == "trustlog":  # a folder trustlog made; never a home folder
        parts.append(path.parent)
    return parts


def fix(checkup: Checkup) -> list[str]:
    """Repair what can be repaired exactly; one line for each thing done."""
    path = checkup.path
    checks = {f.check for f in checkup.findings if f.fixable}
    done: list[str] = []
    if checks & set(REBUILT):
        with closing(connect(path, write=True, key=checkup.key)) as conn:
            upkeep.repair(conn)
        done.append("Re-created the triggers, daily totals and search index from the entries.")
    if "scrub" in checks:
        with closing(connect(path, write=True, key=checkup.key)) as conn:
            tombstones.scrub_if_owed(conn)
        done.append("Wiped what a stopped purge had left in the file's free pages.")
    if "permissions" in checks:
        done += private.tighten(_private_parts(path))
    if "temps" in checks:
        removed = leftovers.clean_stale_temps(path.parent)
        done += [f"Removed {temp.name}, left by a command that was stopped." for temp in removed]
    return done

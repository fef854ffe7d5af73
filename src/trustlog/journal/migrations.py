"""The journal's schema, as named, append-only migrations.

Never edit a migration that has shipped: add a new one.  `store` applies
them (inside one exclusive transaction, so two processes opening a new
journal at once cannot both migrate it) and then records the count in
``PRAGMA user_version``, which is what lets the capture path skip
sqlite-utils entirely when the schema is current.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("trustlog")

_DAY_COUNTS = ("toward", "away", "against", "kept", "broken")


def _days_triggers() -> str:
    """Keep `days` (one row per day and person) equal to the live entries.

    Home screen, reports and charts read these few thousand rows instead of
    every entry, so their cost barely grows with the journal.
    """
    counts = ", ".join(_DAY_COUNTS)

    def row(ref: str) -> str:
        flags = ", ".join(f"{ref}.kind = '{kind}'" for kind in _DAY_COUNTS)
        return (
            f"{ref}.day, {ref}.by, {ref}.amount, max({ref}.amount, 0), max(-{ref}.amount, 0), "
            f"{ref}.amount > 0, {ref}.amount < 0, {flags}, 1"
        )

    columns = f"day, by, net, deposits, withdrawals, positives, negatives, {counts}, entries"
    add_set = ", ".join(
        f"{c} = {c} + excluded.{c}" for c in columns.split(", ") if c not in ("day", "by")
    )

    def subtract(ref: str) -> str:
        sets = ", ".join(
            [
                f"net = net - {ref}.amount",
                f"deposits = deposits - max({ref}.amount, 0)",
                f"withdrawals = withdrawals - max(-{ref}.amount, 0)",
                f"positives = positives - ({ref}.amount > 0)",
                f"negatives = negatives - ({ref}.amount < 0)",
                *(f"{k} = {k} - ({ref}.kind = '{k}')" for k in _DAY_COUNTS),
                "entries = entries - 1",
            ]
        )
        return f"UPDATE days SET {sets} WHERE day = {ref}.day AND by = {ref}.by;"

    def add(ref: str) -> str:
        return (
            f"INSERT INTO days ({columns}) VALUES ({row(ref)}) "
            f"ON CONFLICT(day, by) DO UPDATE SET {add_set};"
        )

    return f"""
    CREATE TRIGGER entries_days_insert AFTER INSERT ON entries
    WHEN new.deleted_at IS NULL BEGIN {add("new")} END;
    CREATE TRIGGER entries_days_delete AFTER DELETE ON entries
    WHEN old.deleted_at IS NULL BEGIN {subtract("old")} END;
    CREATE TRIGGER entries_days_update_old AFTER UPDATE ON entries
    WHEN old.deleted_at IS NULL BEGIN {subtract("old")} END;
    CREATE TRIGGER entries_days_update_new AFTER UPDATE ON entries
    WHEN new.deleted_at IS NULL BEGIN {add("new")} END;
    """


def run_script(db: Database, script: str) -> None:
    """Run a migration's SQL statement by statement, inside the migration's transaction.

    What sqlite-utils' `executescript` does, without its character-by-character
    split (most of the time it took to create a journal): a statement ends where
    SQLite says it is complete, which also knows a trigger's inner semicolons.
    """
    import sqlite3

    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.conn.execute(statement)
            statement = ""
    if statement.strip():
        db.conn.execute(statement)


@migrations(name="001_journal")
def journal(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            amount INTEGER NOT NULL,
            by TEXT NOT NULL DEFAULT 'me' CHECK (by IN ('me', 'partner')),
            day TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            promise_id INTEGER,
            injury_id INTEGER,
            occurrence TEXT,
            recorded_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX entries_live_day ON entries (day, kind, amount) WHERE deleted_at IS NULL;
        CREATE INDEX entries_recorded ON entries (recorded_at);
        CREATE INDEX entries_promise ON entries (promise_id, occurrence);
        CREATE INDEX entries_injury ON entries (injury_id);
        CREATE UNIQUE INDEX entries_one_resolution ON entries (promise_id, occurrence)
            WHERE deleted_at IS NULL AND occurrence IS NOT NULL;
        CREATE TABLE days (
            day TEXT NOT NULL,
            by TEXT NOT NULL,
            net INTEGER NOT NULL DEFAULT 0,
            deposits INTEGER NOT NULL DEFAULT 0,
            withdrawals INTEGER NOT NULL DEFAULT 0,
            positives INTEGER NOT NULL DEFAULT 0,
            negatives INTEGER NOT NULL DEFAULT 0,
            toward INTEGER NOT NULL DEFAULT 0,
            away INTEGER NOT NULL DEFAULT 0,
            against INTEGER NOT NULL DEFAULT 0,
            kept INTEGER NOT NULL DEFAULT 0,
            broken INTEGER NOT NULL DEFAULT 0,
            entries INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (day, by)
        ) WITHOUT ROWID;
        """,
    )
    run_script(db, _days_triggers())
    db.table("entries").enable_fts(["note", "tags"], create_triggers=True, tokenize="porter")


@migrations(name="002_promises_and_repair")
def promises_and_repair(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE promises (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            by TEXT NOT NULL DEFAULT 'me' CHECK (by IN ('me', 'partner')),
            made_on TEXT NOT NULL,
            due TEXT,
            rule TEXT,
            injury_id INTEGER,
            dropped_on TEXT,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX promises_injury ON promises (injury_id);
        CREATE TABLE injuries (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            severity TEXT NOT NULL CHECK (severity IN ('minor', 'major', 'severe')),
            by TEXT NOT NULL DEFAULT 'me' CHECK (by IN ('me', 'partner')),
            day TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        ALTER TABLE entries ADD COLUMN step TEXT;
        """,
    )


@migrations(name="003_checkins")
def checkins(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            day TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX checkins_day ON checkins (day);
        """,
    )


@migrations(name="004_entry_changes")
def entry_changes(db: Database) -> None:
    """When an entry was last edited, deleted or restored, so merges can let the
    latest change win (the same answer whichever copy is merged into which)."""
    db.execute("ALTER TABLE entries ADD COLUMN changed_at TEXT")


@migrations(name="005_promise_counters")
def promise_counters(db: Database) -> None:
    """Promise histories summed once (journal/settled.py), and partial indexes for
    the two questions that scanned: the last edit (`undo`) and the injuries
    (`chart`, `report`)."""
    from trustlog.journal.settled import MARK_TRIGGERS, settle_all

    run_script(
        db,
        MARK_TRIGGERS
        + """
        CREATE INDEX entries_changed ON entries (changed_at)
            WHERE changed_at IS NOT NULL AND deleted_at IS NULL;
        CREATE INDEX entries_injuries ON entries (day)
            WHERE deleted_at IS NULL AND kind = 'injury';
        """,
    )
    settle_all(db.conn)


@migrations(name="006_tombstones")
def tombstones(db: Database) -> None:
    """What `purge` erased for good leaves only its uuid and when: a merge, an import, a
    sync or an inbox fold that brings that uuid back is ignored, row by row, by SQLite."""
    db.execute(
        "CREATE TABLE tombstones (uuid TEXT PRIMARY KEY, deleted TEXT NOT NULL) WITHOUT ROWID"
    )
    for table in ("entries", "promises", "injuries"):
        db.execute(
            f"CREATE TRIGGER {table}_purged BEFORE INSERT ON {table} "
            "WHEN EXISTS (SELECT 1 FROM tombstones WHERE uuid = NEW.uuid) "
            "BEGIN SELECT RAISE(IGNORE); END"
        )


_SYNC_KINDS = (("entry", "entries"), ("promise", "promises"), ("injury", "injuries"),
               ("checkin", "checkins"))  # fmt: skip


@migrations(name="007_sync_changes")
def sync_changes(db: Database) -> None:
    """What changed since this device's last sync batch, kept by triggers.

    One row per changed thing (by kind and uuid): a later change of the same
    thing moves it to a new, higher id, so a sync that sends up to id N and
    then clears up to N never loses a change made meanwhile.  Rows already in
    the journal are marked as changed, so the first sync sends everything.
    `sync_taken` is how far this journal has taken each other device's batches.
    An edited entry's mark keeps `floor`, the latest stamp it had before: a
    device whose clock is behind lifts its change above it before sending, so
    the change wins everywhere as it did here.
    """
    run_script(
        db,
        """
        CREATE TABLE sync_changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            uuid TEXT NOT NULL,
            floor TEXT,
            UNIQUE (kind, uuid)
        );
        CREATE TABLE sync_taken (
            device TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            taken_at TEXT NOT NULL
        );
        """,
    )
    for kind, table in _SYNC_KINDS:
        db.execute(f"INSERT INTO sync_changes (kind, uuid) SELECT '{kind}', uuid FROM {table}")
        for event in ("insert", "update") if kind != "entry" else ("insert",):
            db.execute(
                f"CREATE TRIGGER {table}_sync_{event} AFTER {event.upper()} ON {table} BEGIN "
                f"INSERT OR REPLACE INTO sync_changes (kind, uuid) VALUES ('{kind}', new.uuid); "
                "END"
            )
    db.execute(
        "CREATE TRIGGER entries_sync_update AFTER UPDATE ON entries BEGIN "
        "INSERT OR REPLACE INTO sync_changes (kind, uuid, floor) VALUES ('entry', new.uuid, "
        "max(coalesce(old.changed_at, old.recorded_at), coalesce((SELECT floor FROM "
        "sync_changes WHERE kind = 'entry' AND uuid = new.uuid), ''))); END"
    )


@migrations(name="008_sql_views")
def sql_views(db: Database) -> None:
    """Views for people who read the journal with SQL tools (Datasette, sqlite-utils):
    `live_entries` leaves deleted rows out and gives tags as a JSON array; `daily_net` is
    each day's net for both people together, with the running balance."""
    run_script(
        db,
        """
        CREATE VIEW live_entries AS
        SELECT id, uuid, kind, amount, by, day, note,
            CASE WHEN trim(tags) = '' THEN '[]' ELSE json('["' || replace(
                replace(replace(trim(tags), '\\', '\\\\'), '"', '\\"'), ' ', '","'
            ) || '"]') END AS tags,
            promise_id, injury_id, occurrence, step, recorded_at, changed_at
        FROM entries WHERE deleted_at IS NULL;
        CREATE VIEW daily_net AS
        SELECT day, sum(net) AS net, sum(deposits) AS deposits,
            sum(withdrawals) AS withdrawals, sum(entries) AS entries,
            sum(sum(net)) OVER (ORDER BY day) AS balance
        FROM days GROUP BY day HAVING sum(entries) > 0;
        """,
    )


@migrations(name="009_purges_travel")
def purges_travel(db: Database) -> None:
    """A purge travels: every tombstone is marked for the next sync batch (those made
    before this migration too), and a device taking one erases the row as well.  A
    check-in taken back by `undo` leaves a tombstone, so a copy that still holds it
    (another device, a merged file) never brings it back."""
    db.execute(
        "CREATE TRIGGER checkins_purged BEFORE INSERT ON checkins "
        "WHEN EXISTS (SELECT 1 FROM tombstones WHERE uuid = NEW.uuid) "
        "BEGIN SELECT RAISE(IGNORE); END"
    )
    db.execute("INSERT INTO sync_changes (kind, uuid) SELECT 'tombstone', uuid FROM tombstones")
    db.execute(
        "CREATE TRIGGER tombstones_sync_insert AFTER INSERT ON tombstones BEGIN "
        "INSERT OR REPLACE INTO sync_changes (kind, uuid) VALUES ('tombstone', new.uuid); END"
    )


@migrations(name="010_scale_running_totals")
def running_totals(db: Database) -> None:
    """All-time totals per person and the newest run of active days, kept by triggers
    (journal/running.py), so the home screen reads a few rows, not a hundred years."""
    from trustlog.journal.running import SCHEMA_SQL, reset

    run_script(db, SCHEMA_SQL)
    reset(db.conn)


@migrations(name="011_scale_months")
def months(db: Database) -> None:
    """`days` summed by month, kept by triggers on `days` (journal/months.py), so a
    report by year or a balance as of a day reads months, not a hundred years of days."""
    from trustlog.journal.months import SCHEMA_SQL, reset

    run_script(db, SCHEMA_SQL)
    reset(db.conn)


def apply(db: Database) -> None:
    migrations.apply(db)

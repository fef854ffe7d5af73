"""Export and import: shapes, round trips, all-or-nothing imports and their errors."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ENTRY_KEYS, TODAY, Run, examples
from tests.test_promises import PROMISE_KEYS
from trustlog.app.clock import Clock, FixedClock
from trustlog.main import main

LOCAL = ("id", "promise_id", "injury_id")


def live(run: Run, db: Path | None = None) -> list[dict[str, Any]]:
    """The live entries without their local ids, in a stable order."""
    args = ["--db", str(db)] if db else []
    result = run(*args, "log", "--json")
    assert result.code == 0, result.err
    rows = result.json()
    assert isinstance(rows, list)
    return sorted(
        ({k: v for k, v in e.items() if k not in LOCAL} for e in rows), key=lambda e: e["uuid"]
    )


def fingerprint(db: Path) -> bytes:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT * FROM entries ORDER BY id").fetchall()
        rows += conn.execute("SELECT * FROM promises ORDER BY id").fetchall()
    finally:
        conn.close()
    return repr(rows).encode()


@pytest.fixture
def journal(run: Run) -> None:
    assert run("toward", "asked about her day @home").code == 0
    assert run("away", "-p", "--on", "yesterday", "missed | my text").code == 0
    assert run("deposit", "3", "told the truth").code == 0
    assert run("against", "--on", "2026-11-01", "snapped [sorry]").code == 0
    assert run("rm", "2").code == 0


# -- export ------------------------------------------------------------------------


def test_json_export_is_one_document_with_tombstones(run: Run, journal: None) -> None:
    result = run("export", "--format", "json")
    assert result.code == 0, result.err
    doc = result.json()
    assert isinstance(doc, dict)
    assert doc["trustlog"] == 1
    assert set(doc) >= {"owner", "entries", "promises", "injuries", "checkins"}
    assert doc["owner"]["uuid"]
    assert len(doc["entries"]) == 4
    keys = ENTRY_KEYS | {
        "deleted_at",
        "changed_at",
        "occurrence",
        "step",
        "promise_uuid",
        "injury_uuid",
    }
    assert all(set(entry) == keys for entry in doc["entries"])
    deleted = [e for e in doc["entries"] if e["deleted_at"]]
    assert [e["kind"] for e in deleted] == ["away"]
    assert {"home"} == set(next(e for e in doc["entries"] if e["kind"] == "toward")["tags"])


def test_csv_export_has_a_header_and_one_row_per_entry(run: Run, journal: None) -> None:
    result = run("export", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 3  # the deleted entry only with --deleted: a spreadsheet sums rows
    trash = run("export", "--format", "csv", "--deleted").out
    everything = list(csv.DictReader(io.StringIO(trash)))
    assert len(everything) == 4
    assert rows[0].keys() >= {"uuid", "kind", "amount", "by", "on", "note", "tags"}
    toward = next(row for row in rows if row["kind"] == "toward")
    assert toward["tags"] == "home" and toward["amount"] == "1"
    away = next(row for row in everything if row["kind"] == "away")
    assert away["note"] == "missed | my text"


def test_csv_keeps_spreadsheets_from_reading_notes_as_formulas(run: Run, tmp_path: Path) -> None:
    notes = ["@work late again", "=1+1", "'quoted", "-5 minutes late", "plain"]
    for note in notes:
        assert run("toward", "--", note).code == 0
    target = tmp_path / "out.csv"
    assert run("export", "--format", "csv", "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 mark for spreadsheets
    cells = [row["note"] for row in csv.DictReader(io.StringIO(target.read_text("utf-8-sig")))]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    other = tmp_path / "other.db"
    assert run("--db", str(other), "import", str(target)).code == 0
    assert sorted(e["note"] for e in live(run, other)) == sorted(notes)


def test_markdown_export_is_a_kind_readable_report(run: Run, journal: None) -> None:
    result = run("export", "--format", "markdown")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith("# Trust journal")
    for part in (
        "## Summary",
        "## Balance over the period",
        "## Entries",
        "Gottman",
        "self-reported",
        "not a score",
    ):
        assert part in text
    assert "snapped" not in text  # notes only with --notes
    noted = run("export", "--format", "markdown", "--notes").out
    assert "snapped \\[sorry\\]" in noted
    assert "missed" not in noted  # deleted entries are not in the report


def test_export_period(run: Run, journal: None) -> None:
    doc = run("export", "--since", "2026-11-20", "--until", "yesterday").json()
    assert isinstance(doc, dict)
    assert [e["kind"] for e in doc["entries"]] == ["away"]


def test_export_to_a_private_file(run: Run, journal: None, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run("export", "-o", str(target))
    assert result.code == 0, result.err
    assert result.out == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())["entries"]) == 4


def test_export_never_overwrites_the_journal(run: Run, journal: None, db_path: Path) -> None:
    before = fingerprint(db_path)
    result = run("export", "-o", str(db_path))
    assert result.code == 1
    assert "your journal" in result.err
    assert fingerprint(db_path) == before


def test_export_of_no_journal_is_empty_and_creates_nothing(run: Run, db_path: Path) -> None:
    doc = run("export").json()
    assert isinstance(doc, dict) and doc["entries"] == []
    assert not db_path.exists()


# -- import --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_a_new_journal(
    run: Run, journal: None, tmp_path: Path, fmt: str
) -> None:
    exported = tmp_path / f"out.{fmt}"
    assert run("export", "--format", fmt, "-o", str(exported)).code == 0
    other = tmp_path / "other.db"
    result = run("--db", str(other), "import", str(exported))
    assert result.code == 0, result.err
    # JSON brings the deleted one along as deleted; CSV leaves it out
    assert "Imported 3 entries" in result.out
    assert ("1 entry kept deleted" in result.out) == (fmt == "json")
    assert live(run, other) == live(run)
    again = run("--db", str(other), "import", str(exported))
    assert again.code == 0 and "Imported 0 entries" in again.out
    assert f"{4 if fmt == 'json' else 3} were already in the journal" in again.out
    assert live(run, other) == live(run)


def test_import_json_summary(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "rows.json"
    source.write_text(json.dumps([{"kind": "toward", "on": "2026-11-20", "uuid": "u1"}]))
    first: Any = run("import", str(source), "--json").json()
    assert first["entries"] == 1 and first["seen"] == 1
    again: Any = run("import", str(source), "--json").json()
    assert again["entries"] == 0 and again["seen"] == 1


def test_import_a_bare_list_uses_the_configured_weights(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[weights]\naway = -7\n")
    rows = [
        {"kind": "away", "on": "2026-11-20", "note": "from a script"},
        {"id": 99, "kind": "toward", "on": "2026-11-21", "by": "partner", "tags": ["walk"]},
        {"uuid": "fixed-uuid", "kind": "deposit", "amount": 4, "on": "2026-11-22"},
    ]
    source = tmp_path / "rows.json"
    source.write_text(json.dumps(rows))
    result = run("import", str(source), env={"TRUSTLOG_CONFIG": str(config)})
    assert result.code == 0, result.err
    entries = {e["kind"]: e for e in live(run)}
    assert entries["away"]["amount"] == -7
    assert entries["toward"]["amount"] == 1 and entries["toward"]["by"] == "partner"
    assert entries["toward"]["tags"] == ["walk"]
    assert entries["deposit"]["uuid"] == "fixed-uuid"
    assert run("balance", "--json").json()["balance"] == -2  # type: ignore[index]


BAD_ROWS = [
    ({"kind": "hug", "on": "2026-11-20"}, "'kind'"),
    ({"kind": "toward"}, "'on'"),
    ({"kind": "toward", "on": "the 20th"}, "'on'"),
    ({"kind": "toward", "on": "2026-11-20", "amount": "lots"}, "'amount'"),
    ({"kind": "deposit", "on": "2026-11-20"}, "'amount'"),
    ({"kind": "toward", "on": "2026-11-20", "by": "neighbour"}, "'by'"),
    ({"kind": "toward", "on": "2026-11-20", "tags": "ok", "note": 5}, "'note'"),
    ({"kind": "kept", "on": "2026-11-20", "promise_id": 12}, "'promise_id'"),
    ("just text", "entry 2"),
    # a kind's sign cannot be turned around, a size is range-checked, no future days
    ({"kind": "toward", "on": "2026-11-20", "amount": -50}, "'amount'"),
    ({"kind": "deposit", "on": "2026-11-20", "amount": 1e23}, "'amount'"),
    ({"kind": "withdraw", "on": "2026-11-20", "amount": -1_000_001}, "'amount'"),
    ({"kind": "repair", "on": "2026-11-20", "amount": 3}, "'amount'"),
    ({"kind": "toward", "on": "2026-11-27"}, "'on'"),  # tomorrow is a traveller's grace
    ({"kind": "toward", "on": "1899-12-31"}, "'on'"),
]


@pytest.mark.parametrize(("bad", "named"), BAD_ROWS)
def test_a_bad_row_imports_nothing_and_names_row_and_field(
    run: Run, journal: None, db_path: Path, tmp_path: Path, bad: Any, named: str
) -> None:
    good = {"kind": "toward", "on": "2026-11-19", "note": "a private note"}
    source = tmp_path / "rows.json"
    source.write_text(json.dumps([good, bad, good]))
    before = fingerprint(db_path)
    result = run("import", str(source))
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "entry 2" in result.err and named in result.err
    assert "private" not in result.err
    assert fingerprint(db_path) == before


def test_a_bad_csv_row_names_its_line(run: Run, tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("kind,on,note\ntoward,2026-11-20,fine\naway,20/11,oops\n")
    result = run("import", str(source))
    assert result.code == 2
    assert "row 2 (line 3)" in result.err and "'on'" in result.err
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("content", "name", "code", "words"),
    [
        ("{not json", "x.json", 2, "not valid JSON"),
        ('{"hello": 1}', "x.json", 2, "neither a trustlog export"),
        ('{"trustlog": 2, "entries": []}', "x.json", 2, "newer trustlog"),
        ("name,age\nbob,3\n", "x.csv", 2, "column"),
        ("[]", "x.txt", 2, "--format"),
        (None, "missing.json", 1, "no file"),
    ],
)
def test_bad_files(
    run: Run,
    journal: None,
    db_path: Path,
    tmp_path: Path,
    content: str | None,
    name: str,
    code: int,
    words: str,
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_text(content)
    before = fingerprint(db_path)
    result = run("import", str(source))
    assert result.code == code
    assert words in result.err and result.err.count("\n") == 1
    assert fingerprint(db_path) == before


def test_import_links_promises_by_uuid(run: Run, tmp_path: Path) -> None:
    doc = {
        "trustlog": 1,
        "injuries": [
            {"uuid": "i1", "text": "hidden card", "severity": "major", "on": "2026-10-01"}
        ],
        "promises": [
            {
                "uuid": "p1",
                "text": "date night",
                "made_on": "2026-10-02",
                "rule": "weekly",
                "injury_uuid": "i1",
            }
        ],
        "entries": [
            {"kind": "injury", "amount": -100, "on": "2026-10-01", "injury_uuid": "i1"},
            {
                "kind": "kept",
                "on": "2026-10-09",
                "promise_uuid": "p1",
                "occurrence": "2026-10-09",
                "promise_id": 77,
            },
            {"kind": "repair", "on": "2026-10-03", "injury_uuid": "i1", "step": "reveal"},
        ],
    }
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(doc))
    first = tmp_path / "first.db"
    assert run("--db", str(first), "deposit", "1", "so local ids differ").code == 0
    result = run("--db", str(first), "import", str(source))
    assert result.code == 0, result.err
    assert "Imported 2 entries, 1 repair step, 1 promise, 1 injury from" in result.out
    exported = run("--db", str(first), "export").json()
    assert isinstance(exported, dict)
    kept = next(e for e in exported["entries"] if e["kind"] == "kept")
    assert kept["promise_uuid"] == "p1"
    assert exported["promises"][0]["injury_uuid"] == "i1"


# -- properties ------------------------------------------------------------------------

entry_rows = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["toward", "away", "against", "deposit", "withdraw"]),
            "by": st.sampled_from(["me", "partner"]),
            "on": st.dates(min_value=TODAY.replace(year=2024), max_value=TODAY).map(str),
            "note": st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
            "tags": st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), max_size=2, unique=True),
            "amount": st.integers(1, 50),
            "deleted": st.booleans(),
        }
    ),
    max_size=12,
)


def call(db: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--db", str(db), *args], env=dict(os.environ), clock=FixedClock(TODAY))
    assert code == 0, err.getvalue()
    return out.getvalue()


def live_of(db: Path) -> list[dict[str, Any]]:
    rows = json.loads(call(db, "log", "--json"))
    return sorted(
        ({k: v for k, v in e.items() if k not in LOCAL} for e in rows), key=lambda e: e["uuid"]
    )


@pytest.mark.parametrize("fmt", ["json", "csv"])
@settings(
    max_examples=examples(8),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=entry_rows)
def test_export_then_import_is_identity_on_live_data(fmt: str, rows: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target, file = Path(folder, "a.db"), Path(folder, "b.db"), Path(folder, f"x.{fmt}")
        call(source, "toward", "start")
        for row in rows:
            amount = [str(row["amount"])] if row["kind"] in ("deposit", "withdraw") else []
            by = ["-p"] if row["by"] == "partner" else []
            tags = [part for tag in row["tags"] for part in ("-t", tag)]
            call(source, row["kind"], *amount, *by, *tags, "--on", row["on"], "--", row["note"])
            if row["deleted"]:
                call(source, "undo")
        call(source, "export", "--format", fmt, "-o", str(file))
        call(target, "import", str(file))
        assert live_of(target) == live_of(source)


# -- crash safety ------------------------------------------------------------------------


def test_killing_an_import_leaves_all_rows_or_none(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    rows = [
        {"kind": "toward", "on": "2026-11-20", "note": f"row {n} @walk"} for n in range(150_000)
    ]
    source = tmp_path / "big.json"
    source.write_text(json.dumps(rows))
    env = dict(os.environ, TRUSTLOG_DB=str(db))
    subprocess.run(
        [sys.executable, "-m", "trustlog", "toward", "before"],
        env=env,
        check=True,
        capture_output=True,
    )
    wal = Path(f"{db}-wal")
    size = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-m", "trustlog", "import", str(source)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > size + 1_000_000:
            break  # the import is writing
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL  # killed while it was still running
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        days = conn.execute("SELECT coalesce(sum(entries), 0) FROM days").fetchone()[0]
    finally:
        conn.close()
    assert count in (1, 150_001)
    assert days == count


def test_a_closed_repair_survives_export_and_import(run: Run, tmp_path: Path) -> None:
    run("injury", "hid", "the", "debt", "--severity", "minor", "--me", "--on", "2026-11-01")
    run("repair", "1", "--step", "reveal", "--on", "2026-11-02")
    assert run("repair", "1", "--close", "behind", "us").code == 0
    exported = tmp_path / "all.json"
    assert run("export", "--format", "json", "-o", str(exported)).code == 0
    fresh = tmp_path / "fresh.db"
    result = run("--db", str(fresh), "import", str(exported))
    assert result.code == 0, result.err
    view = run("--db", str(fresh), "repair", "1", "--json").json()
    assert view["closed"] is True  # type: ignore[index]
    assert view["steps"]["reveal"] == "2026-11-02"  # type: ignore[index]


# -- review findings: owners, rules, signs, stable uuids, resolutions ------------------


def write_doc(tmp_path: Path, doc: Any, name: str = "doc.json") -> Path:
    source = tmp_path / name
    source.write_text(json.dumps(doc))
    return source


def test_import_refuses_an_export_of_another_persons_journal(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    assert run("toward", "mine").code == 0
    partner = tmp_path / "partner.db"
    assert run("--db", str(partner), "toward", "theirs").code == 0
    exported = tmp_path / "theirs.json"
    assert run("--db", str(partner), "export", "-o", str(exported)).code == 0
    before = fingerprint(db_path)
    result = run("import", str(exported))
    assert result.code == 1
    assert "another journal" in result.err and "trustlog compare" in result.err
    assert "--mine" in result.err
    assert result.err.count("\n") == 1
    assert fingerprint(db_path) == before
    # a bare list and a CSV file carry no owner: they are still welcome
    rows = json.loads(exported.read_text())["entries"]
    assert run("import", str(write_doc(tmp_path, rows, "rows.json"))).code == 0
    as_csv = tmp_path / "theirs.csv"
    assert run("--db", str(partner), "export", "-f", "csv", "-o", str(as_csv)).code == 0
    assert run("import", str(as_csv)).code == 0


@pytest.mark.parametrize("empty", ["new", "empty"])
def test_my_export_moves_to_a_new_or_empty_journal_with_its_owner(
    run: Run, db_path: Path, tmp_path: Path, empty: str
) -> None:
    from trustlog.journal import Journal

    assert run("toward", "mine").code == 0
    exported = tmp_path / "all.json"
    assert run("export", "-o", str(exported)).code == 0
    moved = tmp_path / "moved.db"
    if empty == "empty":
        Journal.open(moved, Clock(), "someone").close()
    assert run("--db", str(moved), "import", str(exported)).code == 0
    mine: Any = run("export").json()
    theirs: Any = run("--db", str(moved), "export").json()
    assert theirs["owner"]["uuid"] == mine["owner"]["uuid"]
    assert theirs["owner"]["name"] == mine["owner"]["name"]
    assert run("--db", str(moved), "toward", "on the new machine").code == 0
    merged = run("merge", str(moved))
    assert merged.code == 0, merged.err and "added 1 entry" in merged.out


def test_imported_promise_rules_are_checked_and_normalised(run: Run, tmp_path: Path) -> None:
    promise = {"uuid": "p1", "text": "walk", "made_on": "2026-11-01", "rule": "weekly"}
    good = write_doc(tmp_path, {"trustlog": 1, "promises": [promise]})
    assert run("import", str(good)).code == 0
    for command in (("balance", "--json"), ("promises", "--json"), ("kept", "1")):
        result = run(*command)
        assert result.code == 0, result.err
    exported: Any = run("export").json()
    assert exported["promises"][0]["rule"] == "FREQ=WEEKLY"
    for bad, words in (
        ({"rule": "whenever"}, "'rule'"),
        ({"rule": "FREQ=HOURLY"}, "'rule'"),
        ({"rule": "daily", "due": "2026-11-30"}, "'due'"),
    ):
        source = write_doc(tmp_path, {"trustlog": 1, "promises": [promise | {"uuid": "p2"} | bad]})
        result = run("import", str(source))
        assert result.code == 2
        assert "promise 1" in result.err and words in result.err


def test_a_since_export_carries_the_injury_its_promise_needs(run: Run, tmp_path: Path) -> None:
    assert run("injury", "hid", "it", "--severity", "minor", "--me", "--on", "2026-10-01").code == 0
    amend = run("repair", "1", "--amend", "walks", "--every", "daily", "--on", "2026-10-02")
    assert amend.code == 0, amend.err
    assert run("kept", "1", "--on", "2026-11-20").code == 0
    exported = tmp_path / "recent.json"
    assert run("export", "--since", "2026-11-01", "-o", str(exported)).code == 0
    result = run("--db", str(tmp_path / "fresh.db"), "import", str(exported))
    assert result.code == 0, result.err
    doc = json.loads(exported.read_text())
    doc["injuries"] = []
    doc["owner"] = None
    # without its injury the promise comes in unlinked, and the summary says so
    result = run("--db", str(tmp_path / "other.db"), "import", str(write_doc(tmp_path, doc)))
    assert result.code == 0 and "1 link to a promise or injury" in result.out


def test_rows_without_uuids_are_imported_once(run: Run, tmp_path: Path) -> None:
    row = {"kind": "toward", "on": "2026-11-20", "note": "twice the same"}
    source = write_doc(tmp_path, [row, row, row | {"note": "another"}])
    assert run("import", str(source)).code == 0
    again: Any = run("import", str(source), "--json").json()
    assert again["entries"] == 0
    assert len(live(run)) == 3
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text("kind,on,amount\nwithdraw,2026-11-21,5\n")
    assert run("import", str(csv_file)).code == 0
    assert run("import", str(csv_file)).code == 0
    assert [e["amount"] for e in live(run) if e["kind"] == "withdraw"] == [-5]


def test_amounts_take_the_sign_of_their_kind(run: Run, tmp_path: Path) -> None:
    rows = [
        {"uuid": "w", "kind": "withdraw", "on": "2026-11-20", "amount": 5},
        {"uuid": "a", "kind": "away", "on": "2026-11-20", "amount": 7},
        {"uuid": "d", "kind": "deposit", "on": "2026-11-20", "amount": 4},
        {"uuid": "b", "kind": "broken", "on": "2026-11-20", "amount": -5},
    ]
    assert run("import", str(write_doc(tmp_path, rows))).code == 0
    amounts = {e["uuid"]: e["amount"] for e in live(run)}
    assert amounts == {"w": -5, "a": -7, "d": 4, "b": -5}


def test_import_lets_the_journals_own_resolution_stay(run: Run, tmp_path: Path) -> None:
    promise = {"uuid": "p1", "text": "walk", "made_on": "2026-11-01", "rule": "daily"}
    assert run("import", str(write_doc(tmp_path, {"trustlog": 1, "promises": [promise]}))).code == 0
    assert run("kept", "1", "--on", "2026-11-05").code == 0
    rival = {
        "uuid": "from-file",
        "kind": "broken",
        "on": "2026-11-05",
        "promise_uuid": "p1",
        "occurrence": "2026-11-05",
        "recorded_at": "2026-11-05T20:00:00+00:00",  # earlier than mine, still mine stays
    }
    source = write_doc(tmp_path, {"trustlog": 1, "promises": [promise], "entries": [rival]})
    result = run("import", str(source))
    assert result.code == 0, result.err
    assert [e["kind"] for e in live(run)] == ["kept"]
    assert "set aside" in result.out and "Imported 0 entries" in result.out
    assert "1 promise" not in result.out  # it was already here
    doc: Any = run("export").json()
    assert next(e for e in doc["entries"] if e["uuid"] == "from-file")["deleted_at"]


def test_markdown_report_never_loads_every_entry(
    run: Run, journal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustlog.features.exchange import queries as exchange

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the report read every entry into memory")

    monkeypatch.setattr(exchange, "entries", refuse)
    result = run("export", "--format", "markdown", "--notes")
    assert result.code == 0, result.err
    assert "| Deposits | +4 |" in result.out and "| Withdrawals | −10 |" in result.out
    assert "snapped \\[sorry\\]" in result.out


def test_markdown_report_memory_stays_flat(tmp_path: Path) -> None:
    import tracemalloc

    from trustlog.journal import Journal

    db = tmp_path / "big.db"
    journal = Journal.open(db, Clock(), "me")
    with journal.writing() as conn:
        conn.executemany(
            "INSERT INTO entries (uuid, kind, amount, by, day, note, tags, recorded_at) "
            "VALUES (?, 'toward', 1, 'me', '2026-11-01', ?, '', '2026-11-01T20:00:00+00:00')",
            ((f"u{n}", f"a note long enough to weigh something {n} " * 3) for n in range(20_000)),
        )
    journal.close()
    sink = tmp_path / "report.md"
    tracemalloc.start()
    try:
        call(db, "export", "--format", "markdown", "--notes", "-o", str(sink))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sink.read_text().count("| toward |") == 20_000
    assert peak < 8 * 1024 * 1024


def test_markdown_report_says_when_a_repair_was_closed(run: Run) -> None:
    assert run("injury", "hid", "it", "--severity", "minor", "--me", "--on", "2026-11-01").code == 0
    assert run("injury", "forgot", "--severity", "minor", "--me", "--on", "2026-11-02").code == 0
    assert run("repair", "1", "--close", "--on", "2026-11-20").code == 0
    text = run("export", "--format", "markdown").out
    assert "- closed on 2026-11-20" in text and "- still open" in text


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_export_since_after_until_is_bad_usage(run: Run, journal: None, fmt: str) -> None:
    result = run("export", "-f", fmt, "--since", "2026-11-20", "--until", "2026-11-01")
    assert result.code == 2 and result.out == ""
    assert "--since" in result.err and "--until" in result.err and result.err.count("\n") == 1


def test_a_big_import_keeps_the_days_roll_up_exact(run: Run, tmp_path: Path, db_path: Path) -> None:
    """Big imports sum the roll-up in one statement; it must equal the triggers' answer."""
    run("toward", "--on", "2026-11-01", "already", "here")
    run("away", "-p", "--on", "2026-11-02", "also", "here")
    rows = [
        {"kind": kind, "on": f"2026-{month:02d}-{day:02d}", "by": by, "note": f"n{i}"}
        for i, (kind, month, day, by) in enumerate(
            (k, m, d, b)
            for k in ("toward", "away", "against", "kept", "broken")
            for m in (9, 10, 11)
            for d in range(1, 21)
            for b in ("me", "partner")
        )
    ]
    rows += [{"kind": "deposit", "amount": 3, "on": "2026-11-02", "note": "extra"}] * 2
    assert len(rows) >= 600
    source = tmp_path / "many.json"
    source.write_text(json.dumps(rows + rows))  # the second half repeats the first
    assert run("import", str(source)).code == 0
    conn = sqlite3.connect(db_path)
    rolled = conn.execute(
        "SELECT day, by, net, deposits, withdrawals, positives, negatives, toward, away, "
        "against, kept, broken, entries FROM days WHERE entries > 0 ORDER BY day, by"
    ).fetchall()
    expected = conn.execute(
        "SELECT day, by, sum(amount), sum(max(amount, 0)), sum(max(-amount, 0)), "
        "sum(amount > 0), sum(amount < 0), sum(kind = 'toward'), sum(kind = 'away'), "
        "sum(kind = 'against'), sum(kind = 'kept'), sum(kind = 'broken'), count(*) "
        "FROM entries WHERE deleted_at IS NULL GROUP BY day, by ORDER BY day, by"
    ).fetchall()
    triggers = {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    conn.close()
    assert rolled == expected
    assert {
        "entries_days_insert",
        "entries_days_update_new",
        "entries_ai",
        "entries_au",
    } <= triggers
    run("toward", "--on", "2026-11-03", "after the import")  # the triggers work again
    conn = sqlite3.connect(db_path)
    live = conn.execute("SELECT count(*), sum(amount) FROM entries WHERE deleted_at IS NULL")
    count, total = live.fetchone()
    conn.close()
    home = run("balance", "--json").json()
    assert (home["entries"], home["balance"]) == (count, total)  # type: ignore[index]


def test_export_never_replaces_a_journal_or_a_backup(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    run("toward", "x")
    backup = tmp_path / "bk.db"
    assert run("backup", str(backup)).code == 0
    copy = backup.read_bytes()
    for target in (backup, db_path, Path(f"{db_path}-wal")):
        result = run("export", "--format", "csv", "-o", str(target))
        assert result.code == 1, result.err
    assert backup.read_bytes() == copy


def test_markdown_report_carries_amends_checkin_notes_and_what_each_row_was(run: Run) -> None:
    run("injury", "hid", "debt", "--severity", "major", "--me", "--on", "2026-10-20")
    run("repair", "1", "--step", "reveal", "--on", "2026-10-21", "told", "me")
    run(
        "repair",
        "1",
        "--amend",
        "weekly",
        "money",
        "talk",
        "--every",
        "friday",
        "--on",
        "2026-10-25",
    )
    run("kept", "1", "--on", "2026-10-30")
    run("checkin", "--note", "dinner together", "--yes")
    report = run("export", "--format", "markdown", "--notes").out
    assert "agreed amend: weekly money talk — kept 1, broken 0" in report
    assert "## From the evening check-ins" in report and "dinner together" in report
    assert "| repair · reveal | me | told me |" in report
    assert "| kept | me | “weekly money talk” |" in report
    # Made to be handed over, it leaves the notes out unless asked (a review
    # found the README naming it the file to share, with every note in it).
    plain = run("export", "--format", "markdown").out
    assert "dinner together" not in plain and "told me" not in plain
    assert "From the evening check-ins" not in plain
    assert "| kept | me | “weekly money talk” |" in plain
    assert "Notes are left out of this copy; `--notes` puts them in." in plain


def test_exported_promises_carry_the_promise_shape(run: Run) -> None:
    run("promise", "call", "mum", "--every", "daily", "--on", "3 days ago")
    run("kept", "1", "--on", "2 days ago")
    document = run("export", "--format", "json").json()
    promise = document["promises"][0]  # type: ignore[index]
    assert set(promise) >= PROMISE_KEYS  # type: ignore[arg-type]
    assert promise["kept"] == 1 and promise["status"] == "overdue"


def test_markdown_report_gives_no_rate_for_the_partners_promises(run: Run) -> None:
    # A review found "Promises kept | 100%" when both promises were the partner's:
    # a score of the other person in the page brought to a counsellor.
    run("promise", "-p", "home by seven", "--every", "daily", "--on", "2 days ago")
    run("promise", "call at noon", "--every", "daily", "--on", "2 days ago")
    run("kept", "1", "--on", "2 days ago")
    run("broken", "1", "--on", "yesterday")
    run("kept", "2", "--on", "2 days ago")
    text = run("export", "--format", "markdown").out
    assert "| Your partner's promises | 1 kept, 1 broken |" in text
    assert "| Your promises kept | 100% (1 kept, 0 broken) |" in text
    assert "50%" not in text


def test_markdown_report_keeps_its_first_person_voice_for_a_repair(run: Run) -> None:
    # A review: "caused by my partner", then "(what your partner did …)": a partner
    # holding the page read "your partner" as the author.
    run("injury", "he", "lied", "--severity", "major", "-p", "--on", "2026-11-01")
    text = run("export", "--format", "markdown").out
    assert "caused by my partner" in text and "what my partner did after that day" in text
    assert "your partner" not in text.split("## Repair")[1].split("## Entries")[0]

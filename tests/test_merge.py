"""Merging two copies of one journal, and backups."""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run, examples, old_journal
from test_exchange import call, fingerprint, live


def digest(path: Path) -> str:
    # A connection an earlier in-process command left for the garbage
    # collector would checkpoint its WAL into the file at some later moment.
    gc.collect()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_of(run: Run, db: Path, target: Path) -> Path:
    result = run("--db", str(db), "backup", str(target))
    assert result.code == 0, result.err
    return target


def import_doc(run: Run, db: Path, tmp_path: Path, doc: dict[str, Any]) -> None:
    source = tmp_path / f"doc-{len(list(tmp_path.glob('doc-*')))}.json"
    source.write_text(json.dumps({"trustlog": 1} | doc))
    result = run("--db", str(db), "import", str(source))
    assert result.code == 0, result.err


@pytest.fixture
def two_copies(run: Run, db_path: Path, tmp_path: Path) -> Path:
    """This journal and a copy of it from "the laptop", each with something new."""
    assert run("toward", "shared one").code == 0
    assert run("away", "-p", "--on", "yesterday", "shared two").code == 0
    laptop = copy_of(run, db_path, tmp_path / "laptop.db")
    assert run("deposit", "2", "only here").code == 0
    assert run("--db", str(laptop), "toward", "only on the laptop").code == 0
    assert run("--db", str(laptop), "rm", "2").code == 0
    return laptop


def test_merge_adds_what_is_new_and_deletions_travel(
    run: Run, two_copies: Path, db_path: Path
) -> None:
    before = digest(two_copies)
    result = run("merge", str(two_copies))
    assert result.code == 0, result.err
    assert "added 1 entry" in result.out and "1 entry deleted" in result.out
    notes = sorted(e["note"] for e in live(run))
    assert notes == ["only here", "only on the laptop", "shared one"]
    assert digest(two_copies) == before  # the other copy is only read
    assert not Path(f"{two_copies}-wal").exists()  # and no side files are left beside it
    again = run("merge", str(two_copies))
    assert again.code == 0 and "Nothing new" in again.out
    counts: Any = run("merge", str(two_copies), "--json").json()
    assert counts["entries"] == 0 and counts["deleted"] == 0 and counts["seen"] == 3
    assert sorted(e["note"] for e in live(run)) == notes


def test_merge_reads_what_is_still_in_the_other_copys_wal(
    run: Run, two_copies: Path, db_path: Path
) -> None:
    holder = sqlite3.connect(two_copies, isolation_level=None)  # keeps the -wal alive
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute(
        "INSERT INTO entries (uuid, kind, amount, by, day, recorded_at) "
        "VALUES ('in-wal', 'toward', 1, 'me', '2026-11-25', '2026-11-25T20:00:00+00:00')"
    )
    try:
        assert Path(f"{two_copies}-wal").stat().st_size > 0
        assert run("merge", str(two_copies)).code == 0
    finally:
        holder.close()
    assert "in-wal" in {e["uuid"] for e in live(run)}


def test_merge_both_ways_gives_the_same_journal(
    run: Run, two_copies: Path, db_path: Path, tmp_path: Path
) -> None:
    here = copy_of(run, db_path, tmp_path / "here.db")
    assert run("merge", str(two_copies)).code == 0
    assert run("--db", str(two_copies), "merge", str(here)).code == 0
    assert live(run) == live(run, two_copies)
    assert (
        run("balance", "--json").json() == run("--db", str(two_copies), "balance", "--json").json()
    )


def test_merge_remaps_promises_injuries_and_links(run: Run, db_path: Path, tmp_path: Path) -> None:
    import_doc(
        run,
        db_path,
        tmp_path,
        {
            "injuries": [
                {"uuid": "i1", "text": "hidden card", "severity": "major", "on": "2026-10-01"}
            ],
            "promises": [{"uuid": "p1", "text": "no secrets", "made_on": "2026-10-02"}],
            "entries": [
                {"kind": "injury", "amount": -100, "on": "2026-10-01", "injury_uuid": "i1"}
            ],
        },
    )
    laptop = copy_of(run, db_path, tmp_path / "laptop.db")
    import_doc(
        run,
        db_path,
        tmp_path,
        {
            "promises": [{"uuid": "p-here", "text": "call mum", "made_on": "2026-11-01"}],
        },
    )
    import_doc(
        run,
        laptop,
        tmp_path,
        {
            "injuries": [
                {"uuid": "i2", "text": "forgot the day", "severity": "minor", "on": "2026-11-02"}
            ],
            "promises": [
                {
                    "uuid": "p-laptop",
                    "text": "date night",
                    "made_on": "2026-11-03",
                    "rule": "weekly",
                    "injury_uuid": "i1",
                },
                {
                    "uuid": "p1",
                    "text": "no secrets",
                    "made_on": "2026-10-02",
                    "dropped_on": "2026-11-10",
                },
            ],
            "entries": [
                {
                    "uuid": "k1",
                    "kind": "kept",
                    "on": "2026-11-10",
                    "promise_uuid": "p-laptop",
                    "occurrence": "2026-11-10",
                },
                {
                    "uuid": "r1",
                    "kind": "repair",
                    "on": "2026-11-04",
                    "injury_uuid": "i1",
                    "step": "acknowledge",
                },
            ],
            "checkins": [{"uuid": "c1", "on": "2026-11-10", "note": "a good day"}],
        },
    )
    result = run("merge", str(laptop))
    assert result.code == 0, result.err
    for part in (
        "1 entry",
        "1 repair step",
        "1 promise",
        "1 injury",
        "1 check-in",
        "1 promise dropped",
    ):
        assert part in result.out
    doc = run("export").json()
    assert isinstance(doc, dict)
    promises = {p["uuid"]: p for p in doc["promises"]}
    assert promises["p1"]["dropped_on"] == "2026-11-10"
    assert promises["p-laptop"]["injury_uuid"] == "i1"
    assert promises["p-laptop"]["id"] != 2  # here, id 2 is "call mum"
    kept = next(e for e in doc["entries"] if e["uuid"] == "k1")
    assert kept["promise_id"] == promises["p-laptop"]["id"]
    repair = next(e for e in doc["entries"] if e["uuid"] == "r1")
    assert repair["injury_uuid"] == "i1" and repair["step"] == "acknowledge"


def test_two_resolutions_of_one_occurrence_settle_the_same_way_both_ways(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    import_doc(
        run,
        db_path,
        tmp_path,
        {
            "promises": [{"uuid": "p1", "text": "walk", "made_on": "2026-11-01", "rule": "daily"}],
        },
    )
    laptop = copy_of(run, db_path, tmp_path / "laptop.db")
    resolution = {
        "kind": "kept",
        "on": "2026-11-05",
        "promise_uuid": "p1",
        "occurrence": "2026-11-05",
    }
    import_doc(
        run,
        db_path,
        tmp_path,
        {"entries": [resolution | {"uuid": "b-later", "recorded_at": "2026-11-05T21:00:00+00:00"}]},
    )
    import_doc(
        run,
        laptop,
        tmp_path,
        {
            "entries": [
                resolution
                | {
                    "kind": "broken",
                    "amount": -5,
                    "uuid": "a-earlier",
                    "recorded_at": "2026-11-05T20:00:00+00:00",
                }
            ]
        },
    )
    here = copy_of(run, db_path, tmp_path / "here.db")
    assert run("merge", str(laptop)).code == 0
    assert run("--db", str(laptop), "merge", str(here)).code == 0
    assert [e["uuid"] for e in live(run) if e["kind"] in ("kept", "broken")] == ["a-earlier"]
    assert live(run) == live(run, laptop)
    assert everything(db_path) == everything(laptop)  # the set-aside one too, to the moment


def test_merge_refuses_another_owners_journal(run: Run, db_path: Path, tmp_path: Path) -> None:
    assert run("toward", "mine").code == 0
    partner = tmp_path / "partner.db"
    assert run("--db", str(partner), "toward", "theirs").code == 0
    before = fingerprint(db_path)
    result = run("merge", str(partner))
    assert result.code == 1
    assert "trustlog compare" in result.err and result.err.count("\n") == 1
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("kind", ["text", "other-sqlite", "missing", "itself", "folder"])
def test_merge_refuses_what_is_not_a_journal_copy(
    run: Run, db_path: Path, tmp_path: Path, kind: str
) -> None:
    assert run("toward", "mine").code == 0
    other = tmp_path / "other.db"
    if kind == "text":
        other.write_text("just some notes\n")
    elif kind == "other-sqlite":
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    elif kind == "itself":
        other = db_path
    elif kind == "folder":
        other = tmp_path
    before = fingerprint(db_path)
    original = other.read_bytes() if other.is_file() else None
    result = run("merge", str(other))
    assert result.code == 1
    assert result.out == "" and result.err.count("\n") == 1
    assert fingerprint(db_path) == before
    if original is not None and kind != "itself":
        assert other.read_bytes() == original


def test_merge_into_no_journal_says_so(run: Run, db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    assert run("--db", str(other), "toward", "x").code == 0
    result = run("merge", str(other))
    assert result.code == 1 and "no journal" in result.err
    assert not db_path.exists()


def test_merge_reads_an_older_copy_without_changing_it(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    assert run("toward", "mine").code == 0
    owner = run("export").json()["owner"]["uuid"]  # type: ignore[index]
    old = tmp_path / "old.db"
    conn = old_journal(old, "003_checkins")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'owner_uuid'", (owner,))
    conn.execute(
        "INSERT INTO entries (uuid, kind, amount, by, day, recorded_at) "
        "VALUES ('old-1', 'toward', 1, 'me', '2026-11-01', '2026-11-01T20:00:00+00:00')"
    )
    conn.close()
    before = digest(old)
    result = run("merge", str(old))
    assert result.code == 0, result.err
    assert "added 1 entry" in result.out
    assert digest(old) == before


def everything(db: Path) -> list[dict[str, Any]]:
    """Every entry with its deletion and last change, without local ids."""
    doc = json.loads(call(db, "export"))
    return sorted(
        ({k: v for k, v in e.items() if k not in ("id", "promise_id", "injury_id")}
         for e in doc["entries"]),
        key=lambda e: e["uuid"],
    )  # fmt: skip


@pytest.fixture
def three_copies(run: Run, db_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """One entry here, deleted here, and a copy made while it was deleted."""
    assert run("toward", "walked together").code == 0
    assert run("rm", "1").code == 0
    old = copy_of(run, db_path, tmp_path / "old.db")
    return db_path, old


def test_a_later_restore_survives_a_merge_of_an_older_copy(
    run: Run, three_copies: tuple[Path, Path], tmp_path: Path
) -> None:
    here, old = three_copies
    assert run("restore", "1").code == 0
    result = run("merge", str(old))
    assert result.code == 0, result.err
    assert [e["note"] for e in live(run)] == ["walked together"]
    back = run("--db", str(old), "merge", str(here))
    assert back.code == 0 and "1 entry restored" in back.out
    assert [e["note"] for e in live(run, old)] == ["walked together"]
    assert everything(here) == everything(old)


def test_a_later_delete_and_a_later_edit_win_both_ways(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    assert run("toward", "one").code == 0
    assert run("toward", "two").code == 0
    laptop = copy_of(run, db_path, tmp_path / "laptop.db")
    assert run("--db", str(laptop), "edit", "1", "--note", "one, better said").code == 0
    assert run("rm", "2").code == 0
    here = copy_of(run, db_path, tmp_path / "here.db")
    merged = run("merge", str(laptop))
    assert merged.code == 0 and "1 entry edited" in merged.out
    assert run("--db", str(laptop), "merge", str(here)).code == 0
    assert [e["note"] for e in live(run)] == ["one, better said"]
    assert everything(db_path) == everything(laptop)
    # an import of an older export changes nothing back
    old_export = tmp_path / "old.json"
    assert run("--db", str(here), "export", "-o", str(old_export)).code == 0
    assert run("import", str(old_export)).code == 0
    assert everything(db_path) == everything(laptop)


# -- the property: idempotent and order-free; the later change wins -------------------

side_ops = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from(["add", "rm", "restore", "edit"]),
        st.integers(1, 4),
    ),
    max_size=8,
)


def apply(a: Path, b: Path, ops: list[tuple[str, str, int]], log: list[tuple[str, int]]) -> None:
    """Run each op on its side (skipping ones that cannot apply), in the given order."""
    for side, op, n in ops:
        db = a if side == "a" else b
        entries = {e["id"]: e for e in json.loads(call(db, "export"))["entries"]}
        if op == "add":
            call(db, ("toward", "away", "against")[n % 3], f"note {n}")
        elif (
            n in entries
            and op in ("rm", "restore")
            and ((op == "rm") == (entries[n]["deleted_at"] is None))
        ):
            call(db, op, str(n))
        elif n in entries and op == "edit" and entries[n]["deleted_at"] is None:
            call(db, "edit", str(n), "--note", f"edited on {side}")
        else:
            continue
        log.append((side, n))


def uuids_of(db: Path, ids: set[int]) -> set[str]:
    doc = json.loads(call(db, "export"))
    return {e["uuid"] for e in doc["entries"] if e["id"] in ids}


@settings(
    max_examples=examples(6),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=side_ops)
def test_merge_is_idempotent_order_free_and_the_later_change_wins(
    ops: list[tuple[str, str, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        a, b = Path(folder, "a.db"), Path(folder, "b.db")
        for note in ("one", "two", "three"):
            call(a, "toward", note)
        call(a, "backup", str(b))
        log: list[tuple[str, int]] = []
        apply(a, b, ops, log)
        ab, ba = Path(folder, "ab.db"), Path(folder, "ba.db")
        call(a, "backup", str(ab))
        call(b, "backup", str(ba))
        call(ab, "merge", str(b))
        call(ba, "merge", str(a))
        assert everything(ab) == everything(ba)  # live data and deletions, to the moment
        # each shared entry is as its last change left it, on whichever side
        sides = {"a": everything(a), "b": everything(b)}
        merged = {e["uuid"]: e for e in everything(ab)}
        for side, rows in sides.items():
            for row in rows:
                stamp = row["changed_at"] or row["recorded_at"]
                other = merged[row["uuid"]]
                assert (other["changed_at"] or other["recorded_at"]) >= stamp, side
        settled = everything(ab)
        assert "Nothing new" in call(ab, "merge", str(b))
        call(ab, "merge", str(ba))
        assert everything(ab) == settled


# -- backup ---------------------------------------------------------------------------


def test_backup_beside_the_journal(run: Run, db_path: Path) -> None:
    assert run("toward", "keep this").code == 0
    result = run("backup")
    assert result.code == 0, result.err
    copy = Path(result.out.strip())
    assert copy.parent == db_path.parent
    assert re.fullmatch(r"trustlog-\d{8}-\d{6}Z\.db", copy.name)  # UTC: no repeated hour
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # ready to use as is
    assert conn.execute("SELECT note FROM entries").fetchall() == [("keep this",)]
    conn.close()
    assert live(run, copy) == live(run)


def test_backup_is_consistent_while_another_writer_is_busy(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    assert run("toward", "committed").code == 0
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO entries (uuid, kind, amount, by, day, recorded_at) "
        "VALUES ('pending', 'toward', 1, 'me', '2026-11-25', '2026-11-25T20:00:00+00:00')"
    )
    try:
        result = run("backup", str(tmp_path))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.code == 0, result.err
    copy = Path(result.out.strip())
    assert copy.parent == tmp_path
    assert [e["note"] for e in live(run, copy)] == ["committed"]


def test_backup_never_overwrites(run: Run, tmp_path: Path) -> None:
    assert run("toward", "x").code == 0
    target = tmp_path / "precious.db"
    target.write_text("do not touch")
    result = run("backup", str(target))
    assert result.code == 1 and "already exists" in result.err
    assert target.read_text() == "do not touch"


def test_backup_without_a_journal(run: Run, db_path: Path) -> None:
    result = run("backup")
    assert result.code == 1 and "nothing to back up" in result.err
    assert not db_path.parent.exists() or not any(db_path.parent.iterdir())

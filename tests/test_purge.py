"""`purge` erases for good: gone from the table, the search index, the file's bytes, and merges."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

CANARY = "quokkapurge77"


def _bytes_everywhere(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_purge_erases_the_note_from_every_byte_of_a_plain_journal(run: Run, db_path: Path) -> None:
    run("toward", CANARY, "said", "something", "raw")
    run("toward", "keep", "me")
    assert run("search", CANARY).out.count(CANARY) == 1
    result = run("purge", "1", "--yes")
    assert (result.code, result.out) == (0, "Erased entry 1 (toward +1 on 2026-11-25) for good.\n")
    assert CANARY.encode() not in _bytes_everywhere(db_path.parent)
    assert "No entries mention" in run("search", CANARY).out
    assert "keep me" in run("log").out
    assert run("restore", "1").code == 1


def test_without_a_terminal_or_yes_nothing_changes(run: Run, db_path: Path) -> None:
    run("toward", CANARY)
    before = run("log", "--json").out
    result = run("purge", "1")
    assert result.code == 2
    assert (
        result.err
        == "trustlog: purge erases for good; add --yes to confirm. Nothing was changed.\n"
    )
    assert run("log", "--json").out == before


def test_a_missing_id_changes_nothing(run: Run, db_path: Path) -> None:
    run("toward", "one")
    result = run("purge", "1", "7", "--yes")
    assert result.code == 1 and "no entry 7" in result.err
    assert "one" in run("log").out


def test_a_merge_never_brings_a_purged_entry_back(run: Run, db_path: Path, tmp_path: Path) -> None:
    run("toward", CANARY)
    run("toward", "shared")
    copy = tmp_path / "laptop.db"
    assert run("backup", str(copy)).code == 0
    run("purge", "1", "--yes")
    result = run("merge", str(copy))
    assert result.code == 0, result.err
    notes = [e["note"] for e in run("log", "--json").json()]  # type: ignore[union-attr,index]
    assert notes == ["shared"]
    assert CANARY.encode() not in db_path.read_bytes()


def test_purge_a_promise_and_its_entries(run: Run, db_path: Path) -> None:
    assert run("promise", CANARY, "by", "friday").code == 0
    run("kept", "1")
    result = run("purge", "--promise", "1", "--yes")
    assert result.code == 0, result.err
    assert "Erased promise 1 and its 1 entry for good." in result.out
    assert CANARY.encode() not in db_path.read_bytes()
    assert run("purge", "--promise", "1", "--yes").code == 1


def test_purge_every_deleted_entry(run: Run, db_path: Path) -> None:
    run("toward", CANARY)
    run("toward", "stays")
    run("rm", "1")
    assert (
        run("purge", "--deleted", "--yes").out
        == "Erased entry 1 (toward +1 on 2026-11-25) for good.\n"
    )
    assert run("purge", "--deleted", "--yes").out == "Nothing to erase.\n"
    assert run("purge", "--deleted", "2", "--yes").code == 2


def test_the_answer_names_what_went_by_number_never_by_note(run: Run, db_path: Path) -> None:
    for note in ("one", "two", "three", CANARY):
        run("toward", note)
    result = run("purge", "1", "3", "2", "--yes")
    assert result.out == (
        "Erased entries 1 (toward +1 on 2026-11-25), 2 (toward +1 on 2026-11-25) "
        "and 3 (toward +1 on 2026-11-25) for good.\n"
    )
    assert run("injury", CANARY, "--severity", "minor", "-p").code == 0
    result = run("purge", "--injury", "1", "--yes")
    assert result.code == 0, result.err
    assert result.out.startswith("Erased injury 1")
    assert CANARY not in result.out + result.err


def test_a_purge_on_the_other_copy_travels_through_merge(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    # Left from the last round: `merge OTHER.db` took entries but not the other
    # copy's tombstones, so a purge made on the laptop stayed on the desktop.
    assert run("toward", CANARY, "said on the desktop").code == 0
    assert run("promise", "call", "mum", "--every", "day").code == 0
    assert run("kept", "1").code == 0
    laptop = tmp_path / "laptop.db"
    assert run("backup", str(laptop)).code == 0
    assert run("--db", str(laptop), "purge", "1", "--yes").code == 0
    assert run("--db", str(laptop), "purge", "--promise", "1", "--yes").code == 0
    merged = run("merge", str(laptop))
    assert merged.code == 0, merged.err
    assert "3 purged rows erased" in merged.out
    assert run("log", "--json").json() == []
    assert run("promises", "--all", "--json").json() == []
    assert CANARY.encode() not in _bytes_everywhere(db_path.parent)
    again = run("merge", str(laptop))
    assert again.code == 0 and "Nothing new" in again.out


def test_a_purge_stopped_before_its_scrub_is_finished_later(run: Run, db_path: Path) -> None:
    # A review killed a merge after its commit, before the scrub: purged words stayed
    # in the file's free pages, and nothing ever wiped them.
    from trustlog.app.clock import Clock
    from trustlog.journal import Journal, tombstones

    assert run("toward", CANARY, "kept").code == 0
    assert run("toward", "another").code == 0
    journal = Journal.open(db_path, Clock(), "me")
    uuid = journal.entry(1).uuid
    with journal.writing() as conn:  # what a purge commits; then the process is "killed"
        tombstones.erase(conn, {1: uuid}, None, journal.stamp())
    journal.close()
    found = run("doctor")
    assert found.code == 1 and "a purge was stopped before its words were wiped" in found.out
    fixed = run("doctor", "--fix")
    assert fixed.code == 0, fixed.out + fixed.err
    assert CANARY.encode() not in _bytes_everywhere(db_path.parent)
    assert run("doctor").code == 0


def test_purging_an_injury_erases_its_agreed_amends_too(run: Run, db_path: Path) -> None:
    # A review: `purge --injury` left the amends ("no more contact with …"), whose
    # words describe the injury, as open promises.
    assert run("injury", "the", "affair", "--severity", "severe", "--me").code == 0
    assert run("repair", "1", "--amend", CANARY, "no", "more", "contact").code == 0
    assert run("kept", "1").code == 0
    assert run("promise", "call", "mum", "--every", "day").code == 0  # not an amend: stays
    done = run("purge", "--injury", "1", "--yes")
    assert done.code == 0, done.err
    assert "Erased injury 1, its 2 entries and its 1 agreed amend for good." in done.out
    assert [p["text"] for p in run("promises", "--all", "--json").json()] == ["call mum"]  # type: ignore[index,union-attr]
    assert CANARY.encode() not in _bytes_everywhere(db_path.parent)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("answer", ["n", "ctrl-c", "y"])
def test_purge_asks_at_a_terminal_and_ctrl_c_always_stops_it(
    run: Run, db_path: Path, answer: str
) -> None:
    # A review saw Ctrl-C at this prompt ignored now and then, until Enter.
    pexpect = pytest.importorskip("pexpect")
    from tests.test_e2e import trustlog_script

    assert run("toward", CANARY).code == 0
    child = pexpect.spawn(
        trustlog_script(), ["purge", "1"], env=dict(os.environ), encoding="utf-8", timeout=15
    )
    child.expect(r"for good\? This cannot be undone \[y/N\]: ")
    if answer == "ctrl-c":
        child.sendintr()
    else:
        child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    erased = answer == "y"
    assert child.exitstatus == {"n": 0, "ctrl-c": 130, "y": 0}[answer], child.before
    assert (CANARY.encode() in _bytes_everywhere(db_path.parent)) is not erased


def test_taking_a_tombstone_that_erases_nothing_owes_no_scrub(run: Run, db_path: Path) -> None:
    # A tombstone already applied (the same batch or copy taken again) erases nothing:
    # no scrub is owed, so no VACUUM of the whole file follows.
    from trustlog.app.clock import Clock
    from trustlog.journal import Journal, tombstones

    assert run("toward", "kept").code == 0
    journal = Journal.open(db_path, Clock(), "me")
    stone = {"uuid": "0190a000-0000-7000-8000-000000000001", "deleted": journal.stamp()}
    with journal.writing() as conn:
        assert tombstones.bury(conn, [stone]) == 0
    assert not tombstones.scrub_owed(journal.conn)
    journal.close()

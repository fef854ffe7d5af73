"""Round trips: CSV export → import into a new journal, `--mine`, a pipe, nested JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import Run


def _a_journal_with_promises_and_injuries(run: Run) -> None:
    run("toward", "listened")
    run("promise", "call", "mum", "--due", "tomorrow")
    run("kept", "1")
    run("injury", "lied", "about", "money", "--severity", "minor", "--me")
    run("repair", "1", "--step", "reveal")
    run("away", "phone", "at", "dinner")
    run("deposit", "3", "flowers")
    assert run("rm", "5").code == 0


def _balance(run: Run, db: Path) -> int:
    return run("--db", str(db), "balance", "--json").json()["balance"]  # type: ignore[index,no-any-return]


def test_csv_round_trip_reproduces_entries_and_balance(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    _a_journal_with_promises_and_injuries(run)
    sheet = tmp_path / "all.csv"
    assert run("export", "--format", "csv", "-o", str(sheet)).code == 0
    lines = sheet.read_text("utf-8-sig").splitlines()
    assert len(lines) == 1 + 5  # the deleted entry is left out of a spreadsheet
    assert "phone at dinner" not in sheet.read_text("utf-8-sig")
    fresh = tmp_path / "fresh.db"
    imported = run("--db", str(fresh), "import", str(sheet))
    assert imported.code == 0, imported.err
    assert (
        "links to a promise or injury that is not in this journal or the file left out"
        in imported.out
    )
    assert _balance(run, fresh) == _balance(run, db_path)
    notes = lambda db: sorted(  # noqa: E731
        e["note"]
        for e in run("--db", str(db), "log", "--json").json()  # type: ignore[union-attr]
    )
    assert notes(fresh) == notes(db_path)


def test_csv_export_deleted_keeps_the_trash(run: Run, tmp_path: Path) -> None:
    _a_journal_with_promises_and_injuries(run)
    result = run("export", "--format", "csv", "--deleted")
    assert "phone at dinner" in result.out


def test_import_mine_takes_ones_own_export_from_another_identity(run: Run, tmp_path: Path) -> None:
    old = tmp_path / "old-laptop.db"
    run("--db", str(old), "toward", "from", "the", "old", "laptop")
    exported = tmp_path / "old.json"
    assert run("--db", str(old), "export", "-o", str(exported)).code == 0
    run("toward", "on", "the", "new", "one")
    refused = run("import", str(exported))
    assert refused.code == 1 and "--mine" in refused.err
    taken = run("import", str(exported), "--mine")
    assert taken.code == 0, taken.err
    assert len(run("log", "--json").json()) == 2  # type: ignore[arg-type]


def test_import_from_a_pipe(tmp_path: Path, db_path: Path) -> None:
    rows = json.dumps([{"kind": "toward", "on": "2026-11-20", "note": "piped"}])
    done = subprocess.run(
        [sys.executable, "-m", "trustlog", "import", "/dev/stdin", "--format", "json"],
        input=rows,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Imported 1 entry" in done.stdout
    assert not list(tmp_path.rglob("*.tmp"))


def test_deeply_nested_json_is_a_clear_exit_2(run: Run, tmp_path: Path, db_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = run("import", str(deep))
    assert result.code == 2
    assert "nested too deeply" in result.err or "neither a trustlog export" in result.err
    assert "unexpected" not in result.err
    assert not db_path.exists()

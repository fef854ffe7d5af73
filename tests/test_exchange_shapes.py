"""Import's less travelled paths, pinned word for word: odd file shapes, the
summary line, and a restore from a file that would resolve an occurrence twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Run

PROMISE = {"uuid": "p1", "text": "walk", "made_on": "2026-11-01", "rule": "daily"}


def write(tmp_path: Path, content: Any, name: str = "doc.json") -> Path:
    source = tmp_path / name
    source.write_text(content if isinstance(content, str) else json.dumps(content))
    return source


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("{}", "x.json", "the file is neither a trustlog export nor a list of entries."),
        ('"hello"', "x.json", "the file is neither a trustlog export nor a list of entries."),
        ('{"trustlog": 1, "entries": {}}', "x.json", "'entries' should be a list."),
        ('{"trustlog": 1, "promises": 3}', "x.json", "'promises' should be a list."),
        ("[] [", "x.json", "the file is not valid JSON (line 1)."),
        ('{"trustlog": 1,\n 2: 3}', "x.json", "the file is not valid JSON (line 2)."),
        ('[{"kind": "deposit", "on": "2026-11-20", "amount": true}]', "x.json",
         "entry 1, field 'amount': should be a whole number."),
    ],
)  # fmt: skip
def test_odd_files_import_nothing_and_say_why(
    run: Run, tmp_path: Path, db_path: Path, content: str, name: str, message: str
) -> None:
    result = run("import", str(write(tmp_path, content, name)))
    assert (result.code, result.out) == (2, "")
    assert result.err.strip().endswith(f"Nothing was imported: {message}")
    assert not db_path.exists()


def test_the_summary_names_what_was_added_changed_and_already_here(
    run: Run, tmp_path: Path
) -> None:
    first = [
        {"uuid": "a", "kind": "toward", "on": "2026-11-20", "recorded_at": "2026-11-20T08:00:00Z"},
        {"uuid": "b", "kind": "away", "on": "2026-11-20", "recorded_at": "2026-11-20T08:00:00Z"},
    ]
    result = run("import", str(write(tmp_path, first)))
    assert result.out == "Imported 2 entries from doc.json.\n"
    later = "2026-11-21T08:00:00Z"
    second = [
        first[0] | {"note": "edited", "changed_at": later},
        first[1] | {"deleted_at": later, "changed_at": later},
        {"uuid": "c", "kind": "away", "on": "2026-11-20", "deleted_at": later},
    ]
    result = run("import", str(write(tmp_path, second, "again.json")))
    assert result.out == (
        "Imported 0 entries from again.json (2 were already in the journal); "
        "1 entry kept deleted, 1 entry marked deleted, 1 entry edited, as in the file.\n"
    )


def test_a_restore_that_would_resolve_an_occurrence_twice_stays_deleted(
    run: Run, tmp_path: Path
) -> None:
    resolution = {"kind": "kept", "on": "2026-11-05", "promise_uuid": "p1"}
    resolution |= {"occurrence": "2026-11-05"}
    old = resolution | {"uuid": "old", "recorded_at": "2026-11-05T08:00:00Z"}
    old_deleted = old | {"deleted_at": "2026-11-05T09:00:00Z"}
    new = resolution | {"uuid": "new", "recorded_at": "2026-11-05T10:00:00Z"}
    doc = {"trustlog": 1, "promises": [PROMISE], "entries": [old_deleted, new]}
    assert run("import", str(write(tmp_path, doc))).code == 0
    restored = old | {"note": "back", "changed_at": "2026-11-06T08:00:00Z"}
    doc = {"trustlog": 1, "promises": [PROMISE], "entries": [restored]}
    result = run("import", str(write(tmp_path, doc, "restore.json")))
    assert result.code == 0, result.err
    assert result.out == (
        "Imported 0 entries from restore.json (1 was already in the journal); "
        "1 entry edited, as in the file; 1 entry from the file resolved a promise occurrence "
        "your journal had already resolved, so it was set aside and yours stayed.\n"
    )
    exported: Any = run("export").json()
    by_uuid = {e["uuid"]: e for e in exported["entries"]}
    assert by_uuid["old"]["deleted_at"] == "2026-11-06T08:00:00.000000+00:00"  # its own change
    assert by_uuid["old"]["note"] == "back"
    assert by_uuid["new"]["deleted_at"] is None

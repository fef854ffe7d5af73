"""Two partners' journals side by side: each perspective, read-only."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from test_merge import digest, import_doc


@pytest.fixture
def partner(run: Run, db_path: Path, tmp_path: Path) -> Path:
    """Two journals of the same three days, each logged from its keeper's side."""
    # Mine: by=me is what I did, by=partner what my partner did.
    for args in (
        ("toward", "--on", "2026-11-20"),
        ("toward", "--on", "2026-11-21"),
        ("toward", "--on", "2026-11-22"),
        ("away", "-p", "--on", "2026-11-22"),
    ):
        assert run(*args, "a note").code == 0
    import_doc(
        run,
        db_path,
        tmp_path,
        {
            "promises": [{"uuid": "mine-p", "text": "dishes", "by": "me", "made_on": "2026-11-01"}],
            "entries": [
                {"kind": "kept", "on": "2026-11-20", "promise_uuid": "mine-p"},
                {"kind": "broken", "on": "2026-11-21", "promise_uuid": "mine-p"},
            ],
        },
    )
    # Theirs: by=me is what *they* did, by=partner what I did, as they saw it.
    theirs = tmp_path / "partner.db"
    for args in (
        ("toward", "-p", "--on", "2026-11-20"),
        ("toward", "-p", "--on", "2026-11-21"),
        ("against", "-p", "--on", "2026-11-22"),
        ("toward", "--on", "2026-11-22"),
        ("away", "--on", "2026-11-22"),
    ):
        assert run("--db", str(theirs), *args, "their note").code == 0
    import_doc(
        run,
        theirs,
        tmp_path,
        {
            "promises": [
                {"uuid": "their-p", "text": "dishes", "by": "partner", "made_on": "2026-11-01"}
            ],
            "entries": [
                {"kind": "kept", "on": "2026-11-20", "promise_uuid": "their-p"},
                {"kind": "kept", "on": "2026-11-21", "promise_uuid": "their-p"},
            ],
        },
    )
    return theirs


def test_compare_json_shows_both_perspectives(run: Run, partner: Path) -> None:
    before = digest(partner)
    result = run("compare", str(partner), "--json")
    assert result.code == 0, result.err
    data: Any = result.json()
    assert data["journals"]["mine"]["balance"] == 3 - 5 + 1 - 5
    assert data["journals"]["partner"]["balance"] == 2 - 10 + 1 - 5 + 2
    me, them = data["people"]["me"], data["people"]["partner"]
    assert me["turn_toward_rate"] == {"in_my_journal": 1.0, "in_partner_journal": 0.6667}
    assert them["turn_toward_rate"] == {"in_my_journal": 0.0, "in_partner_journal": 0.5}
    assert me["kept_rate"] == {"in_my_journal": 0.5, "in_partner_journal": 1.0}
    assert them["kept_rate"] == {"in_my_journal": None, "in_partner_journal": None}
    days = [row["day"] for row in data["differences"]]
    assert days[0] == "2026-11-22"  # mine -4, theirs -14: the widest gap
    assert {"day", "mine", "partner", "gap"} <= set(data["differences"][0])
    assert "self-reported" in data["caveat"]
    assert digest(partner) == before


def test_compare_view_is_kind_and_shows_talking_points(run: Run, partner: Path) -> None:
    result = run("compare", str(partner))
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert "not a verdict" in text
    assert "2026-11-22" in text
    assert "Gottman" in text and "self-reported" in text
    assert "turning toward" in text


def test_compare_period(run: Run, partner: Path) -> None:
    data: Any = run("compare", str(partner), "--since", "2026-11-22", "--json").json()
    assert data["since"] == "2026-11-22"
    assert data["people"]["me"]["bids"] == {"in_my_journal": 1, "in_partner_journal": 1}
    assert [row["day"] for row in data["differences"]] == ["2026-11-22"]


def test_compare_refuses_a_copy_of_my_own_journal(run: Run, db_path: Path, tmp_path: Path) -> None:
    assert run("toward", "x").code == 0
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).code == 0
    result = run("compare", str(copy))
    assert result.code == 1 and "trustlog merge" in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize("kind", ["missing", "text", "other-sqlite"])
def test_compare_refuses_what_is_not_a_journal(run: Run, tmp_path: Path, kind: str) -> None:
    assert run("toward", "x").code == 0
    other = tmp_path / "other.db"
    if kind == "text":
        other.write_text(json.dumps({"not": "a journal"}))
    elif kind == "other-sqlite":
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = run("compare", str(other))
    assert result.code == 1 and result.out == "" and result.err.count("\n") == 1


def test_compare_without_my_journal(run: Run, partner: Path, db_path: Path, tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "none.db"), "compare", str(partner))
    assert result.code == 1 and "no journal" in result.err
    assert not (tmp_path / "none.db").exists()


def test_compare_since_after_until_is_bad_usage(run: Run, partner: Path) -> None:
    result = run("compare", str(partner), "--since", "2026-11-22", "--until", "2026-11-20")
    assert result.code == 2 and result.out == ""
    assert "--since" in result.err and "--until" in result.err and result.err.count("\n") == 1

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


#: What a research figure, a rate or a score looks like on screen or in JSON.
SCORE_WORDS = ("86", "33", "5:1", "5 : 1", "%", "divorce", "gottman", "rate", "ratio", "balance")


def _no_scores(text: str) -> None:
    folded = text.casefold()
    assert [word for word in SCORE_WORDS if word in folded] == []


def test_compare_json_counts_moments_by_whom(run: Run, partner: Path) -> None:
    before = digest(partner)
    result = run("compare", str(partner), "--json")
    assert result.code == 0, result.err
    data: Any = result.json()
    me, them = data["people"]["me"], data["people"]["partner"]
    assert me["in_my_journal"]["toward"] == 3 and me["in_my_journal"]["away"] == 0
    assert me["in_my_journal"]["kept"] == 1 and me["in_my_journal"]["broken"] == 1
    # How my partner logged me: 2 toward, 1 against; my dishes promise kept twice.
    assert me["in_partner_journal"] == {
        "toward": 2, "away": 0, "against": 1, "kept": 2,
        "broken": 0, "deposit": 0, "withdraw": 0, "injury": 0,
    }  # fmt: skip
    assert them["in_partner_journal"]["toward"] == 1 and them["in_partner_journal"]["away"] == 1
    assert them["in_partner_journal"]["kept"] == 0
    assert them["in_my_journal"]["away"] == 1
    assert data["journals"]["mine"]["entries"] == 6 and data["journals"]["partner"]["entries"] == 7
    first = data["differences"][0]
    assert first["day"] == "2026-11-22"  # mine -4, theirs -14: the widest gap
    assert first["moments"] == {
        "mine": {"toward": 1, "away": 1},
        "partner": {"against": 1, "toward": 1, "away": 1},
    }
    assert data["question"].endswith("for each of you?")
    assert digest(partner) == before


def test_compare_json_holds_no_rate_balance_or_research_figure(run: Run, partner: Path) -> None:
    result = run("compare", str(partner), "--json")
    keys: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.extend(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, float):
            raise AssertionError(f"a fraction in compare's JSON: {node}")

    walk(json.loads(result.out))
    _no_scores(" ".join(keys))
    _no_scores(json.loads(result.out)["caveat"])


@pytest.mark.parametrize("since", [None, "2026-11-22"])
def test_compare_view_shows_two_perspectives_not_two_scores(
    run: Run, partner: Path, since: str | None
) -> None:
    result = run("compare", str(partner), *(("--since", since) if since else ()))
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert "not a verdict" in text
    assert "2026-11-22" in text
    assert "Your journal: 1 toward, 1 away" in text
    assert "1 against" in text
    assert "What stood out about that day, for each of you?" in text
    _no_scores(text)


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

"""Corrections and the trash: who did it, a bid's kind, several ids at once, `log --deleted`."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from tests.conftest import Run


def _balance(run: Run) -> int:
    return run("balance", "--json").json()["balance"]  # type: ignore[index,no-any-return]


def test_edit_partner_and_me(run: Run) -> None:
    run("toward", "listened")
    edited = run("edit", "1", "--partner", "--json").json()
    assert edited["by"] == "partner"  # type: ignore[index]
    assert run("edit", "1", "--me", "--json").json()["by"] == "me"  # type: ignore[index]
    both = run("edit", "1", "--me", "--partner")
    assert both.code == 2 and "not both" in both.err


def test_edit_partner_on_an_injury_moves_who_caused_it(run: Run) -> None:
    assert run("injury", "hid", "the", "debt", "--severity", "major", "--me").code == 0
    entry = run("log", "--json").json()[0]  # type: ignore[index]
    assert run("edit", str(entry["id"]), "--partner").code == 0  # type: ignore[index]
    shown = run("repair", "1")
    assert "caused by your partner" in shown.out


def test_edit_kind_follows_the_weights_unless_an_amount_is_given(run: Run, isolated: Path) -> None:
    run("toward", "answered")
    assert _balance(run) == 1
    away = run("edit", "1", "--kind", "away", "--json").json()
    assert (away["kind"], away["amount"]) == ("away", -5)  # type: ignore[index]
    assert _balance(run) == -5
    against = run("edit", "1", "--kind", "against", "--amount", "3", "--json").json()
    assert (against["kind"], against["amount"]) == ("against", -3)  # type: ignore[index]
    assert _balance(run) == -3
    run("deposit", "4", "kindness")
    refused = run("edit", "2", "--kind", "toward")
    assert refused.code == 2 and "only a bid" in refused.err
    bad = run("edit", "1", "--kind", "kept")
    assert bad.code == 2


def test_rm_several_ids_is_all_or_none(run: Run, db_path: Path) -> None:
    for word in ("one", "two", "three"):
        run("toward", word)
    before = db_path.read_bytes()
    failed = run("rm", "1", "2", "99")
    assert failed.code == 1 and "no entry 99" in failed.err
    assert db_path.read_bytes() == before
    assert run("rm", "1", "3").code == 0
    assert [e["note"] for e in run("log", "--json").json()] == ["two"]  # type: ignore[union-attr,index]


def test_log_deleted_is_the_trash_and_restore_empties_it(run: Run) -> None:
    run("toward", "kept", "the", "date")
    run("away", "phone", "at", "dinner")
    assert "The trash is empty" in run("log", "--deleted").out
    run("rm", "2")
    trash = run("log", "--deleted", "--json").json()
    assert [e["note"] for e in trash] == ["phone at dinner"]  # type: ignore[union-attr,index]
    assert trash[0]["deleted_at"]  # type: ignore[index]
    assert "phone at dinner" in run("log", "--deleted").out
    assert "phone at dinner" not in run("log").out
    run("restore", "2")
    assert run("log", "--deleted", "--json").json() == []


def test_undo_follows_insertion_order_when_the_clock_went_back(run: Run) -> None:
    from datetime import datetime

    from tests.conftest import TODAY
    from trustlog.app.clock import FixedClock
    from trustlog.main import main

    late = FixedClock(TODAY, datetime(2026, 11, 25, 22, 0, tzinfo=UTC))
    early = FixedClock(TODAY, datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    assert main(["toward", "first"], clock=late) == 0
    assert main(["away", "second"], clock=early) == 0
    undone = run("undo", "--json").json()
    assert undone["note"] == "second"  # type: ignore[index]


def test_an_edit_of_who_acted_shows_whose_the_entry_is_now(run: Run) -> None:
    # A review found the edited line looking exactly as before: no way to tell it worked.
    assert run("toward", "made", "tea").code == 0
    assert run("edit", "1", "--partner").out.startswith(
        "Edited entry 1: +1 toward by your partner on "
    )
    assert run("edit", "1", "--me").out.startswith("Edited entry 1: +1 toward by you on ")


def test_rm_of_several_with_one_missing_says_nothing_was_deleted(run: Run) -> None:
    assert run("toward", "a").code == 0
    assert run("toward", "b").code == 0
    result = run("rm", "1", "2", "14")
    assert result.code == 1
    assert result.err == "trustlog: There is no entry 14 in this journal; nothing was deleted.\n"
    assert len(run("log", "--json").json()) == 2  # type: ignore[arg-type]

"""The home screen, the log, and taking things back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run
from trustlog.app.cli import run as run_typer
from trustlog.app.clock import FixedClock


def fill(run: Run) -> None:
    run("toward", "--on", "2026-11-20", "asked", "about", "her", "day", "@family")
    run("toward", "-p", "--on", "2026-11-23", "made", "me", "tea")
    run("away", "-p", "--on", "yesterday", "missed", "my", "text")
    run("against", "--on", "3 days ago", "rolled", "eyes", "@money")
    run("deposit", "3", "told", "the", "truth", "about", "the", "card")
    run("withdraw", "2", "snapped", "at", "dinner")


def test_empty_journal_is_friendly_and_creates_nothing(run: Run, db_path: Path) -> None:
    for args in ((), ("balance",), ("log",)):
        result = run(*args)
        assert result.code == 0
        assert "empty" in result.out
        assert "trustlog toward" in result.out
    data = run("balance", "--json").json()
    assert data == {
        "as_of": "2026-11-25",
        "balance": 0,
        "deposits": 0,
        "withdrawals": 0,
        "entries": 0,
        "turn_toward_rate": None,
        "turn_toward_interval": None,
        "my_turn_toward_rate": None,
        "my_turn_toward_interval": None,
        "my_bids": 0,
        "partner_bids": {"toward": 0, "away": 0, "against": 0},
        "ratio": None,
        "kept_rate": None,
        "my_kept_rate": None,
        "my_kept_interval": None,
        "partner_promises": {"kept": 0, "broken": 0},
        "streak": 0,
        "days_kept_28": 0,
        "due": [],
        "week": {"deposits": 0, "withdrawals": 0},
        "sparkline": [0] * 30,
    }
    assert run("log", "--json").json() == []
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_balance_json_follows_the_spec(run: Run) -> None:
    fill(run)
    data = run("balance", "--json").json()
    assert isinstance(data, dict)
    assert data["balance"] == 1 + 1 - 5 - 10 + 3 - 2
    assert data["deposits"] == 5 and data["withdrawals"] == 17
    assert data["balance"] == data["deposits"] - data["withdrawals"]
    assert data["entries"] == 6
    assert data["turn_toward_rate"] == pytest.approx(2 / 4, abs=1e-4)
    assert data["ratio"] == pytest.approx(3 / 3)
    assert data["kept_rate"] is None
    assert data["streak"] == 4  # 22nd to 25th; the 20th is after a gap
    assert data["week"] == {"deposits": 4, "withdrawals": 7}


def test_balance_on_a_past_day_leaves_later_entries_out(run: Run) -> None:
    fill(run)
    data = run("balance", "--on", "2026-11-22", "--json").json()
    assert data["as_of"] == "2026-11-22"  # type: ignore[index]
    assert data["balance"] == 1 - 10  # type: ignore[index]
    assert data["entries"] == 2  # type: ignore[index]


def test_home_screen_shows_the_figures_with_their_source(run: Run) -> None:
    fill(run)
    out = run().out
    assert out == run("balance").out
    assert "Balance" in out and "-12" in out
    assert "86%" in out and "Gottman" in out and "trustlog help research" in out
    assert "33%" not in out and "5 : 1" not in out and "divorce" not in out
    assert "kept 5 of the last 28 days" in out


def test_streak_counts_back_from_today_or_yesterday(run: Run) -> None:
    for day in ("2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"):
        run("toward", "--on", day, "x")
    assert run("balance", "--json").json()["streak"] == 4  # type: ignore[index]
    run("toward", "x")
    assert run("balance", "--json").json()["streak"] == 5  # type: ignore[index]
    later = run("balance", "--json", today=date(2026, 11, 28)).json()
    assert later["streak"] == 0  # type: ignore[index]


def test_log_filters_and_order(run: Run) -> None:
    fill(run)
    entries = run("log", "--json").json()
    assert isinstance(entries, list)
    days = [e["on"] for e in entries]
    assert days == sorted(days, reverse=True)
    assert len(entries) == 6
    assert [e["kind"] for e in run("log", "--kind", "away", "--json").json()] == ["away"]  # type: ignore[union-attr,index]
    assert len(run("log", "-p", "--json").json()) == 2  # type: ignore[arg-type]
    assert len(run("log", "--me", "--json").json()) == 4  # type: ignore[arg-type]
    assert [e["note"] for e in run("log", "--tag", "@Money", "--json").json()] == [  # type: ignore[union-attr,index]
        "rolled eyes @money"
    ]
    since = run("log", "--since", "2026-11-23", "--until", "yesterday", "--json").json()
    assert [e["on"] for e in since] == ["2026-11-24", "2026-11-23"]  # type: ignore[union-attr,index]
    assert len(run("log", "--limit", "2", "--json").json()) == 2  # type: ignore[arg-type]
    table = run("log").out
    assert "snapped at dinner" in table and "ID" in table


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("log", "--kind", "hug"), 2),
        (("log", "--limit", "0"), 2),
        (("log", "-p", "--me"), 2),
        (("log", "--since", "someday"), 2),
        (("log", "--since", "2026-11-20", "--until", "2026-11-01"), 2),
        (("balance", "--on", "tomorrow"), 2),
        (("rm", "99"), 1),
        (("restore", "1"), 1),
        (("edit", "1"), 2),
        (("edit", "99", "--note", "x"), 1),
        (("nonsense",), 2),
    ],
)
def test_errors_are_one_line_with_the_right_code(
    run: Run, db_path: Path, args: tuple[str, ...], code: int
) -> None:
    run("toward", "x")
    before = db_path.read_bytes()
    result = run(*args)
    assert result.code == code
    assert result.err.startswith("trustlog: ") and result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert db_path.read_bytes() == before


def test_undo_rm_restore_edit(run: Run) -> None:
    run("toward", "first")
    run("away", "second")
    undone = run("undo")
    assert undone.code == 0 and "second" in undone.out
    assert run("balance", "--json").json()["balance"] == 1  # type: ignore[index]
    assert run("restore", "2").code == 0
    assert run("balance", "--json").json()["balance"] == -4  # type: ignore[index]
    removed = run("rm", "1", "--json").json()
    assert removed["deleted_at"] is not None  # type: ignore[index]
    assert run("rm", "1").code == 1
    assert run("balance", "--json").json()["balance"] == -5  # type: ignore[index]
    edited = run(
        "edit", "2", "--note", "not so bad @work", "--amount", "3", "--on", "yesterday", "--json"
    )
    entry = edited.json()
    assert entry["note"] == "not so bad @work"  # type: ignore[index]
    assert entry["tags"] == ["work"]  # type: ignore[index]
    assert entry["amount"] == -3  # type: ignore[index]  # a withdrawal stays a withdrawal
    assert entry["on"] == "2026-11-24"  # type: ignore[index]
    assert run("balance", "--json").json()["balance"] == -3  # type: ignore[index]


def test_undo_on_an_empty_journal(run: Run, db_path: Path) -> None:
    result = run("undo")
    assert result.code == 1
    assert "nothing" in result.err.lower()
    assert not db_path.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("toward", "asked", "about", "her", "day"),
        ("away", "-p", "--on", "yesterday", "missed", "@text"),
        ("against", "--on=3 days ago", "-tmoney", "rolled", "eyes"),
        ("deposit", "3", "--tag", "card", "truth"),
        ("withdraw", "2", "--json", "snapped"),
        ("balance", "--json"),
        ("balance", "--on", "yesterday", "--json"),
    ],
)
def test_fast_path_and_typer_agree(
    run: Run, db_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    fast = run(*args)
    import os

    code = run_typer(list(args), dict(os.environ), FixedClock(TODAY))
    slow = capsys.readouterr()
    assert code == fast.code == 0
    if "--json" in args and args[0] != "balance":
        first, second = fast.json(), __import__("json").loads(slow.out)
        for key in ("id", "uuid", "recorded_at"):
            first.pop(key), second.pop(key)  # type: ignore[union-attr]
        assert first == second
    elif args[0] == "balance":
        assert fast.out == slow.out
    else:
        assert fast.out.split(" → ")[0] == slow.out.split(" → ")[0]


def test_notes_with_markup_are_shown_as_typed(run: Run) -> None:
    run("toward", "said", "[bold]sorry[/bold]")
    assert "[bold]sorry[/bold]" in run("log").out


def test_version(run: Run) -> None:
    from trustlog import __version__

    result = run("--version")
    assert (result.code, result.out) == (0, f"trustlog {__version__}\n")


def test_edit_keeps_tags_given_with_t(run: Run) -> None:
    run("toward", "-t", "date", "-t", "kids", "dinner", "out")
    fixed = run("edit", "1", "--note", "dinner out, typo fixed @family", "--json").json()
    assert fixed["tags"] == ["family", "date", "kids"]  # type: ignore[index]
    added = run("edit", "1", "-t", "weekend", "--json").json()
    assert added["tags"] == ["family", "date", "kids", "weekend"]  # type: ignore[index]
    removed = run("edit", "1", "--untag", "kids", "--json").json()
    assert removed["tags"] == ["family", "date", "weekend"]  # type: ignore[index]


def test_undo_does_not_reach_past_a_newer_promise(run: Run) -> None:
    run("toward", "--on", "3 days ago", "lovely", "walk")
    run("promise", "pay", "back", "the", "loan", "--due", "next friday")
    result = run("undo")
    assert result.code == 1
    assert "drop 1" in result.err
    assert run("balance", "--json").json()["entries"] == 1  # type: ignore[index]
    run("away", "later")
    assert "later" in run("undo").out


def test_config_show_json(run: Run, isolated: Path) -> None:
    data = run("config", "show", "--json").json()
    assert data["weights"]["away"] == -5  # type: ignore[index]
    assert data["config_exists"] is False  # type: ignore[index]
    assert data["db"].endswith("trustlog.db")  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("rm", "abc"), ("'ID'", "trustlog rm --help")),
        (("kept", "abc"), ("'PROMISE'", "trustlog kept --help")),
        (("deposit", "5", "-t"), ("-t", "trustlog deposit --help")),
    ],
)
def test_usage_errors_point_at_the_right_help(
    run: Run, args: tuple[str, ...], names: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.code == 2
    for name in names:
        assert name in result.err


def test_edit_amount_is_a_positive_size(run: Run) -> None:
    run("deposit", "3", "x")
    result = run("edit", "1", "--amount", "-3")
    assert result.code == 2 and "size" in result.err
    assert run("edit", "1", "--amount", "5", "--json").json()["amount"] == 5  # type: ignore[index]


def test_home_screen_counts_read_naturally(run: Run) -> None:
    run("toward", "x")
    out = run().out
    assert "(1 entry: +1 in, 0 out)" in out


def test_undo_after_an_edit_or_restore_does_not_remove_another_entry(run: Run) -> None:
    run("toward", "first")
    run("toward", "second")
    run("edit", "1", "--note", "first, corrected")
    refused = run("undo")
    assert refused.code == 1 and "edit 1" in refused.err
    assert run("balance", "--json").json()["entries"] == 2  # type: ignore[index]
    run("rm", "2")
    run("restore", "2")
    assert run("undo").code == 1
    run("away", "third")
    assert "third" in run("undo").out

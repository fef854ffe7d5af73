"""`log` without --limit: a page and a hint on a screen, every entry in a pipe."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TODAY, Run
from trustlog.app.clock import FixedClock
from trustlog.core.models import NewEntry
from trustlog.journal import Journal


def sixty(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal.open(db_path, FixedClock(TODAY), "test")
    journal.add(
        [NewEntry(kind="toward", amount=1, on=TODAY, note=f"moment {n}") for n in range(60)]
    )
    journal.close()


def test_a_pipe_gets_every_entry_and_no_hint(run: Run, db_path: Path) -> None:
    sixty(db_path)
    out = run("log").out.splitlines()
    assert len(out) == 61  # the header and sixty entries
    assert out[1].endswith("moment 59") and out[-1].endswith("moment 0")


def test_a_screen_gets_the_newest_page_and_says_how_to_see_more(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sixty(db_path)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # Rich treats stdout as a terminal
    out = run("log").out.splitlines()
    assert len(out) == 52
    assert out[1].endswith("moment 59") and out[50].endswith("moment 10")
    assert "`trustlog log --limit N` for more" in out[-1]
    limited = run("log", "--limit", "55").out.splitlines()
    assert len(limited) == 56 and "--limit N" not in limited[-1]

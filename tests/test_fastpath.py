"""The start-up fast path and the Typer app must read every capture the same way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY, examples
from trustlog.app.cli import run as run_typer
from trustlog.app.clock import FixedClock
from trustlog.main import _hot_command
from trustlog.main import main as run_main

# "-1" is in: both ways in read a negative number as a note word (one grammar).
WORDS = ["asked", "about", "her", "day", "@money", "#kids", "café", "-", "it's", "2", "-1"]
OPTIONS = [
    ["-p"],
    ["--partner"],
    ["--on", "yesterday"],
    ["--on=3 days ago"],
    ["--on", "friday"],
    ["-t", "home"],
    ["-tfamily"],
    ["--tag", "Work"],
    ["--tag=walks"],
    ["--json"],
]

argv_tail = st.lists(
    st.one_of(st.sampled_from(WORDS).map(lambda w: [w]), st.sampled_from(OPTIONS)),
    max_size=8,
).map(lambda parts: [token for part in parts for token in part])


@st.composite
def captures(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["toward", "away", "against", "deposit", "withdraw"]))
    head = [command]
    if command in ("deposit", "withdraw"):
        head.append(draw(st.sampled_from(["3", "1", "250"])))
    tail = draw(argv_tail)
    if draw(st.booleans()):
        tail = [*tail, "--", *draw(argv_tail)]
    return [*head, *tail]


def _log(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    run_main(["--db", str(path), "log", "--json"], clock=FixedClock(TODAY))
    return capsys.readouterr().out


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(captures())
def test_both_ways_in_record_the_same_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert _hot_command(argv) is not None, "the fast path should take every documented capture"
    fast_db, typer_db = tmp_path / "fast.db", tmp_path / "typer.db"
    for path in (fast_db, typer_db):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    capsys.readouterr()
    fast_code = run_main(["--db", str(fast_db), *argv], clock=FixedClock(TODAY))
    fast_out = capsys.readouterr()
    typer_code = run_typer(["--db", str(typer_db), *argv], dict(os.environ), FixedClock(TODAY))
    typer_out = capsys.readouterr()
    assert fast_code == typer_code == 0, (fast_out.err, typer_out.err)
    options = argv[: argv.index("--")] if "--" in argv else argv
    if "--json" not in options:  # JSON holds ids and times that differ by design
        assert fast_out.out == typer_out.out

    def comparable(text: str) -> list[tuple[object, ...]]:
        import json

        return [
            (e["kind"], e["amount"], e["by"], e["on"], e["note"], tuple(e["tags"]))
            for e in json.loads(text)
        ]

    assert comparable(_log(fast_db, capsys)) == comparable(_log(typer_db, capsys))

"""Every command, fed bad values: one clear line, exit 0/1/2, and a failed command changes nothing.

The commands come from `app/cli.py: COMMANDS` (and their subcommands), so a new
command is fuzzed the day it lands. `crontab` is the stand-in from
tests/test_cron.py on PATH; stdin is empty. No value holds a NUL: a shell
cannot pass one. `/dev/null` is offered only where trustlog reads: as an
output path it waits for the output-path checks of the robustness issue's
other half (as root, an export would replace the device).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, examples
from tests.test_cron import STAND_IN

BAD_VALUES = (
    "9223372036854775808",
    "99999999999999999999999999",
    "-1",
    "0",
    "-0",
    "1e309",
    "nan",
    "",
    " ",
    "\x1b]0;owned\x07",
    "a" * 5000,
    "\udcff",
    "0001-01-01",
    "9999-12-31",
    "10000 months ago",
    "2026-02-30",
    "99999999 days ago",
    ".",
    # Not "/": run as root (as CI is), `sync /` or `backup /` would really write there.
    "x/" * 300,
)
#: Commands whose bare run takes seconds (`demo` builds six weeks of examples):
#: fuzzed with at least one stray argument.
SLOW_BARE = {("demo",)}
#: Options that name a file trustlog writes.
OUTPUTS = {"--output", "-o", "--svg"}
READ_ONLY_PATHS = ("/dev/null",)


def _command_paths() -> Iterator[tuple[tuple[str, ...], list[str], int]]:
    """(words, value-taking options, how many arguments) for every command and subcommand."""
    import typer

    from trustlog.app.cli import COMMANDS, app, load_rooms

    load_rooms(None)
    root = typer.main.get_command(app)
    for name in COMMANDS:
        command = root.commands[name]  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        pairs = [((name, sub), c) for sub, c in subcommands.items()] if subcommands else []
        for words, leaf in pairs or [((name,), command)]:
            options = [
                param.opts[0]
                for param in leaf.params
                if param.param_type_name == "option" and not param.is_flag and param.opts
            ]
            arguments = sum(1 for param in leaf.params if param.param_type_name == "argument")
            yield words, options, arguments


PATHS = list(_command_paths())


@pytest.fixture
def fuzz_ground(
    run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """A journal with a little of everything, a stand-in crontab, an empty stdin."""
    run("toward", "walk", "@park")
    run("promise", "call", "mum", "--due", "tomorrow")
    run("injury", "lied", "--severity", "minor")
    run("away", "late")
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    (bin_dir / "crontab").write_text(STAND_IN)
    (bin_dir / "crontab").chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "CRONTAB_FILE": str(tmp_path / "crontab.txt"),
    }


def _check(run: Run, db_path: Path, env: dict[str, str], argv: list[str]) -> None:
    before = db_path.read_bytes()
    result = run(*argv, env=env)
    shown = f"{argv!r:.300} → {result.code}: {result.err[:300]!r}"
    assert result.code in (0, 1, 2), shown
    assert "something unexpected" not in result.err, shown
    assert "Traceback" not in result.err + result.out, shown
    if result.code != 0:
        assert db_path.read_bytes() == before, f"a failed command changed the journal: {shown}"


def test_every_command_refuses_a_huge_number_clearly(
    run: Run, db_path: Path, fuzz_ground: dict[str, str]
) -> None:
    for words, options, arguments in PATHS:
        positional = max(arguments, int(words in SLOW_BARE))
        _check(run, db_path, fuzz_ground, [*words, *["9223372036854775808"] * positional])
        if options:
            huge = [part for option in options for part in (option, "-9223372036854775809")]
            _check(run, db_path, fuzz_ground, [*words, "1", *huge])


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    words, options, arguments = draw(st.sampled_from(PATHS))
    argv = list(words)
    least = int(words in SLOW_BARE)
    for _ in range(draw(st.integers(least, max(arguments, 1)))):
        argv.append(draw(st.sampled_from(BAD_VALUES + READ_ONLY_PATHS)))
    for option in draw(st.lists(st.sampled_from(options), max_size=2)) if options else []:
        values = BAD_VALUES if option in OUTPUTS else BAD_VALUES + READ_ONLY_PATHS
        argv += [
            option,
            draw(
                st.sampled_from(values)
                | st.text(st.characters(exclude_characters="\x00"), max_size=12)
            ),
        ]
    return argv


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
def test_fuzzed_command_lines_fail_clearly_and_change_nothing(
    run: Run, db_path: Path, fuzz_ground: dict[str, str], argv: list[str]
) -> None:
    _check(run, db_path, fuzz_ground, argv)

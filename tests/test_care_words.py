"""Words that hurt stay out of trustlog (spec: Tone and care).

Three nets: every string literal in the source, every command's `--help`,
and the screens a person meets (the demo's home screen and repair view,
`trustlog help`), each checked against `core.wording.DENY_LIST`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import Run
from test_demo import private_tmp  # noqa: F401  (a fixture: the demo's temporary folder)
from test_docs import command_paths
from trustlog.app.cli import COMMANDS
from trustlog.core.wording import denied_phrases
from trustlog.features.help.topics import PRIVACY, RESEARCH, SAFETY, SUMMARIES

SOURCE = Path(__file__).parent.parent / "src" / "trustlog"
#: The module that names the denied phrases, to keep them out of everything else.
WORDING = SOURCE / "core" / "wording.py"


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_string_in_the_source_holds_a_denied_phrase() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{line}: {denied_phrases(text)}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path != WORDING
        for line, text in _literals(path)
        if denied_phrases(text)
    ]
    assert found == []


def test_the_scan_would_catch_a_denied_phrase(tmp_path: Path) -> None:
    """The net has no hole: a message like the old one is found."""
    sample = tmp_path / "sample.py"
    sample.write_text('MESSAGE = f"call mum: overdue ×{9}"\n', encoding="utf-8")
    assert [denied_phrases(text) for _, text in _literals(sample)] == [["overdue ×"]]


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_help_text_is_kind(run: Run, path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.code == 0
    assert denied_phrases(" ".join(result.out.split())) == []


@pytest.mark.usefixtures("private_tmp")
def test_the_screens_a_person_meets_are_kind(run: Run) -> None:
    shown = [run("demo").out, run("help").out, run("--help").out]
    for text in shown:
        assert denied_phrases(" ".join(text.split())) == []


# -- trustlog help -----------------------------------------------------------------------------


def test_help_alone_lists_the_topics_and_every_command(run: Run) -> None:
    result = run("help")
    assert result.code == 0 and result.err == ""
    for topic, summary in SUMMARIES.items():
        assert f"{topic:<10} {summary}" in result.out
    listed = {line.split()[0] for line in result.out.splitlines() if line.startswith("  ")}
    assert {name for name in COMMANDS if not name.startswith("_")} <= listed
    assert "__complete" not in listed  # the completion scripts' own, hidden
    assert "no substitute for a counsellor" in result.out
    assert "trustlog help safety" in result.out


@pytest.mark.parametrize(
    ("topic", "page"), [("research", RESEARCH), ("safety", SAFETY), ("Privacy", PRIVACY)]
)
def test_help_prints_each_topic(run: Run, topic: str, page: str) -> None:
    result = run("help", topic)
    assert (result.code, result.out, result.err) == (0, page, "")


def test_help_on_an_unknown_topic_names_the_topics(run: Run, db_path: Path) -> None:
    result = run("help", "divorce")
    assert (result.code, result.out) == (2, "")
    assert "research, safety, privacy" in result.err and result.err.count("\n") == 1
    assert not db_path.exists()


def test_typer_s_own_help_still_works(run: Run) -> None:
    root = run("--help")
    assert root.code == 0 and "help" in root.out and "toward" in root.out
    assert run("-h").code == 0
    own = run("help", "--help")
    assert own.code == 0 and "research|safety|privacy" in own.out

"""`promises` draws its list by hand when every row fits (views/columns.py) and with
Rich's Table only when one would wrap: the bytes on screen must be the same either way,
with colour and without, at any width, for long, wide and odd promise texts."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from conftest import Run
from trustlog.features.promises import view
from trustlog.views.columns import Columns

TEXTS = (
    "call mum",
    "walk together after dinner, phones left at home",
    "夕食の後に一緒に散歩する",  # wide characters: two cells each
    "say thank you 🙏 every morning ☕",
    "a [bold]note[/bold] with [brackets]",
    "trailing space ",
    "no  double  spaces  collapsed",
    "ünïcödé ÅÉÎ — dashes",
    "x" * 70,
)
STATUSES = (
    Text("due today", style="bold"),
    Text("2 days missed", style="yellow"),
    Text("open", style=""),
    Text("done", style="dim"),
)


def _rows(texts: tuple[str, ...]) -> list[list[Text | str]]:
    return [
        [str(n + 1), Text(text), ("me", "partner")[n % 2], "every sunday", "Sun 29 Nov",
         STATUSES[n % len(STATUSES)], str(n * 7), str(n), ("100%", "—", "87%")[n % 3]]
        for n, text in enumerate(texts)
    ]  # fmt: skip


def _console(width: int, colour: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    colours = "truecolor" if colour else None
    console = Console(
        file=buffer, width=width, force_terminal=colour, color_system=colours,
        no_color=not colour, highlight=False, soft_wrap=False, emoji=False,
    )  # fmt: skip
    return console, buffer


def _drawn(renderable: object, width: int, colour: bool) -> str:
    console, buffer = _console(width, colour)
    console.print(renderable)
    return buffer.getvalue()


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("width", [40, 60, 80, 100, 132, 200])
def test_the_hand_drawn_columns_are_byte_identical_to_the_table(width: int, colour: bool) -> None:
    fitted = 0
    for count in range(1, len(TEXTS) + 1):
        for texts in (TEXTS[:count], TEXTS[-count:], (TEXTS[count - 1],)):
            rows = _rows(texts)
            columns = Columns(view._HEADERS, rows, right=view._NUMBERS)
            table = _drawn(view._table(rows), width, colour)
            if columns.fits(_console(width, colour)[0]):
                fitted += 1
                assert _drawn(columns, width, colour) == table, (width, texts)
    assert fitted >= {40: 0, 60: 0, 80: 1}.get(width, 3), fitted


def test_a_row_too_wide_or_with_a_control_character_is_left_to_the_table() -> None:
    console, _ = _console(80, False)
    assert not Columns(view._HEADERS, _rows(("x" * 90,)), right=view._NUMBERS).fits(console)
    assert not Columns(view._HEADERS, _rows(("tab\there",)), right=view._NUMBERS).fits(console)
    assert Columns(view._HEADERS, _rows(("call mum",)), right=view._NUMBERS).fits(console)


def test_promises_on_a_narrow_screen_still_wraps_a_long_promise(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = "walk together after dinner every evening with our phones left at home"
    assert run("promise", long, "--every", "day").code == 0
    monkeypatch.setenv("COLUMNS", "160")
    wide = run("promises").out
    assert long in wide  # one line
    monkeypatch.setenv("COLUMNS", "60")
    narrow = run("promises").out
    assert long not in narrow and "dinner" in narrow and len(narrow.splitlines()) > 4
    assert all(len(line) <= 60 for line in narrow.splitlines())


def test_promises_does_not_import_the_table_when_every_row_fits(run: Run, db_path: Path) -> None:
    assert run("promise", "call mum", "--every", "sunday").code == 0
    code = (
        "import sys; from trustlog.main import main; main(['promises']); "
        "print('rich.table' in sys.modules, file=sys.stderr)"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": src, "TRUSTLOG_DB": str(db_path), "COLUMNS": "100", "NO_COLOR": "1",
             "HOME": str(db_path.parent)},
    )  # fmt: skip
    assert "call mum" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_promises_on_a_phone_wide_screen_are_stacked_and_whole(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A review found "ca… yo… mum" and a Rate of "10…" (read as 10) at 40 columns.
    assert (
        run("promise", "call your mum every sunday", "--every", "day", "--on", "yesterday").code
        == 0
    )
    assert run("promise", "-p", "be home by seven", "--every", "day", "--on", "yesterday").code == 0
    assert run("kept", "1", "--on", "yesterday").code == 0
    assert run("kept", "2", "--on", "yesterday").code == 0
    monkeypatch.setenv("COLUMNS", "40")
    shown = run("promises").out
    assert "#1 call your mum every sunday" in shown and "#2 be home by seven" in shown
    assert "kept 1 · broken 0 · 100%" in shown  # your own promise's rate, whole
    assert shown.count("100%") == 1  # the partner's promise: counts, never a rate
    assert "…" not in shown and all(len(line) <= 40 for line in shown.splitlines())
    monkeypatch.setenv("COLUMNS", "100")
    wide = run("promises").out
    partner_row = next(line for line in wide.splitlines() if "be home by seven" in line)
    assert partner_row.rstrip().endswith("—") and "%" not in partner_row


def test_a_long_word_is_folded_never_cut_and_a_joiner_goes_to_the_table(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    word = "Supercalifragilisticexpialidocious_extraordinarily_long_word_that_goes_on"
    assert run("promise", word, "--every", "day").code == 0
    assert run("promise", "家族と夕食を食べる約束", "--every", "day").code == 0
    for width in ("80", "120"):
        monkeypatch.setenv("COLUMNS", width)
        shown = run("promises").out
        assert "…" not in shown and "家族と夕食を食べる約束" in shown
        head, *lines = shown.splitlines()
        start, end = head.index("Promise"), head.index("By")
        folded = "".join(line[start:end].strip() for line in lines if "家族" not in line)
        assert folded == word  # folded over its lines, whole
    console = Console(width=200)
    joined = Columns(view._HEADERS, _rows(("e\u200d",)), right=view._NUMBERS)
    assert not joined.fits(console)  # the Table measures it its own way

"""`log` to a pipe writes its lines without Rich, and must print exactly what Rich did;
`log --json` streams, and must print exactly one `json.dumps` of the whole list."""

from __future__ import annotations

import io
import json
from datetime import date

from rich.console import Console

from trustlog.core.models import Entry
from trustlog.views import console as render

NOTES = ("plain words", "tab\there\tand there", "bell\x07 back\x08space", "two\nlines\r\nthree",
         "café ☕ 你好", "esc \x1b]0;owned\x07 \x1b[2J del\x7f c1\x9b")  # fmt: skip


def _entries() -> list[Entry]:
    return [
        Entry(id=index + 1, uuid=f"u{index}", kind=kind, amount=amount, by=by,
              on=date(2026, 11, 25 - index), note=note, tags=(), promise_id=None,
              injury_id=None, recorded_at="2026-11-25T20:00:00+00:00", deleted_at=None)
        for index, (note, kind, amount, by) in enumerate(
            zip(NOTES, ("toward", "withdraw", "kept", "against", "deposit", "away"),
                (1, -15, 1, -10, 5, -5), ("me", "partner", "me", "me", "partner", "me"),
                strict=True)
        )
    ]  # fmt: skip


def _console() -> Console:
    """A pipe, as `render.console` makes it."""
    out = Console(file=io.StringIO(), color_system=None, force_terminal=False, width=100,
                  highlight=False, soft_wrap=False, emoji=False)  # fmt: skip
    out.push_render_hook(render.ShowControls())
    return out


def _through_rich(entries: list[Entry]) -> str:
    """The lines as Rich prints them (the way a screen is drawn)."""
    out = _console()
    columns = render.EntryColumns.fit(entries)
    lines = [columns.prefix(e).append(" ".join(e.note.splitlines())) for e in entries]
    out.print(columns.header(), soft_wrap=True)
    out.print(render.Text("\n").join(lines), soft_wrap=True)
    return out.file.getvalue()  # type: ignore[attr-defined]


def test_a_pipe_gets_what_rich_would_have_printed() -> None:
    entries = _entries()
    out = _console()
    shown = render.entries_stream(out, [entries[:2], entries[2:]], None)
    assert shown == len(entries)
    written = out.file.getvalue()  # type: ignore[attr-defined]
    assert written == _through_rich(entries)
    assert "\t" not in written and "\x07" not in written and "tab " in written
    assert "\x1b" not in written and "esc ^[]0;owned ^[[2J del^? c1\\x9b" in written


def test_log_json_streams_the_same_array(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run("log", "--json").json() == []
    for words in (("toward", "tea", "\ttogether"), ("away", "phone"), ("deposit", "3", "café")):
        run(*words)
    result = run("log", "--json")
    data = json.loads(result.out)
    assert [e["note"] for e in data] == ["café", "phone", "tea \ttogether"]
    assert result.out == json.dumps(data, ensure_ascii=False) + "\n"

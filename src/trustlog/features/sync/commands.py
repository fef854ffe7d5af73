"""`trustlog sync [DIR]`, `sync status`, `sync join DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.errors import BadInput
from trustlog.app.options import Json, emit_json, state_of

_USAGE = "Use `trustlog sync DIR`, `trustlog sync`, `trustlog sync status` or `sync join DIR`."


@app.command()
def sync(
    ctx: typer.Context,
    what: Annotated[
        list[str] | None,
        typer.Argument(
            help="DIR the first time; `status`; or `join DIR` on a new device.",
            show_default=False,
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Keep this journal in step across your own devices through a synced folder."""
    from trustlog.features.sync import steps

    words = list(what or [])
    state = state_of(ctx)
    if words == ["status"]:
        report = steps.status(state)
        if as_json:
            emit_json(report)
        else:
            from trustlog.features.sync import view

            view.status(state, report)
        return
    if as_json:
        raise BadInput("--json goes with `trustlog sync status`.")
    _refuse_a_slip(words)
    if len(words) == 2 and words[0] == "join":
        steps.join_now(state, Path(words[1]))
    elif len(words) > 1:
        raise BadInput(f"Too many words after sync. {_USAGE}")
    else:
        steps.sync_now(state, Path(words[0]) if words else None)


def _refuse_a_slip(words: list[str]) -> None:
    """`sync join` without its folder, or `sync statu`, is a slip, not a folder name."""
    if words == ["join"]:
        raise BadInput("`trustlog sync join` needs the folder: `trustlog sync join DIR`.")
    if len(words) == 1 and not Path(words[0]).exists():
        import difflib

        if difflib.get_close_matches(words[0], ["status", "join"], n=1, cutoff=0.6):
            raise BadInput(f"There is no sync step `{words[0]}`. {_USAGE}")

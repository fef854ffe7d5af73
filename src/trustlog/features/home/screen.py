"""The home screen's one way in, shared by `main`'s fast path and `trustlog balance`.

Kept apart from `commands.py` so the fast path never imports Typer.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from trustlog.core.dates import parse_day
from trustlog.features.home.home import build_home, home_json

if TYPE_CHECKING:
    from trustlog.app.state import State


def show_home(state: State, on: str | None, as_json: bool) -> None:
    today = state.today()
    as_of = parse_day(on, today) if on else today
    with state.journal() as journal:
        home = build_home(journal, as_of)
        exists = journal.exists
    if as_json:
        print(json.dumps(home_json(home), ensure_ascii=False))
        return
    from trustlog.features.home import view
    from trustlog.views import console as render

    out = render.console(state)
    if not exists:
        render.empty_state(out, state.journal_path)
    else:
        view.draw(out, home, home_json(home))
    from trustlog.journal.locked import lock_status

    status = lock_status(state.journal_path, state.env, state.clock.now())
    if status is not None:
        from rich.text import Text

        out.print(Text(status, style="dim"))

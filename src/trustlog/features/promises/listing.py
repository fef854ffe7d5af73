"""`promises` after its options are read: the same for the Typer command and `main`'s fast path.

No Typer here, so `main` can list the promises without building the Typer app.
"""

from __future__ import annotations

from trustlog.app.emit import emit_json
from trustlog.app.state import State


def show_promises(state: State, include_all: bool = False, as_json: bool = False) -> None:
    """The open promises (`include_all`: also done and dropped), as a table or as JSON."""
    from trustlog.features.promises.promises import list_promises

    today = state.today()
    with state.journal() as journal:
        found = list_promises(journal, today, include_all)
        exists = journal.exists
    if as_json:
        emit_json([p.to_json() for p in found])
        return
    from trustlog.features.promises import view as render_promises
    from trustlog.views import console as render

    out = render.console(state)
    if not exists:
        render.empty_state(out, state.journal_path)
    else:
        render_promises.promises_table(out, found, include_all)

"""What to offer for an argument: ids with their titles, read from the journal.

Nothing at all when the journal is missing, locked or damaged: a TAB must never print an
error, ask for a passphrase or create a file.
"""

from __future__ import annotations

from datetime import date

from trustlog.app.errors import TrustlogError
from trustlog.app.state import State
from trustlog.features.promises.promises import list_promises

#: A choice: what is typed, and the words shown beside it.
Choice = tuple[str, str]
WIDTH = 50


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= WIDTH else line[: WIDTH - 1] + "…"


def _choices(state: State, metavar: str, today: date) -> list[Choice]:
    from trustlog.features.completion import queries

    with state.journal() as journal:
        if not journal.exists:
            return []
        if metavar == "PROMISE":
            return [(str(p.id), _short(p.text)) for p in list_promises(journal, today)]
        if metavar == "INJURY":
            return [(str(i), _short(f"{day} {text}")) for i, day, text in queries.injuries(journal)]
        rows = queries.entries(journal, deleted=metavar == "DELETED")
        return [
            (str(i), _short(f"{day} {kind} {amount:+d} {note}"))
            for i, day, kind, amount, note in rows
        ]


def ids_for(state: State, metavar: str) -> list[Choice]:
    """Promises, injuries or entries (DELETED: the deleted ones) as (id, title); [] if locked."""
    try:
        return _choices(state, metavar, state.today())
    except TrustlogError:
        return []

"""Taking things back and correcting them: `undo`, `rm`, `restore`, `edit`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trustlog.cli import Json, On, _emit, _state, app
from trustlog.errors import BadInput
from trustlog.state import State

if TYPE_CHECKING:
    from trustlog.store import Journal

EntryId = Annotated[
    int, typer.Argument(metavar="ID", help="The entry's id, as shown by `trustlog log`.")
]


@contextmanager
def _journal_for_change(state: State) -> Iterator[Journal]:
    """The existing journal, closed afterwards; an empty one has nothing to change."""
    from trustlog.errors import TrustlogError

    journal = state.readable_journal()
    if journal is None:
        raise TrustlogError("The journal is empty, so there is nothing to change yet.")
    with closing(journal):
        yield journal


def _show_entry(state: State, verb: str, entry: Any, as_json: bool) -> None:
    if as_json:
        _emit(entry.to_json() | {"deleted_at": entry.deleted_at})
        return
    from trustlog import render

    render.entry_line(render.console(state), verb, entry)


@app.command()
def undo(ctx: typer.Context, as_json: Json = False) -> None:
    """Take back the most recently recorded entry (it can be restored)."""
    state = _state(ctx)
    with _journal_for_change(state) as journal:
        entry = journal.undo()
    _show_entry(state, "Undid", entry, as_json)


@app.command()
def rm(ctx: typer.Context, entry_id: EntryId, as_json: Json = False) -> None:
    """Delete one entry (softly: `trustlog restore ID` brings it back)."""
    state = _state(ctx)
    with _journal_for_change(state) as journal:
        entry = journal.set_deleted(entry_id, True)
    _show_entry(state, "Deleted", entry, as_json)


@app.command()
def restore(ctx: typer.Context, entry_id: EntryId, as_json: Json = False) -> None:
    """Bring back a deleted entry."""
    state = _state(ctx)
    with _journal_for_change(state) as journal:
        entry = journal.set_deleted(entry_id, False)
    _show_entry(state, "Restored", entry, as_json)


@app.command()
def edit(
    ctx: typer.Context,
    entry_id: EntryId,
    note: Annotated[str | None, typer.Option(help="The new note.")] = None,
    on: On = None,
    amount: Annotated[
        int | None, typer.Option(help="The new amount (sign kept for its kind).")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="Add a tag.")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag.")] = None,
    as_json: Json = False,
) -> None:
    """Correct an entry's note, day, amount or tags."""
    from trustlog.dates import parse_day
    from trustlog.ledger import clean_tag, tags_in

    state = _state(ctx)
    with _journal_for_change(state) as journal:
        current = journal.entry(entry_id)
        changes: dict[str, Any] = {}
        if on is not None:
            changes["day"] = parse_day(on, state.today()).isoformat()
        if amount is not None:
            changes["amount"] = _edited_amount(current.kind, current.amount, amount)
        if note is not None or tag or untag:
            # Tags given with -t survive a corrected note; @words follow the note.
            from_note = tags_in(current.note)
            added = [t for t in current.tags if t not in from_note] + list(tag or ())
            new_note = current.note if note is None else note.strip()
            dropped = {clean_tag(t) for t in untag or ()}
            changes["note"] = new_note
            changes["tags"] = " ".join(t for t in tags_in(new_note, added) if t not in dropped)
        if not changes:
            raise BadInput("Nothing to change: give --note, --on, --amount, --tag or --untag.")
        entry = journal.update_entry(entry_id, changes)
    _show_entry(state, "Edited", entry, as_json)


def _edited_amount(kind: str, current: int, amount: int) -> int:
    """Deposits stay deposits: the user types the size, the kind keeps the sign."""
    from trustlog.ledger import MAX_AMOUNT

    if kind in ("repair",):
        raise BadInput("A repair step is a milestone and has no amount to edit.")
    if not 0 < amount <= MAX_AMOUNT:
        raise BadInput(
            f"--amount is the size, a whole number from 1 to {MAX_AMOUNT:,}; "
            "the entry's kind keeps its sign."
        )
    return amount if current > 0 or current == 0 else -amount

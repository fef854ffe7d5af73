"""Recording and correcting moments: the captures, `log`, `undo`, `rm`, `restore`, `edit`.

The capture commands are made from the one capture grammar (`app.grammar`),
the same declaration the start-up fast path in `main` reads.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from trustlog.app import grammar
from trustlog.app.cli import app
from trustlog.app.options import Amount, Json, Note, On, Partner, Tags, emit_json, state_of
from trustlog.app.state import State
from trustlog.features.entries import queries

CAPTURE_HELP = {
    "toward": "A bid met by turning toward it (+1): you noticed, answered, engaged.",
    "away": "A bid missed or ignored (−5). Noticing it is already a step.",
    "against": (
        "A bid met with irritation or contempt (−10). Writing it down is honest, not a verdict."
    ),
    "deposit": "Any other micro-deposit (+AMOUNT): a truth spoken, an appreciation, a kindness.",
    "withdraw": "Any other withdrawal (−AMOUNT).",
}


def _record(ctx: typer.Context, kind: str, words: list[str], options: dict[str, Any]) -> None:
    from trustlog.features.entries.entries import capture_command

    parsed = grammar.Capture(kind)
    parsed.words = words
    parsed.partner = options["partner"]
    parsed.on = options["on"]
    parsed.tags = list(options["tags"] or ())
    parsed.as_json = options["as_json"]
    print(capture_command(state_of(ctx), parsed))


def _make_capture(kind: str) -> None:
    """Register one capture command, its options taken from the grammar."""
    if kind in grammar.AMOUNT_CAPTURES:

        def with_amount(
            ctx: typer.Context,
            amount: Amount = None,
            note: Note = None,
            partner: Partner = False,
            on: On = None,
            tags: Tags = None,
            as_json: Json = False,
        ) -> None:
            words = ([amount] if amount is not None else []) + list(note or ())
            _record(ctx, kind, words, locals())

        command: Any = with_amount
    else:

        def bid(
            ctx: typer.Context,
            note: Note = None,
            partner: Partner = False,
            on: On = None,
            tags: Tags = None,
            as_json: Json = False,
        ) -> None:
            _record(ctx, kind, list(note or ()), locals())

        command = bid
    app.command(name=kind, help=CAPTURE_HELP[kind])(command)


for _kind in grammar.CAPTURES:
    _make_capture(_kind)


@app.command()
def log(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="From this day on.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind (toward, away, kept, …).")
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only entries with this tag.")
    ] = None,
    partner: Annotated[
        bool, typer.Option("--partner", "-p", help="Only what your partner did.")
    ] = False,
    me: Annotated[bool, typer.Option("--me", help="Only what you did.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many, newest first.")] = None,
    deleted: Annotated[
        bool,
        typer.Option(
            "--deleted", help="The trash: deleted entries, which `trustlog restore ID` brings back."
        ),
    ] = False,
    as_json: Json = False,
) -> None:
    """The entries, newest first (`--deleted`: the trash)."""
    from trustlog.features.entries.listing import show_log

    show_log(state_of(ctx), since, until, kind, tag, partner, me, limit, deleted, as_json)


NOTHING_YET = "The journal is empty, so there is nothing to change yet."

EntryId = Annotated[
    int, typer.Argument(metavar="ID", help="The entry's id, as shown by `trustlog log`.")
]


def _show_entry(state: State, verb: str, entry: Any, as_json: bool) -> None:
    if as_json:
        emit_json(entry.to_json() | {"deleted_at": entry.deleted_at})
        return
    from trustlog.views import console as render

    render.entry_line(render.console(state), verb, entry)


@app.command()
def undo(ctx: typer.Context, as_json: Json = False) -> None:
    """Take back the most recently recorded entry, or the whole check-in just saved."""
    state = state_of(ctx)
    with state.journal(write=True, if_missing=NOTHING_YET) as journal:
        entry = queries.undo(journal)
    if isinstance(entry, queries.UndoneCheckin):
        if entry.day_open:  # the shell hook asks again tonight, as `remind` does
            from trustlog.features.checkin.reviewed import unmark_reviewed

            unmark_reviewed(entry.day, state.env)
        if as_json:
            emit_json({"checkin": {"day": entry.day.isoformat(), "entries": entry.entries}})
            return
        print(_took_back(entry))
        return
    if isinstance(entry, queries.UndoneTogether):
        if as_json:
            emit_json({"undone": entry.entries, "last": entry.entry.to_json()})
            return
        print(
            f"Undid {entry.entries} entries saved together ({entry.entry.kind}, on "
            f"{entry.entry.on:%a %d %b}); `trustlog log --deleted` lists them."
        )
        return
    _show_entry(state, "Undid", entry, as_json)


def _took_back(undone: queries.UndoneCheckin) -> str:
    """What `undo` says of a check-in: how to bring its entries back, when it had any."""
    said = f"Took back the check-in for {undone.day:%a %d %b}"
    if undone.entries == 0:
        return f"{said} (it had saved no entries)."
    count = f"{undone.entries} entr{'ies' if undone.entries != 1 else 'y'}"
    return f"{said} ({count}); `trustlog restore ID` brings an entry back."


@app.command()
def rm(
    ctx: typer.Context,
    entry_ids: Annotated[
        list[int],
        typer.Argument(metavar="ID", help="The entries' ids, as shown by `trustlog log`."),
    ],
    as_json: Json = False,
) -> None:
    """Delete entries, all or none (softly: `trustlog log --deleted` lists them to restore)."""
    state = state_of(ctx)
    with state.journal(write=True, if_missing=NOTHING_YET) as journal:
        entries = queries.set_many_deleted(journal, entry_ids, True)
    if as_json and len(entries) > 1:
        emit_json([entry.to_json() | {"deleted_at": entry.deleted_at} for entry in entries])
        return
    for entry in entries:
        _show_entry(state, "Deleted", entry, as_json)


@app.command()
def restore(ctx: typer.Context, entry_id: EntryId, as_json: Json = False) -> None:
    """Bring back a deleted entry."""
    state = state_of(ctx)
    with state.journal(write=True, if_missing=NOTHING_YET) as journal:
        entry = queries.set_deleted(journal, entry_id, False)
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
    me: Annotated[bool, typer.Option("--me", help="It was you.")] = False,
    partner: Annotated[bool, typer.Option("--partner", "-p", help="It was your partner.")] = False,
    kind: Annotated[
        str | None,
        typer.Option(help="A bid's new kind: toward, away or against (amount follows weights)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Correct an entry's note, day, amount, tags, who did it or a bid's kind."""
    from trustlog.features.entries.corrections import plan_correction, who
    from trustlog.features.entries.entries import plan_edit

    state = state_of(ctx)
    by = who(me, partner)
    with state.journal(write=True, if_missing=NOTHING_YET) as journal:
        current = journal.entry(entry_id)
        correction = plan_correction(current, by, kind, amount, state.config.weights)
        fixed_amount = None if kind else amount
        changes = plan_edit(
            current, note, on, fixed_amount, tag or (), untag or (), state.today(), correction
        )
        entry = queries.update_entry(journal, entry_id, changes)
    _show_entry(state, "Edited", entry, as_json)

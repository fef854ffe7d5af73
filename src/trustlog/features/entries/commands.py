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
    from trustlog.features.entries.entries import log_filter

    state = state_of(ctx)
    where = log_filter(state.today(), since, until, kind, tag, partner, me, limit)
    where = where._replace(deleted=deleted)
    if as_json:
        _log_json(state, where)
    else:
        _log_screen(state, where)


def _log_json(state: State, where: queries.LogFilter) -> None:
    """One JSON array, written a batch at a time (exactly what `json.dumps` of the
    whole list prints), so a million entries never sit in memory at once."""
    import json
    import sys

    shown = {"deleted_at"} if where.deleted else set()
    separator = ""
    with state.journal() as journal:
        sys.stdout.write("[")
        for batch in queries.log_batches(journal, where):
            for entry in batch:
                item = entry.to_json() | {k: entry.deleted_at for k in shown}
                sys.stdout.write(separator + json.dumps(item, ensure_ascii=False))
                separator = ", "
        sys.stdout.write("]\n")


def _log_screen(state: State, where: queries.LogFilter) -> None:
    """A screen gets a page (with a hint for more); a pipe gets everything, streamed."""
    from trustlog.views import console as render

    out = render.console(state)
    page = out.is_terminal and where.limit is None
    if page:
        where = where._replace(limit=LOG_PAGE + 1)
    nothing = "The trash is empty: no deleted entries." if where.deleted else "No entries match."
    with state.journal() as journal:
        if not journal.exists:
            render.empty_state(out, state.journal_path)
            return
        batches = queries.log_batches(journal, where)
        shown = render.entries_stream(out, batches, LOG_PAGE if page else None, nothing)
    if page and shown > LOG_PAGE:
        render.log_page_hint(out, LOG_PAGE)


#: Entries `log` shows on a screen without --limit (like one page of `git log`).
LOG_PAGE = 50


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
        if as_json:
            emit_json({"checkin": {"day": entry.day.isoformat(), "entries": entry.entries}})
            return
        count = f"{entry.entries} entr{'ies' if entry.entries != 1 else 'y'}"
        print(
            f"Took back the check-in for {entry.day:%a %d %b} ({count}); "
            "`trustlog restore ID` brings an entry back."
        )
        return
    _show_entry(state, "Undid", entry, as_json)


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

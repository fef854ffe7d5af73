"""Commands for promises: made, kept, broken, listed, dropped.

Thin: each command parses, calls the use cases in `promises.py`, and
chooses JSON or the Rich view.  New ids go to stdout alone (so a script can
read them); the friendly confirmation goes to stderr.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from trustlog.app.cli import app
from trustlog.app.options import Due, Every, HappenedOn, Json, Note, Words, emit_json, state_of
from trustlog.app.state import State

PromiseId = Annotated[
    int,
    typer.Argument(metavar="PROMISE", help="The promise's id, as shown by `trustlog promises`."),
]
MadeOn = Annotated[
    str | None,
    typer.Option("--on", help="The day it was made (default today); occurrences start there."),
]


def _no_promise(promise_id: int) -> str:
    return f"There is no promise {promise_id} in this journal (the journal is still empty)."


def _err(state: State) -> Any:
    from trustlog.views import console as render

    return render.console(state, stderr=True)


def _out(state: State) -> Any:
    from trustlog.views import console as render

    return render.console(state)


# -- promises ----------------------------------------------------------------------------


@app.command()
def promise(
    ctx: typer.Context,
    text: Words = None,
    due: Due = None,
    every: Every = None,
    partner: Annotated[
        bool, typer.Option("--partner", "-p", help="Your partner made this promise (default: you).")
    ] = False,
    on: MadeOn = None,
    as_json: Json = False,
) -> None:
    """Make a promise: once (--due), again and again (--every), or a standing agreement.

    With neither option it stands until you drop it (e.g. "no secret credit cards").
    Prints its id."""
    from trustlog.features.promises.promises import add_promise, plan_promise

    state = state_of(ctx)
    today = state.today()
    new = plan_promise(text or [], today=today, due=due, every=every, partner=partner, on=on)
    with state.journal(write=True) as journal:
        made = add_promise(journal, new, today)
    if as_json:
        emit_json(made.to_json())
        return
    print(made.id)
    from trustlog.views.words import promise_made

    promise_made(_err(state), made)


def _resolve(
    ctx: typer.Context,
    outcome: str,
    promise_id: int,
    note: list[str] | None,
    on: str | None,
    as_json: bool,
) -> None:
    from trustlog.core.dates import parse_day
    from trustlog.features.promises.promises import get_promise, resolve

    state = state_of(ctx)
    today = state.today()
    day = parse_day(on, today) if on else today
    text = " ".join(note or []).strip()
    with state.journal(write=True, if_missing=_no_promise(promise_id)) as journal:
        entry_id, new = resolve(
            journal, promise_id, outcome, day, text, state.config.weights, today
        )
        entry = journal.entry(entry_id)
        balance = journal.balance(today)
        promised = get_promise(journal, promise_id, today)
    assert new.occurrence is not None
    if as_json:
        emit_json(entry.to_json() | {"occurrence": new.occurrence.isoformat()})
        return
    from trustlog.features.promises import view as render_promises

    render_promises.resolved(_out(state), entry, new.occurrence, promised, balance)


@app.command()
def kept(
    ctx: typer.Context,
    promise_id: PromiseId,
    note: Note = None,
    on: HappenedOn = None,
    as_json: Json = False,
) -> None:
    """Mark a promise kept (+1): its latest open occurrence, or the next (early is fine)."""
    _resolve(ctx, "kept", promise_id, note, on, as_json)


@app.command()
def broken(
    ctx: typer.Context,
    promise_id: PromiseId,
    note: Note = None,
    on: HappenedOn = None,
    as_json: Json = False,
) -> None:
    """Mark a promise broken (−5). Writing it down helps you both see it."""
    _resolve(ctx, "broken", promise_id, note, on, as_json)


@app.command()
def promises(
    ctx: typer.Context,
    include_all: Annotated[
        bool, typer.Option("--all", help="Also the promises that are done or dropped.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Your open promises: when each is next due, the days missed, and how often each was kept."""
    from trustlog.features.promises.listing import show_promises

    show_promises(state_of(ctx), include_all, as_json)


@app.command()
def drop(ctx: typer.Context, promise_id: PromiseId, as_json: Json = False) -> None:
    """Retire a promise that no longer fits; its kept and broken history stays."""
    from trustlog.features.promises.promises import drop as drop_promise

    state = state_of(ctx)
    with state.journal(write=True, if_missing=_no_promise(promise_id)) as journal:
        dropped = drop_promise(journal, promise_id, state.today())
    if as_json:
        emit_json(dropped.to_json())
        return
    from trustlog.features.promises import view as render_promises

    render_promises.dropped(_out(state), dropped)


@app.command()
def excuse(
    ctx: typer.Context,
    promise_id: PromiseId,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="Let go every unmarked day up to this one (default yesterday)."
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Let a promise's unmarked days go: neither kept nor broken, and not asked about again."""
    from datetime import timedelta

    from trustlog.core.dates import parse_day
    from trustlog.features.promises.promises import excuse as let_go

    state = state_of(ctx)
    today = state.today()
    last = parse_day(until, today, option="--until") if until else today - timedelta(days=1)
    with state.journal(write=True, if_missing=_no_promise(promise_id)) as journal:
        days = let_go(journal, promise_id, last, today)
    if as_json:
        emit_json({"promise_id": promise_id, "excused": [day.isoformat() for day in days]})
        return
    if not days:
        print(f"Promise {promise_id} has no unmarked days up to {last:%a %d %b}; nothing changed.")
        return
    count = f"{len(days)} day{'s' if len(days) != 1 else ''}"
    print(
        f"Let {count} of promise {promise_id} go (up to {last:%a %d %b}); "
        "they never count as broken."
    )

"""Commands for promises (made, kept, broken, dropped), injuries and their repair.

Thin: each command parses, calls `trustlog.promises` / `trustlog.repair`, and
chooses JSON or the Rich view.  New ids go to stdout alone (so a script can
read them); the friendly confirmation goes to stderr.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from trustlog.cli import Json, Note, _emit, _state, app
from trustlog.errors import BadInput, TrustlogError
from trustlog.state import State

PromiseId = Annotated[
    int,
    typer.Argument(metavar="PROMISE", help="The promise's id, as shown by `trustlog promises`."),
]
Words = Annotated[
    list[str] | None,
    typer.Argument(metavar="TEXT...", help="In your own words; no quotes needed."),
]
Due = Annotated[
    str | None,
    typer.Option("--due", help="Once, by this day: tomorrow, 'next friday', 2026-12-24."),
]
Every = Annotated[
    str | None,
    typer.Option(
        "--every",
        help="Again and again: daily, weekdays, weekly, monthly, friday, 'mon,thu', '2 weeks', "
        "or an RRULE such as FREQ=WEEKLY;BYDAY=FR.",
    ),
]
MadeOn = Annotated[
    str | None,
    typer.Option("--on", help="The day it was made (default today); occurrences start there."),
]
ResolvedOn = Annotated[
    str | None,
    typer.Option(
        "--on", help="The day it happened (default today): yesterday, friday, 2026-11-20."
    ),
]


def _existing(state: State, missing: str) -> Any:
    """The journal for a command that needs something already in it."""
    journal = state.readable_journal()
    if journal is None:
        raise TrustlogError(f"{missing} (the journal is still empty).")
    return journal


def _err(state: State) -> Any:
    from trustlog import render

    return render.console(state, stderr=True)


def _out(state: State) -> Any:
    from trustlog import render

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
    """Make a promise: once (--due), again and again (--every), or a standing agreement
    (neither, e.g. "no secret credit cards"). Prints its id."""
    from trustlog.promises import add_promise, plan_promise

    state = _state(ctx)
    today = state.today()
    new = plan_promise(text or [], today=today, due=due, every=every, partner=partner, on=on)
    journal = state.writable_journal()
    try:
        made = add_promise(journal, new, today)
    finally:
        journal.close()
    if as_json:
        _emit(made.to_json())
        return
    print(made.id)
    from trustlog import render_promises

    render_promises.made(_err(state), made)


def _resolve(
    ctx: typer.Context,
    outcome: str,
    promise_id: int,
    note: list[str] | None,
    on: str | None,
    as_json: bool,
) -> None:
    from trustlog.dates import parse_day
    from trustlog.promises import get_promise, resolve

    state = _state(ctx)
    today = state.today()
    day = parse_day(on, today) if on else today
    text = " ".join(note or []).strip()
    journal = _existing(state, f"There is no promise {promise_id} in this journal")
    try:
        entry_id, new = resolve(
            journal, promise_id, outcome, day, text, state.config.weights, today
        )
        entry = journal.entry(entry_id)
        balance = journal.balance(today)
        promised = get_promise(journal, promise_id, today)
    finally:
        journal.close()
    assert new.occurrence is not None
    if as_json:
        _emit(entry.to_json() | {"occurrence": new.occurrence.isoformat()})
        return
    from trustlog import render_promises

    render_promises.resolved(_out(state), entry, new.occurrence, promised, balance)


@app.command()
def kept(
    ctx: typer.Context,
    promise_id: PromiseId,
    note: Note = None,
    on: ResolvedOn = None,
    as_json: Json = False,
) -> None:
    """Mark a promise kept (+1): its most recent open occurrence, or the next one ahead
    if none is open yet (keeping early is fine)."""
    _resolve(ctx, "kept", promise_id, note, on, as_json)


@app.command()
def broken(
    ctx: typer.Context,
    promise_id: PromiseId,
    note: Note = None,
    on: ResolvedOn = None,
    as_json: Json = False,
) -> None:
    """Mark a promise broken (−5). Writing it down honestly is how it gets mended."""
    _resolve(ctx, "broken", promise_id, note, on, as_json)


@app.command()
def promises(
    ctx: typer.Context,
    include_all: Annotated[
        bool, typer.Option("--all", help="Also the promises that are done or dropped.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Your open promises: when each is next due, what is overdue, and how often each was kept."""
    from trustlog.promises import list_promises

    state = _state(ctx)
    today = state.today()
    journal = state.readable_journal()
    try:
        found = [] if journal is None else list_promises(journal, today, include_all)
    finally:
        if journal is not None:
            journal.close()
    if as_json:
        _emit([p.to_json() for p in found])
        return
    from trustlog import render, render_promises

    if journal is None:
        render.empty_state(_out(state), state.journal_path)
    else:
        render_promises.promises_table(_out(state), found, include_all)


@app.command()
def drop(ctx: typer.Context, promise_id: PromiseId, as_json: Json = False) -> None:
    """Retire a promise that no longer fits; its kept and broken history stays."""
    from trustlog.promises import drop as drop_promise

    state = _state(ctx)
    journal = _existing(state, f"There is no promise {promise_id} in this journal")
    try:
        dropped = drop_promise(journal, promise_id, state.today())
    finally:
        journal.close()
    if as_json:
        _emit(dropped.to_json())
        return
    from trustlog import render_promises

    render_promises.dropped(_out(state), dropped)


# -- injuries and repair -----------------------------------------------------------------


@app.command()
def injury(
    ctx: typer.Context,
    text: Words = None,
    severity: Annotated[
        str | None,
        typer.Option("--severity", "-s", help="minor (−25), major (−100) or severe (−250)."),
    ] = None,
    partner: Annotated[
        bool, typer.Option("--partner", "-p", help="Your partner caused it (default: you did).")
    ] = False,
    on: ResolvedOn = None,
    amount: Annotated[
        int | None,
        typer.Option("--amount", help="The size of the withdrawal, instead of the severity's."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Record an injury — a betrayal, a breach of trust — as one large withdrawal,
    and open its repair. Prints its id."""
    from trustlog.repair import plan_injury, record_injury, repair_view

    state = _state(ctx)
    today = state.today()
    new = plan_injury(
        text or [],
        severity=severity,
        partner=partner,
        on=on,
        amount=amount,
        weights=state.config.weights,
        today=today,
    )
    journal = state.writable_journal()
    try:
        injury_id, _ = record_injury(journal, new)
        view = repair_view(journal, injury_id, today)
    finally:
        journal.close()
    if as_json:
        _emit(view)
        return
    print(injury_id)
    from trustlog import render_promises

    render_promises.injury_recorded(_err(state), view)


_REPAIR_HELP = """Walk through the repair of an injury, one step at a time.

Without an id: the repairs still open. With an id: its four steps, the agreed amends and
how far the account has recovered since.

1 reveal: {reveal}.

2 acknowledge: {acknowledge}.

3 amends: {amends}.

4 long-game: {long_game}.

Record a step with --step, an agreed amend (a promise linked to the injury) with
--amend TEXT [--every RULE | --due DATE], and the end of the repair with --close.

{source}
"""


def _repair_help() -> str:
    from trustlog.repair import SOURCE, STEP_MEANING

    return _REPAIR_HELP.format(
        reveal=STEP_MEANING["reveal"].capitalize(),
        acknowledge=STEP_MEANING["acknowledge"].capitalize(),
        amends=STEP_MEANING["amends"].capitalize(),
        long_game=STEP_MEANING["long-game"].capitalize(),
        source=SOURCE,
    )


@app.command(help=_repair_help())
def repair(
    ctx: typer.Context,
    injury_id: Annotated[
        int | None,
        typer.Argument(metavar="INJURY", help="The injury's id (see `trustlog repair`)."),
    ] = None,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[WORDS]...", help="A note for --step/--close, or the amend's text."
        ),
    ] = None,
    step: Annotated[
        str | None,
        typer.Option(
            "--step", help="Mark a step reached: reveal, acknowledge, amends or long-game."
        ),
    ] = None,
    amend: Annotated[
        bool, typer.Option("--amend", help="The words are an agreed amend: a promise linked to it.")
    ] = False,
    close: Annotated[
        bool, typer.Option("--close", help="Close this repair (the words are a note).")
    ] = False,
    every: Every = None,
    due: Due = None,
    on: ResolvedOn = None,
    as_json: Json = False,
) -> None:
    from trustlog import repair as repairs

    state = _state(ctx)
    today = state.today()
    actions = [
        name
        for name, given in (("--step", step is not None), ("--amend", amend), ("--close", close))
        if given
    ]
    if len(actions) > 1:
        raise BadInput(f"Choose one of --step, --amend or --close, not {' and '.join(actions)}.")
    if (every is not None or due is not None) and not amend:
        raise BadInput("--every and --due describe an amend; use them with --amend.")
    if not actions:
        if words or on is not None:
            raise BadInput("To record something, add --step, --amend or --close.")
        return _show_repairs(state, injury_id, as_json)
    if injury_id is None:
        raise BadInput(f"Which injury? Give its id before {actions[0]} (see `trustlog repair`).")
    if step is not None:
        step = "-".join(step.lower().replace("_", " ").replace("-", " ").split())
        step = "long-game" if step in ("longgame", "long") else step
    if step is not None and step not in repairs.STEPS:
        raise BadInput(f"--step is one of {', '.join(repairs.STEPS)}, not {step!r}.")
    from trustlog.dates import parse_day

    day = parse_day(on, today) if on else today
    journal = _existing(state, f"There is no injury {injury_id} in this journal")
    try:
        if amend:
            made = repairs.add_amend(
                journal, injury_id, words or [], every=every, due=due, on=on, today=today
            )
        else:
            done = step if step is not None else repairs.CLOSED
            entry_id = repairs.record_step(
                journal, injury_id, done, " ".join(words or []).strip(), day
            )
            entry = journal.entry(entry_id)
            view = repairs.repair_view(journal, injury_id, today)
    finally:
        journal.close()
    if amend:
        if as_json:
            _emit(made.to_json())
            return
        print(made.id)
        from trustlog import render_promises

        render_promises.made(_err(state), made)
        return
    if as_json:
        _emit(entry.to_json() | {"step": done})
        return
    from trustlog import render_promises

    render_promises.step_recorded(_out(state), view, done)


def _show_repairs(state: State, injury_id: int | None, as_json: bool) -> None:
    from trustlog import render_promises
    from trustlog import repair as repairs

    today = state.today()
    if injury_id is None:
        journal = state.readable_journal()
        try:
            views = [] if journal is None else repairs.open_repairs(journal, today)
        finally:
            if journal is not None:
                journal.close()
        if as_json:
            _emit(views)
        else:
            render_promises.repairs_table(_out(state), views)
        return
    journal = _existing(state, f"There is no injury {injury_id} in this journal")
    try:
        view = repairs.repair_view(journal, injury_id, today)
    finally:
        journal.close()
    if as_json:
        _emit(view)
    else:
        render_promises.repair(_out(state), view)

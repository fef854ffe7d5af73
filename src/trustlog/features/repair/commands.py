"""Commands for injuries and their repair: `injury`, `repair`.

Thin: each command parses, calls the use cases in `repair.py`, and chooses
JSON or the Rich view.  A new injury's id goes to stdout alone (so a script
can read it); the friendly confirmation goes to stderr.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from trustlog.app.cli import app
from trustlog.app.options import Due, Every, HappenedOn, Json, Words, emit_json, state_of
from trustlog.app.state import State


def _console(state: State, stderr: bool = False) -> Any:
    from trustlog.views import console as render

    return render.console(state, stderr=stderr)


def _no_injury(injury_id: int) -> str:
    return f"There is no injury {injury_id} in this journal (the journal is still empty)."


@app.command()
def injury(
    ctx: typer.Context,
    text: Words = None,
    severity: Annotated[
        str | None,
        typer.Option("--severity", "-s", help="minor (−25), major (−100) or severe (−250)."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="me|partner", help="Who caused it; there is no default."),
    ] = None,
    partner: Annotated[
        bool, typer.Option("--partner", "-p", help="Your partner caused it (--by partner).")
    ] = False,
    me: Annotated[bool, typer.Option("--me", help="You caused it (--by me).")] = False,
    on: HappenedOn = None,
    amount: Annotated[
        int | None,
        typer.Option("--amount", help="The size of the withdrawal, instead of the severity's."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Record an injury (a breach of trust) as one large withdrawal; say who: -p or --me.

    -p: your partner caused it; --me: you did. It opens the injury's repair
    (`trustlog repair`) and prints its id.

    If you feel unsafe with your partner, `trustlog help safety` says where to turn."""
    from trustlog.features.repair.repair import (
        plan_injury,
        record_injury,
        repair_view,
        who_caused,
    )

    state = state_of(ctx)
    today = state.today()
    new = plan_injury(
        text or [],
        severity=severity,
        by=who_caused(by, partner, me),
        on=on,
        amount=amount,
        weights=state.config.weights,
        today=today,
    )
    with state.journal(write=True) as journal:
        injury_id, _ = record_injury(journal, new)
        view = repair_view(journal, injury_id, today)
    from trustlog.features.repair import view as show

    # Safety first: after a major or severe injury the quiet line comes before
    # anything about repair, which is for when both people are safe.
    show.safety_line(_console(state, stderr=True), view)
    if as_json:
        emit_json(view)
    else:
        print(injury_id)
        show.injury_recorded(_console(state, stderr=True), view)


_REPAIR_HELP = """Walk through the repair of an injury, one step at a time.

Without an id: the repairs still open. With an id: what was done first (its four steps
with their dates and notes, the agreed amends and how often each was kept), then the
account since: what the person who caused it did after that day.

1 reveal: {reveal}.

2 acknowledge: {acknowledge}.

3 amends: {amends}.

4 long-game: {long_game}.

Record a step with --step (the words after it are that step's note), an agreed amend
(a promise linked to the injury) with --amend TEXT [--every RULE | --due DATE], and the
end of the repair with --close. --all lists closed repairs too.

{source}

Repair is for when both of you are safe. If you feel unsafe with your partner, reach out
to your local emergency number or a domestic-abuse service; `trustlog help safety` says
more.
"""


def _repair_help() -> str:
    from trustlog.features.repair.repair import SOURCE, STEP_MEANING

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
    on: HappenedOn = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="List closed repairs too, not only open ones.")
    ] = False,
    as_json: Json = False,
) -> None:
    from trustlog.features.repair import repair as repairs

    state = state_of(ctx)
    action = repairs.choose_action(
        injury_id,
        step=step,
        amend=amend,
        close=close,
        scheduled=every is not None or due is not None,
        has_words=bool(words) or on is not None,
    )
    if action.kind == "show":
        _show_repairs(state, injury_id, as_json, closed_too=show_all)
    elif action.kind == "amend":
        assert injury_id is not None
        _add_amend(state, injury_id, words or [], every, due, on, as_json)
    else:
        assert injury_id is not None and action.step is not None
        _record_step(state, injury_id, action.step, words or [], on, as_json)


def _add_amend(
    state: State,
    injury_id: int,
    words: list[str],
    every: str | None,
    due: str | None,
    on: str | None,
    as_json: bool,
) -> None:
    from trustlog.features.repair import repair as repairs
    from trustlog.views.words import promise_made

    with state.journal(write=True, if_missing=_no_injury(injury_id)) as journal:
        made = repairs.add_amend(
            journal, injury_id, words, every=every, due=due, on=on, today=state.today()
        )
    if as_json:
        emit_json(made.to_json())
        return
    print(made.id)
    promise_made(_console(state, stderr=True), made)


def _record_step(
    state: State, injury_id: int, step: str, words: list[str], on: str | None, as_json: bool
) -> None:
    from trustlog.core.dates import parse_day
    from trustlog.features.repair import repair as repairs
    from trustlog.features.repair import view as show

    today = state.today()
    day = parse_day(on, today) if on else today
    with state.journal(write=True, if_missing=_no_injury(injury_id)) as journal:
        entry_id = repairs.record_step(journal, injury_id, step, " ".join(words).strip(), day)
        entry = journal.entry(entry_id)
        view = repairs.repair_view(journal, injury_id, today)
    if as_json:
        emit_json(entry.to_json() | {"step": step})
        return
    show.step_recorded(_console(state), view, step)


def _show_repairs(
    state: State, injury_id: int | None, as_json: bool, *, closed_too: bool = False
) -> None:
    from trustlog.features.repair import repair as repairs
    from trustlog.features.repair import view as show

    today = state.today()
    if injury_id is None:
        with state.journal() as journal:
            views = repairs.open_repairs(journal, today, closed_too=closed_too)
        if as_json:
            emit_json(views)
        else:
            show.repairs_table(_console(state), views, closed_too=closed_too)
        return
    with state.journal(if_missing=_no_injury(injury_id)) as journal:
        view = repairs.repair_view(journal, injury_id, today)
    if as_json:
        emit_json(view)
    else:
        show.repair(_console(state), view)

"""The nightly routine: `checkin`, `remind`, `cron`, and `alias` for the captures."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from typing import Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.options import Json, On, emit_json, state_of
from trustlog.app.state import State
from trustlog.features.checkin.cron import DEFAULT_AT

cron_app = typer.Typer(
    rich_markup_mode="markdown", help="Set up (or remove) the nightly reminder in your crontab."
)
app.add_typer(cron_app, name="cron")

Count = Annotated[int | None, typer.Option(min=0, max=999, help="How many; skips that question.")]


@app.command()
def checkin(
    ctx: typer.Context,
    toward: Count = None,
    away: Count = None,
    against: Count = None,
    partner_toward: Count = None,
    partner_away: Count = None,
    partner_against: Count = None,
    note: Annotated[
        str | None, typer.Option(help="A note for the day, e.g. one thing you appreciated.")
    ] = None,
    on: On = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Ask nothing: unanswered questions count as none.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Walk through the day: bids both ways, promises due, a note; saved all at once.

    Ctrl-C or the end of input saves nothing. Without a terminal and without
    flags, answers are read from stdin, one line per question, in the order
    they are asked.
    """
    from trustlog.features.checkin import checkin as flow
    from trustlog.features.checkin import view as render_checkin

    state = state_of(ctx)
    _sync_first(state)
    today = state.today()
    day = flow.day_of(on, today)
    counts = (toward, away, against, partner_toward, partner_away, partner_against)
    answers = flow.given_answers(counts, note)
    tty = sys.stdin.isatty()
    with state.journal() as journal:
        before = flow.look(journal, day)
    if before.reviewed and not as_json:
        render_checkin.note_line(
            state, f"You already checked in for {day:%a %d %b}; this adds to it."
        )
    ask = flow.asker(answers, yes, tty, sys.stdin, sys.stderr)
    if ask is not None and not as_json:
        render_checkin.intro(state, day, before.logged)
    questions = [(p.id, render_checkin.promise_question(p)) for p in before.due]
    flow.complete(answers, before, questions, ask, retry=tty, day=day, today=today)
    with state.journal(write=True) as journal:
        saved = flow.save_day(journal, answers, day, today, state.config.weights)
    if as_json:
        emit_json(saved.to_json())
        return
    render_checkin.summary(state, day, saved.entries, saved.net, saved.balance)


def _sync_first(state: State, quiet: bool = False) -> None:
    """Take the other devices' changes first when a sync folder is set (spec: Sync)."""
    if state.config.raw.get("sync"):
        from trustlog.features.sync.steps import sync_if_set

        sync_if_set(state, quiet=quiet)


@app.command()
def remind(
    ctx: typer.Context,
    notify: Annotated[
        bool, typer.Option(help="Also send a desktop notification (where notify-send exists).")
    ] = False,
) -> None:
    """What cron runs each evening: silent once today is reviewed, else one line."""
    from trustlog.features.checkin import queries
    from trustlog.features.promises.promises import due_promises

    state = state_of(ctx)
    _sync_first(state, quiet=True)
    today = state.today()
    with state.journal() as journal:
        if queries.reviewed(journal, today):
            return
        due = len(due_promises(journal, today))
    message = "Nothing reviewed today yet"
    if due:
        message += f" — {due} promise{'s' if due != 1 else ''} due"
    # cron's line names the journal with --db, so the hint must too.
    where = f"--db {shlex.quote(str(state.journal_path))} " if state.db_option else ""
    message += f". Run: trustlog {where}checkin"
    print(message)
    if notify:
        program = shutil.which("notify-send", path=state.env.get("PATH"))
        if program:
            # A missing display or bus is not worth an error; the line above stands.
            subprocess.run(
                [program, "trustlog", message], capture_output=True, check=False, timeout=10
            )


At = Annotated[str, typer.Option("--at", help="The time of day, HH:MM (24-hour).")]


@cron_app.command("install")
def cron_install(
    ctx: typer.Context,
    at: At = DEFAULT_AT,
    notify: Annotated[bool, typer.Option(help="Make the reminder a desktop notification.")] = False,
) -> None:
    """Add (or replace) the one trustlog line in your crontab."""
    from trustlog.features.checkin import cron

    state = state_of(ctx)
    line = cron.cron_line(at, state.journal_path, notify)
    replaced = cron.install(state.env, line)
    print(f"{'Replaced' if replaced else 'Added'} in your crontab:\n{line}")


@cron_app.command("show")
def cron_show(ctx: typer.Context) -> None:
    """Print the trustlog line in your crontab, if there is one."""
    from trustlog.features.checkin import cron

    line = cron.show(state_of(ctx).env)
    print(line if line else "There is no trustlog line in your crontab.")


@cron_app.command("remove")
def cron_remove(ctx: typer.Context) -> None:
    """Remove only the trustlog line from your crontab."""
    from trustlog.features.checkin import cron

    removed = cron.remove(state_of(ctx).env)
    print("Removed the trustlog line." if removed else "There was no trustlog line to remove.")


ALIASES = (
    ("tt", "toward"),
    ("ta", "away"),
    ("tx", "against"),
    ("tk", "kept"),
    ("tb", "broken"),
    ("td", "deposit"),
    ("tw", "withdraw"),
)


@app.command("alias")
def alias(
    shell: Annotated[
        str | None, typer.Argument(help="bash, zsh or fish (default: from $SHELL).")
    ] = None,
) -> None:
    """Print suggested shell aliases for the capture commands."""
    import os

    chosen = shell or os.path.basename(os.environ.get("SHELL", "bash")) or "bash"
    if chosen not in ("bash", "zsh", "fish"):
        from trustlog.app.errors import BadInput

        raise BadInput(f"I can write aliases for bash, zsh or fish, not {chosen!r}.")
    for short, command in ALIASES:
        if chosen == "fish":
            print(f"abbr -a {short} trustlog {command}")
        else:
            print(f"alias {short}='trustlog {command}'")

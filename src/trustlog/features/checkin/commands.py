"""The nightly routine: `checkin`, `remind`, `cron`, and `alias` for the captures."""

from __future__ import annotations

import shlex
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
    from trustlog.features.checkin import checkin as day_review
    from trustlog.features.checkin import tomorrow
    from trustlog.features.checkin import view as render_checkin
    from trustlog.features.checkin.reviewed import mark_reviewed

    state = state_of(ctx)
    _sync_first(state)
    today = state.today()
    day = day_review.day_of(on, today)
    counts = (toward, away, against, partner_toward, partner_away, partner_against)
    answers = day_review.given_answers(counts, note)
    tty = sys.stdin.isatty()
    with state.journal() as journal:
        before = day_review.look(journal, day)
    if before.reviewed and not as_json:
        render_checkin.note_line(
            state, f"You already checked in for {day:%a %d %b}; this adds to it."
        )
    ask = day_review.asker(answers, yes, tty, sys.stdin, sys.stderr)
    if ask is not None and not as_json:
        # Without a terminal stderr may be cron's mail: counts, never the notes.
        render_checkin.intro(state, day, before.logged, show_notes=tty)
    questions = render_checkin.promise_questions(before.due, before.unmarked, day, today)
    day_review.complete(answers, before, questions, ask, retry=tty, day=day, today=today)
    with state.journal(write=True) as journal:
        saved = day_review.save_day(journal, answers, day, today, state.config.weights)
        idea = tomorrow.suggestion_for(journal, day)
    if day == today:
        mark_reviewed(today, state.env)
    if as_json:
        emit_json(saved.to_json())
        return
    render_checkin.summary(state, day, saved.entries, saved.net, saved.balance)
    render_checkin.suggestion(state, idea)


def _sync_first(state: State, quiet: bool = False) -> None:
    """Take the other devices' changes first when a sync folder is set (spec: Sync)."""
    if state.config.raw.get("sync"):
        from trustlog.features.sync.steps import sync_if_set

        sync_if_set(state, quiet=quiet)


@app.command()
def remind(
    ctx: typer.Context,
    notify_only: Annotated[
        bool, typer.Option("--notify", help="Only a desktop notification; never print.")
    ] = False,
    print_only: Annotated[
        bool, typer.Option("--print", help="Only print the line; no notification.")
    ] = False,
    detailed: Annotated[
        bool | None,
        typer.Option(
            "--detailed/--discreet",
            help="Add how many promises are due (default: discreet, or `remind.detailed`).",
        ),
    ] = None,
) -> None:
    """What the schedule runs each evening: silent once today is reviewed.

    Otherwise a desktop notification where one can be shown, and the line
    printed only when none could be (so cron's mail still carries it).
    """
    from trustlog.features.checkin import checkin as day_review
    from trustlog.features.checkin import remind as reminder
    from trustlog.journal.locked import Locked

    state = state_of(ctx)
    mode = reminder.mode_of(notify_only, print_only)
    _sync_first(state, quiet=True)
    today = state.today()
    wanted = reminder.detailed_by_config(state.config.raw) if detailed is None else detailed
    due = None
    try:
        # Never asks: the schedule has no terminal, and a locked journal stays locked.
        with state.journal(remembered_only=True) as journal:
            if day_review.is_reviewed(journal, today):
                return
            due = day_review.due_count(journal, today) if wanted else None
    except Locked:
        # Locked: the journal cannot say whether today is reviewed, but the marker
        # a check-in writes (the shell hook's) can; else the discreet line.
        from trustlog.features.checkin.reviewed import is_marked

        if is_marked(today, state.env):
            return
        due = None
    # The schedule's line names the journal with --db, so the hint must too.
    where = f"--db {shlex.quote(str(state.journal_path))}" if state.db_option else ""
    text = reminder.reminder_text(due, where)
    if reminder.deliver(text, mode, state.env).printed:
        print(text)


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


schedule_app = typer.Typer(
    rich_markup_mode="markdown",
    help="The nightly reminder: a systemd user timer where systemd runs, else a cron line.",
)
app.add_typer(schedule_app, name="schedule")


@schedule_app.command("install")
def schedule_install(
    ctx: typer.Context,
    at: At = DEFAULT_AT,
    systemd: Annotated[bool, typer.Option("--systemd", help="A systemd user timer.")] = False,
    use_cron: Annotated[bool, typer.Option("--cron", help="A line in your crontab.")] = False,
) -> None:
    """Install the reminder (replacing one already there) for the time given."""
    from trustlog.features.checkin import routine

    state = state_of(ctx)
    via = routine.choose(state.env, systemd, use_cron)
    done = routine.install(state.env, state.journal_path, at, via)
    if done.via == routine.SYSTEMD:
        print(f"Installed a systemd user timer: {done.where}")
        print("It runs `trustlog remind` each evening, and after a sleep if it missed one.")
    else:
        print(f"Added to your crontab:\n{done.detail}")
    if done.note:
        print(f"trustlog: {done.note}", file=sys.stderr)


@schedule_app.command("show")
def schedule_show(ctx: typer.Context) -> None:
    """Where the reminder is scheduled: the timer's file, or the crontab line."""
    from trustlog.features.checkin import routine

    found = routine.show(state_of(ctx).env)
    if not found:
        print("No reminder is scheduled. `trustlog schedule install` sets one up.")
    for place in found:
        print(f"{place.via}: {place.where}\n{place.detail.rstrip()}")


@schedule_app.command("remove")
def schedule_remove(ctx: typer.Context) -> None:
    """Remove the reminder, from systemd and from your crontab."""
    from trustlog.features.checkin import routine

    removed, note = routine.remove(state_of(ctx).env)
    if removed:
        print(f"Removed the reminder ({' and '.join(removed)}).")
    else:
        print("There was no reminder to remove.")
    if note:
        print(f"trustlog: {note}", file=sys.stderr)


@app.command()
def hook(
    shell: Annotated[str, typer.Argument(help="bash, zsh or fish.")],
    at: At = DEFAULT_AT,
) -> None:
    """Print lines for your shell's rc file: after the hour, one line until you check in."""
    from trustlog.features.checkin.hook import snippet

    print(snippet(shell, at), end="")


@app.command()
def prompt(ctx: typer.Context, on: On = None, as_json: Json = False) -> None:
    """One small thing to try tomorrow, chosen from what the day held."""
    from trustlog.features.checkin import checkin as day_review
    from trustlog.features.checkin import tomorrow
    from trustlog.features.checkin import view as render_checkin

    state = state_of(ctx)
    day = day_review.day_of(on, state.today())
    with state.journal() as journal:
        idea = tomorrow.suggestion_for(journal, day)
    if as_json:
        emit_json(
            {"practice": idea.practice, "title": idea.title, "text": idea.text, "why": idea.why}
        )
        return
    render_checkin.suggestion(state, idea)

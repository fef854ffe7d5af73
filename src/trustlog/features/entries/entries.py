"""Recording one moment: the hot path behind `trustlog toward …` and friends.

Shared by the Typer commands and the start-up fast path in `main`, so both
ways in behave the same; it imports nothing heavier than sqlite3.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from trustlog.app.errors import BadInput
from trustlog.app.grammar import AMOUNT_CAPTURES, Capture, unmark
from trustlog.core.dates import parse_day
from trustlog.core.ledger import MAX_AMOUNT, amount_for, signed, tags_in
from trustlog.core.models import By, Entry, NewEntry

if TYPE_CHECKING:
    from trustlog.app.state import State
    from trustlog.features.entries.queries import LogFilter
    from trustlog.journal import Journal


def capture(state: State, new: NewEntry) -> tuple[Entry, int | None]:
    """Write one checked entry (`planned`); returns it and the balance.

    While the journal is locked (no key remembered) the entry goes to its
    sealed inbox instead, and the balance is None: it shows after `unlock`.
    """
    today = state.today()
    from trustlog.journal.locked import Locked

    try:
        with state.journal(write=True, remembered_only=True) as journal:
            [entry_id] = journal.add([new])
            saved: tuple[Entry, int | None] = journal.entry(entry_id), journal.balance(today)
    except Locked:
        from trustlog.features.entries.locked import save_locked

        saved = save_locked(state, new), None
    if new.on == today:  # a moment from another day says nothing about looking at today
        _after_the_hour(state, today)
    return saved


def planned(state: State, parsed: Capture) -> NewEntry:
    """What the capture grammar read, checked and weighed, not yet written (the demo
    writes a day's at once): bad input never reaches the journal."""
    amount = None
    words = unmark(parsed.words)
    if parsed.command in AMOUNT_CAPTURES:
        amount = parse_amount(parsed.command, words.pop(0) if words else None)
    if not words:
        words = _note_from_stdin()
    today = state.today()
    note = " ".join(words).strip()
    return NewEntry(
        kind=parsed.command,
        amount=amount_for(parsed.command, state.config.weights, amount),
        on=parse_day(parsed.on, today) if parsed.on else today,
        by=By.PARTNER.value if parsed.partner else By.ME.value,
        note=note,
        tags=tags_in(note, parsed.tags),
    )


#: From this time on a capture counts as looking at the day, so the shell hook goes quiet.
CHECKIN_HOUR = (21, 30)


def _checkin_hour(text: str) -> tuple[int, int]:
    """The hour the shell hook was given (`hook bash --at 20:00` exports it), so a
    capture after it quiets that hook; else 21:30.  Read by hand: no parsing imports
    on the capture path."""
    hours, _, minutes = text.partition(":")
    if hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60:
        return int(hours), int(minutes)
    return CHECKIN_HOUR


def _after_the_hour(state: State, today: date) -> None:
    """A capture after the check-in hour writes the reviewed marker; before it, nothing.

    One clock reading and a tuple comparison on every capture; the marker
    module is imported only after the hour.
    """
    moment = state.clock.now().astimezone()
    if (moment.hour, moment.minute) >= _checkin_hour(state.env.get("TRUSTLOG_CHECKIN_AT", "")):
        from trustlog.features.checkin.reviewed import mark_reviewed

        mark_reviewed(today, state.env)


def capture_command(state: State, parsed: Capture) -> str:
    """Record what the capture grammar read; the line (or JSON) to print."""
    entry, balance = capture(state, planned(state, parsed))
    return capture_output(entry, balance, state.today().isoformat(), parsed.as_json)


def _note_from_stdin() -> list[str]:
    """No note on the line and a pipe on stdin: the note is read from it (out of shell history)."""
    import sys

    try:
        if sys.stdin is None or sys.stdin.isatty():
            return []
        text = sys.stdin.read()
    except (OSError, ValueError):  # no usable stdin (closed, or a test harness)
        return []
    return [text.strip()] if text.strip() else []


def parse_amount(kind: str, text: str | None) -> int:
    """The AMOUNT of a deposit or withdrawal, with a kind word when it is missing.

    The text is never echoed: when the amount is forgotten it is a note word.
    """
    # A withdrawal's example is a withdrawal (a truth told is a deposit).
    said = "told the truth about the card" if kind == "deposit" else "a cutting remark"
    example = f"trustlog {kind} 3 {said}"
    if text is None:
        raise BadInput(f"`{kind}` needs an amount first, e.g. `{example}`.")
    digits = text[1:] if text.startswith(("-", "+")) else text
    if not (digits.isascii() and digits.isdigit()):
        raise BadInput(f"`{kind}` needs an amount (a whole number) first, e.g. `{example}`.")
    value = int(text)
    if not 0 < value <= MAX_AMOUNT:
        raise BadInput(f"The amount must be a whole number from 1 to {MAX_AMOUNT:,}, not {value}.")
    return value


def capture_line(entry: Entry, balance: int | None, today_iso: str) -> str:
    """`+1  toward · asked about her day → balance 42`"""
    parts = [f"{signed(entry.amount)}  {entry.kind}"]
    if entry.by == By.PARTNER:
        parts.append(" (partner)")
    if entry.on.isoformat() != today_iso:
        parts.append(f" on {entry.on.isoformat()}")
    if entry.note:
        from trustlog.views.visible import visible

        parts.append(f" · {visible(entry.note)}")
    if balance is None:
        parts.append(" (saved; locked — the balance shows after trustlog unlock)")
    else:
        parts.append(f" → balance {balance}")
    return "".join(parts)


def capture_output(entry: Entry, balance: int | None, today_iso: str, as_json: bool) -> str:
    if as_json:
        import json

        data = entry.to_json()
        if balance is None:  # saved into the locked journal's inbox
            data |= {"id": None, "locked": True}
        return json.dumps(data, ensure_ascii=False)
    return capture_line(entry, balance, today_iso)


def log_filter(
    today: date,
    since: str | None,
    until: str | None,
    kind: str | None,
    tag: str | None,
    partner: bool,
    me: bool,
    limit: int | None,
) -> LogFilter:
    """What `log` was asked for, checked: bad input never reaches the journal."""
    from trustlog.core.dates import parse_range
    from trustlog.core.ledger import clean_tag

    _check_log_options(kind, partner, me, limit)
    first, last = parse_range(since, until, today)
    from trustlog.features.entries.queries import LogFilter

    return LogFilter(
        since=first,
        until=last,
        kind=kind,
        tag=clean_tag(tag) if tag else None,
        by="partner" if partner else "me" if me else None,
        limit=limit,
    )


#: SQLite's largest integer; a bigger --limit would overflow in the query.
MAX_LIMIT = 2**63 - 1


def _check_log_options(kind: str | None, partner: bool, me: bool, limit: int | None) -> None:
    """The options `log` cannot take together or at all, in the order they are reported."""
    from trustlog.core.models import Kind

    if partner and me:
        raise BadInput("Choose --partner or --me, not both.")
    if kind is not None and kind not in {k.value for k in Kind}:
        raise BadInput(
            f"--kind: {kind!r} is not a kind; use one of {', '.join(k.value for k in Kind)}."
        )
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"--limit must be a whole number from 1 to {MAX_LIMIT:,}.")


def plan_edit(
    current: Entry,
    note: str | None,
    on: str | None,
    amount: int | None,
    tags: Sequence[str],
    untags: Sequence[str],
    today: date,
    corrected: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The columns `edit` changes, checked before anything is written; none is bad input.

    `corrected` holds what `--me/--partner/--kind` already decided (its amount wins).
    """
    changes: dict[str, Any] = {}
    if on is not None:
        changes["day"] = parse_day(on, today).isoformat()
    if amount is not None:
        changes["amount"] = edited_amount(current.kind, current.amount, amount)
    if note is not None or tags or untags:
        changes |= _amended_note(current, note, tags, untags)
    changes |= corrected or {}
    if not changes:
        raise BadInput(
            "Nothing to change: give --note, --on, --amount, --tag, --untag, "
            "--me, --partner or --kind."
        )
    return changes


def _amended_note(
    current: Entry, note: str | None, tags: Sequence[str], untags: Sequence[str]
) -> dict[str, str]:
    """Tags given with -t survive a corrected note; @words follow the note."""
    from trustlog.core.ledger import clean_tag

    from_note = tags_in(current.note)
    added = [t for t in current.tags if t not in from_note] + list(tags)
    new_note = current.note if note is None else note.strip()
    dropped = {clean_tag(t) for t in untags}
    return {
        "note": new_note,
        "tags": " ".join(t for t in tags_in(new_note, added) if t not in dropped),
    }


def edited_amount(kind: str, current: int, amount: int) -> int:
    """Deposits stay deposits: the user types the size, the kind keeps the sign."""
    from trustlog.core.models import ZERO_KINDS

    if kind == "repair":
        raise BadInput("A repair step is a milestone and has no amount to edit.")
    if kind in ZERO_KINDS:  # as import refuses it: the journal's own export must import
        raise BadInput("A check-in note or a day let go has no amount to edit.")
    if not 0 < amount <= MAX_AMOUNT:
        raise BadInput(
            f"--amount is the size, a whole number from 1 to {MAX_AMOUNT:,}; "
            "the entry's kind keeps its sign."
        )
    return amount if current > 0 or current == 0 else -amount


def entries_on(journal: Journal, day: date) -> list[Entry]:
    """What was already logged on `day` (the check-in shows it first)."""
    from trustlog.features.entries import queries

    return queries.log(journal, queries.LogFilter(since=day, until=day))

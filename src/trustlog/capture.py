"""Recording one moment: the hot path behind `trustlog toward …` and friends.

Shared by the Typer commands and the start-up fast path in `main`, so both
ways in behave the same; it imports nothing heavier than sqlite3.
"""

from __future__ import annotations

from collections.abc import Sequence

from trustlog.dates import parse_day
from trustlog.errors import BadInput
from trustlog.ledger import MAX_AMOUNT, amount_for, signed, tags_in
from trustlog.models import By, Entry, NewEntry
from trustlog.state import State


def capture(
    state: State,
    kind: str,
    words: Sequence[str],
    *,
    amount: int | None = None,
    partner: bool = False,
    on: str | None = None,
    tags: Sequence[str] = (),
) -> tuple[Entry, int]:
    """Validate everything first, then write one entry; returns it and the balance."""
    today = state.today()
    day = parse_day(on, today) if on else today
    note = " ".join(words).strip()
    value = amount_for(kind, state.config.weights, amount)
    new = NewEntry(
        kind=kind,
        amount=value,
        on=day,
        by=By.PARTNER.value if partner else By.ME.value,
        note=note,
        tags=tags_in(note, tags),
    )
    journal = state.writable_journal()
    try:
        [entry_id] = journal.add([new])
        return journal.entry(entry_id), journal.balance(today)
    finally:
        journal.close()


def parse_amount(kind: str, text: str | None) -> int:
    """The AMOUNT of a deposit or withdrawal, with a kind word when it is missing.

    The text is never echoed: when the amount is forgotten it is a note word.
    """
    example = f"trustlog {kind} 3 told the truth about the card"
    if text is None:
        raise BadInput(f"`{kind}` needs an amount first, e.g. `{example}`.")
    digits = text[1:] if text.startswith(("-", "+")) else text
    if not (digits.isascii() and digits.isdigit()):
        raise BadInput(f"`{kind}` needs an amount (a whole number) first, e.g. `{example}`.")
    value = int(text)
    if not 0 < value <= MAX_AMOUNT:
        raise BadInput(f"The amount must be a whole number from 1 to {MAX_AMOUNT:,}, not {value}.")
    return value


def capture_line(entry: Entry, balance: int, today_iso: str) -> str:
    """`+1  toward · asked about her day → balance 42`"""
    parts = [f"{signed(entry.amount)}  {entry.kind}"]
    if entry.by == By.PARTNER:
        parts.append(" (partner)")
    if entry.on.isoformat() != today_iso:
        parts.append(f" on {entry.on.isoformat()}")
    if entry.note:
        parts.append(f" · {entry.note}")
    parts.append(f" → balance {balance}")
    return "".join(parts)


def capture_output(entry: Entry, balance: int, today_iso: str, as_json: bool) -> str:
    if as_json:
        import json

        return json.dumps(entry.to_json(), ensure_ascii=False)
    return capture_line(entry, balance, today_iso)

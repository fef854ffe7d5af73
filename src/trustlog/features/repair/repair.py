"""Injuries and their repair: the big withdrawal, the four steps, the long way back.

The steps follow the repair sequence described in "The 80/80 Marriage" (Nate
and Kaley Klemp), which draws on Sue Johnson's work on attachment injuries.
trustlog only keeps the dates; the conversations are the couple's.  A step is
an entry of kind `repair` with amount 0 (a milestone, not money); an agreed
amend is a promise linked to the injury; *the account since* is the net of
what the person who caused it (`by`) did after the injury's day, leaving out
other injuries' own withdrawals, set against the size of the withdrawal.  The
injured partner's own hard moments are theirs, not a debit against the
other's repair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.core.dates import parse_day
from trustlog.core.ledger import tags_in
from trustlog.core.models import CLOSED_STEP, REPAIR_STEPS, By, Kind, NewEntry, Severity
from trustlog.features.promises.promises import (
    Promise,
    add_promise,
    plan_promise,
    promises_of_injury,
)
from trustlog.features.repair import queries
from trustlog.journal import Journal

CLOSED = CLOSED_STEP

#: What each step means, in the words shown by `--help` and the repair view.
STEP_MEANING = {
    "reveal": (
        "the injured partner tells their whole experience — how it felt, what they "
        "thought, what they need now — and is listened to without defence"
    ),
    "acknowledge": (
        "the partner who caused the hurt stays present with the pain, owns it without "
        "excuses, apologises, and mirrors back what they heard"
    ),
    "amends": (
        "together you agree concrete ways to make it right — say a weekly date night, or "
        "more transparency about money — and record each with --amend"
    ),
    "long-game": (
        "trust comes back through months and years of small deposits; mark the day you "
        "both set out on that"
    ),
}
SOURCE = (
    'The four steps follow the repair sequence described in "The 80/80 Marriage" '
    "(Nate and Kaley Klemp), which builds on Sue Johnson's work on attachment injuries. "
    "They are a guide for the conversation, not a cure, and no substitute for a counsellor."
)


# -- recording -------------------------------------------------------------------------

#: Said when `injury` is typed without who caused it: there is no default, so an
#: injured partner who forgets `-p` never reads that she caused her own injury.
WHO_CAUSED_IT = (
    "Who caused it? Add -p (or --by partner) if your partner did, or --me (or --by me) "
    "if you did; nothing was recorded."
)


def who_caused(by: str | None, partner: bool, me: bool) -> str:
    """`me` or `partner` from --by, -p or --me: exactly one of them, no default."""
    chosen = set()
    if by is not None:
        word = by.strip().lower()
        if word not in {member.value for member in By}:
            raise BadInput(f"--by is me or partner, not {by!r}.")
        chosen.add(word)
    if partner:
        chosen.add(By.PARTNER.value)
    if me:
        chosen.add(By.ME.value)
    if not chosen:
        raise BadInput(WHO_CAUSED_IT)
    if len(chosen) > 1:
        raise BadInput("Choose one: it was caused either by you (--me) or by your partner (-p).")
    return chosen.pop()


@dataclass(frozen=True)
class NewInjury:
    text: str
    severity: str
    by: str
    day: date
    amount: int


def plan_injury(
    words: Sequence[str],
    *,
    severity: str | None,
    by: str,
    on: str | None,
    amount: int | None,
    weights: Mapping[str, int],
    today: date,
) -> NewInjury:
    """Check everything typed for an injury before the journal is even opened."""
    if severity is None:
        raise BadInput("--severity is needed: minor, major or severe.")
    severity = severity.strip().lower()
    if severity not in {s.value for s in Severity}:
        raise BadInput(f"--severity is minor, major or severe, not {severity!r}.")
    text = " ".join(words).strip()
    if not text:
        raise BadInput(
            "Say what happened, e.g. `trustlog injury hid the card debt --severity major`."
        )
    if amount is not None and amount <= 0:
        raise BadInput(
            f"--amount is the size of the withdrawal: a positive whole number, not {amount}."
        )
    day = parse_day(on, today) if on else today
    size = amount if amount is not None else abs(weights[severity])
    return NewInjury(text, severity, by, day, -size)


def record_injury(journal: Journal, new: NewInjury) -> tuple[int, int]:
    """Write the injury and its withdrawal in one transaction; returns both ids."""
    with journal.writing() as conn:
        injury_id = queries.insert_injury(
            journal, text=new.text, severity=new.severity, by=new.by, day=new.day
        )
        entry_id = journal.insert_entry(
            conn,
            NewEntry(
                kind=Kind.INJURY.value,
                amount=new.amount,
                on=new.day,
                by=new.by,
                note=new.text,
                tags=tags_in(new.text),
                injury_id=injury_id,
            ),
        )
    return injury_id, entry_id


def _live_injury(journal: Journal, injury_id: int) -> dict[str, Any]:
    row = queries.injury_row(journal, injury_id)
    if row is None:
        raise TrustlogError(f"There is no injury {injury_id} in this journal.")
    if row["entry_id"] is None or row["entry_deleted_at"] is not None:
        hint = f"; `trustlog restore {row['entry_id']}` brings it back" if row["entry_id"] else ""
        raise TrustlogError(f"Injury {injury_id}'s withdrawal was deleted{hint}.")
    return row


def _open_injury(journal: Journal, injury_id: int, day: date) -> dict[str, Any]:
    row = _live_injury(journal, injury_id)
    if row["closed_on"]:
        raise TrustlogError(
            f"The repair of injury {injury_id} was closed on {row['closed_on']}; "
            "nothing more can be added to it."
        )
    if day.isoformat() < row["day"]:
        raise BadInput(
            f"--on {day.isoformat()} is before injury {injury_id} happened ({row['day']}); "
            "repair comes after."
        )
    return row


def record_step(journal: Journal, injury_id: int, step: str, note: str, day: date) -> int:
    """Mark a repair step (or `closed`) reached on `day`; each only once."""
    if step not in (*REPAIR_STEPS, CLOSED):
        raise BadInput(f"--step is one of {', '.join(REPAIR_STEPS)}, not {step!r}.")
    with journal.writing() as conn:
        _open_injury(journal, injury_id, day)
        for done in queries.repair_steps(journal, injury_id):
            if done["step"] == step:
                raise TrustlogError(
                    f"The {step} step of injury {injury_id} was already recorded on "
                    f"{done['day']} (entry {done['id']})."
                )
        entry_id = journal.insert_entry(
            conn,
            NewEntry(
                kind=Kind.REPAIR.value,
                amount=0,
                on=day,
                note=note,
                tags=tags_in(note),
                injury_id=injury_id,
                step=step,
            ),
        )
    return entry_id


def add_amend(
    journal: Journal,
    injury_id: int,
    words: Sequence[str],
    *,
    every: str | None,
    due: str | None,
    on: str | None,
    today: date,
) -> Promise:
    """An agreed amend: a promise linked to the injury, made by whoever caused it."""
    row = _live_injury(journal, injury_id)
    new = plan_promise(
        words, today=today, due=due, every=every, on=on, injury_id=injury_id, by=row["by"]
    )
    _open_injury(journal, injury_id, new.made_on)
    return add_promise(journal, new, today)


# -- reading ---------------------------------------------------------------------------


def repair_view(journal: Journal, injury_id: int, as_of: date) -> dict[str, Any]:
    """The Repair JSON: the injury, its steps with dates, its amends and the recovery."""
    return _view(journal, _live_injury(journal, injury_id), as_of)


def open_repairs(
    journal: Journal, as_of: date, *, closed_too: bool = False
) -> list[dict[str, Any]]:
    """Repairs not yet closed (or every one, closed too), oldest injury first."""
    rows = queries.injury_rows(journal, as_of, closed_too=closed_too)
    return [_view(journal, row, as_of) for row in rows]


def _steps_reached(
    reached: Sequence[Mapping[str, Any]], as_of: date
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Each step's first day reached up to `as_of`, and the note written then."""
    steps: dict[str, str | None] = dict.fromkeys(REPAIR_STEPS)
    notes: dict[str, str | None] = dict.fromkeys(REPAIR_STEPS)
    for done in reached:
        step = done["step"]
        if step in steps and steps[step] is None and done["day"] <= as_of.isoformat():
            steps[step] = done["day"]
            notes[step] = done["note"] or None
    return steps, notes


def _closing_note(reached: Sequence[Mapping[str, Any]], closed_on: str | None) -> str | None:
    """The words written at `repair --close`, shown with the closing day (None: none)."""
    if closed_on is None:
        return None
    return next((done["note"] or None for done in reached if done["step"] == CLOSED), None)


def _view(journal: Journal, row: Mapping[str, Any], as_of: date) -> dict[str, Any]:
    reached = queries.repair_steps(journal, row["id"])
    steps, notes = _steps_reached(reached, as_of)
    closed_on = (
        row["closed_on"] if row["closed_on"] and row["closed_on"] <= as_of.isoformat() else None
    )
    size = -int(row["amount"])
    day = date.fromisoformat(row["day"])
    recovered = queries.account_since(journal, row["by"], day, as_of)
    amends = promises_of_injury(journal, row["id"], as_of)
    return {
        "injury_id": row["id"],
        "uuid": row["uuid"],
        "text": row["text"],
        "severity": row["severity"],
        "amount": int(row["amount"]),
        "on": row["day"],
        "by": row["by"],
        "entry_id": row["entry_id"],
        "steps": steps,
        "steps_done": sum(value is not None for value in steps.values()),
        "step_notes": notes,
        "amends": [promise.to_json() for promise in amends],
        "amends_kept": sum(promise.kept for promise in amends),
        "amends_resolved": sum(promise.kept + promise.broken for promise in amends),
        "recovered": recovered,
        "of": size,
        "recovered_share": min(max(recovered / size, 0.0), 1.0) if size else None,
        "closed": closed_on is not None,
        "closed_on": closed_on,
        "closed_note": _closing_note(reached, closed_on),
        "as_of": as_of.isoformat(),
    }


def next_step(view: Mapping[str, Any]) -> str | None:
    """The first step not yet reached, to suggest gently; None when all are."""
    return next((step for step in REPAIR_STEPS if view["steps"][step] is None), None)


class RepairAction(NamedTuple):
    """What `trustlog repair` was asked to do, checked before the journal is opened."""

    kind: str  # "show", "step", "amend" or "close"
    step: str | None = None


def choose_action(
    injury_id: int | None,
    *,
    step: str | None,
    amend: bool,
    close: bool,
    scheduled: bool,
    has_words: bool,
) -> RepairAction:
    """One of --step, --amend, --close, or none to look; bad combinations are exit 2."""
    given = _options_given(step, amend, close)
    if len(given) > 1:
        raise BadInput(f"Choose one of --step, --amend or --close, not {' and '.join(given)}.")
    if scheduled and not amend:
        raise BadInput("--every and --due describe an amend; use them with --amend.")
    if not given:
        if has_words:
            raise BadInput("To record something, add --step, --amend or --close.")
        return RepairAction("show")
    if injury_id is None:
        raise BadInput(f"Which injury? Give its id before {given[0]} (see `trustlog repair`).")
    return _recording(step, amend, close)


def _options_given(step: str | None, amend: bool, close: bool) -> list[str]:
    """The action options used, in the order the message names them."""
    options = (("--step", step is not None), ("--amend", amend), ("--close", close))
    return [name for name, on in options if on]


def _recording(step: str | None, amend: bool, close: bool) -> RepairAction:
    """The one action given (the combinations are already checked)."""
    if amend:
        return RepairAction("amend")
    if close:
        return RepairAction("close", CLOSED)
    return RepairAction("step", step_name(step or ""))


def step_name(text: str) -> str:
    """`long game`, `Long_Game` and `longgame` all mean the fourth step."""
    name = "-".join(text.lower().replace("_", " ").replace("-", " ").split())
    name = "long-game" if name in ("longgame", "long") else name
    if name not in REPAIR_STEPS:
        raise BadInput(f"--step is one of {', '.join(REPAIR_STEPS)}, not {name!r}.")
    return name

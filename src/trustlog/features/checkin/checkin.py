"""The nightly check-in: walk through the day, then save it all at once.

Answers come from flags, a terminal, or stdin line by line (for scripts);
nothing is written until the last answer is in, and then everything —
entries, promise resolutions and the reviewed mark — goes in one transaction.
Ctrl-C or the end of input before then saves nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from trustlog.app.errors import BadInput, Interrupted, TrustlogError
from trustlog.core.ledger import amount_for, tags_in
from trustlog.core.models import By, Entry, NewEntry
from trustlog.features.checkin import queries
from trustlog.journal import Journal

if TYPE_CHECKING:
    from trustlog.features.promises.promises import Promise

#: (kind, by, question) in the order they are asked; piped answers follow it.
BID_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("toward", "me", "Bids you turned toward {when}"),
    ("away", "me", "Bids you missed or turned away from"),
    ("against", "me", "Bids you met with irritation"),
    ("toward", "partner", "Times your partner turned toward you"),
    ("away", "partner", "Times your partner missed or turned away"),
    ("against", "partner", "Times your partner met you with irritation"),
)
NOTE_QUESTION = "One thing you appreciated {when} (optional)"
OUTCOMES = {
    "k": "kept",
    "kept": "kept",
    "b": "broken",
    "broken": "broken",
    "s": "skip",
    "skip": "skip",
    "": "skip",
}


@dataclass
class Answers:
    """What the user told us; None means "not answered yet, ask"."""

    counts: dict[tuple[str, str], int | None] = field(default_factory=dict)
    notes: dict[tuple[str, str], str] = field(default_factory=dict)
    promises: dict[int, str] = field(default_factory=dict)
    #: The occurrence each promise question named (the oldest still open).
    occurrences: dict[int, date] = field(default_factory=dict)
    note: str | None = None


Ask = Callable[[str], str]


def given_answers(counts: Sequence[int | None], note: str | None) -> Answers:
    """The answers given as flags, the counts in the order of BID_QUESTIONS."""
    keys = [(kind, by) for kind, by, _ in BID_QUESTIONS]
    return Answers(counts=dict(zip(keys, counts, strict=True)), note=note)


def asker(answers: Answers, yes: bool, tty: bool, stream: TextIO, prompt_to: TextIO) -> Ask | None:
    """How to ask the questions left; None asks nothing (unanswered counts as none).

    --yes asks nothing, and neither do flags without a terminal; without
    flags, a script's stdin answers one line per question.
    """
    flags = yes or answers.note is not None or any(v is not None for v in answers.counts.values())
    if yes or (flags and not tty):
        return None
    return line_reader(stream, prompt_to, tty)


def line_reader(stream: TextIO, prompt_to: TextIO, tty: bool) -> Ask:
    """Ask on a terminal with `input()`; otherwise read one line per question.

    The end of input raises EOFError, which the check-in turns into
    "nothing was saved" — it never waits on a closed stdin.
    """

    def ask(question: str) -> str:
        from trustlog.views.visible import visible

        prompt = visible(question)  # a promise's text cannot drive the terminal
        if tty:
            return input(prompt)
        prompt_to.write(prompt)
        prompt_to.flush()
        line = stream.readline()
        if not line:
            prompt_to.write("\n")
            raise EOFError
        prompt_to.write("\n")
        return line.rstrip("\n")

    return ask


def ask_count(ask: Ask, question: str, retry: bool) -> int:
    """A person at a terminal gets asked again; a script gets a clear error."""
    while True:
        answer = ask(f"{question} [0]: ").strip()
        if not answer:
            return 0
        if answer.isdigit() and int(answer) < 1000:
            return int(answer)
        if not retry:
            # The answer is not echoed: a piped line may be private text.
            raise BadInput(f"{question}: expected a number; nothing was saved.")
        print("  Please type a number (or press Enter for none).", file=sys.stderr)


def ask_outcome(ask: Ask, question: str, retry: bool) -> str:
    while True:
        answer = ask(f"{question} [k]ept / [b]roken / [s]kip: ").strip().lower()
        if answer in OUTCOMES:
            return OUTCOMES[answer]
        if not retry:
            raise BadInput("Expected k, b or s for a promise; nothing was saved.")
        print("  Please type k, b or s.", file=sys.stderr)


def gather(
    answers: Answers,
    due: list[tuple[int, str]],
    ask: Ask | None,
    retry: bool = False,
    when: str = "today",
) -> Answers:
    """Fill in every unanswered question (asking, or with defaults when `ask` is None)."""
    try:
        _gather_bids(answers, ask, retry, when)
        _gather_promises(answers, due, ask, retry)
        _gather_note(answers, ask, when)
    except EOFError:
        raise TrustlogError(
            "The input ended before the check-in was finished, so nothing was saved."
        ) from None
    except KeyboardInterrupt:
        raise Interrupted("Check-in interrupted: nothing was saved.") from None
    return answers


def _gather_bids(answers: Answers, ask: Ask | None, retry: bool, when: str) -> None:
    """Each count not given as a flag, and a note for every count above none."""
    for kind, by, question in BID_QUESTIONS:
        key = (kind, by)
        if answers.counts.get(key) is None:
            answers.counts[key] = (
                0 if ask is None else ask_count(ask, question.format(when=when), retry)
            )
        if ask is not None and answers.counts[key] and key not in answers.notes:
            answers.notes[key] = ask("  A note for these? (optional): ").strip()


def _gather_promises(
    answers: Answers, due: list[tuple[int, str]], ask: Ask | None, retry: bool
) -> None:
    """Kept, broken or skipped for each promise due; skipped when nobody is asked."""
    for promise_id, question in due:
        if promise_id not in answers.promises:
            answers.promises[promise_id] = (
                "skip" if ask is None else ask_outcome(ask, question, retry)
            )


def _gather_note(answers: Answers, ask: Ask | None, when: str) -> None:
    if answers.note is None:
        answers.note = "" if ask is None else ask(f"{NOTE_QUESTION.format(when=when)}: ").strip()


def planned_entries(
    journal: Journal,
    answers: Answers,
    day: date,
    today: date,
    weights: Mapping[str, int],
) -> list[NewEntry]:
    """The entries the answers stand for; promise resolutions are checked here."""
    entries: list[NewEntry] = []
    for (kind, by), count in answers.counts.items():
        note = answers.notes.get((kind, by), "")
        for _ in range(count or 0):
            entries.append(
                NewEntry(
                    kind=kind,
                    amount=amount_for(kind, weights),
                    on=day,
                    by=By(by).value,
                    note=note,
                    tags=tags_in(note),
                )
            )
    from trustlog.features.promises.promises import resolution_entry

    for promise_id, outcome in answers.promises.items():
        if outcome != "skip":
            named = answers.occurrences.get(promise_id)
            entries.append(
                resolution_entry(journal, promise_id, outcome, day, "", weights, today, named)
            )
    return entries


def save(
    journal: Journal, plan: Callable[[Journal], list[NewEntry]], day: date, note: str
) -> list[Entry]:
    """Check and write in one transaction: the day is reviewed only if all of it is saved."""
    with journal.writing() as conn:
        ids = [journal.insert_entry(conn, entry) for entry in plan(journal)]
        queries.insert_checkin(journal, conn, day, note)
    return [journal.entry(entry_id) for entry_id in ids]


@dataclass
class DayBefore:
    """What the journal already holds for the day being checked in."""

    logged: list[Entry]
    due: list[Promise]
    reviewed: bool


def look(journal: Journal, day: date) -> DayBefore:
    from trustlog.features.entries.entries import entries_on
    from trustlog.features.promises.promises import due_promises

    logged = entries_on(journal, day)
    return DayBefore(logged, due_promises(journal, day), queries.reviewed(journal, day))


def day_of(on: str | None, today: date) -> date:
    """The day checked in for: --on, or today."""
    from trustlog.core.dates import parse_day

    return parse_day(on, today) if on else today


def complete(
    answers: Answers,
    before: DayBefore,
    questions: list[tuple[int, str]],
    ask: Ask | None,
    *,
    retry: bool,
    day: date,
    today: date,
) -> Answers:
    """Name each due promise's occurrence, then fill in every unanswered question."""
    answers.occurrences = {p.id: p.next_due for p in before.due if p.next_due is not None}
    when = "today" if day == today else f"on {day:%a %d %b}"
    return gather(answers, questions, ask, retry=retry, when=when)


@dataclass
class Saved:
    """A finished check-in: what was written, and the balance after it."""

    day: date
    entries: list[Entry]
    balance: int
    note: str

    @property
    def net(self) -> int:
        return sum(entry.amount for entry in self.entries)

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "reviewed": True,
            "entries": [entry.to_json() for entry in self.entries],
            "net": self.net,
            "balance": self.balance,
            "note": self.note,
        }


def save_day(
    journal: Journal, answers: Answers, day: date, today: date, weights: Mapping[str, int]
) -> Saved:
    """Plan and write the whole check-in in one transaction."""

    def plan(open_journal: Journal) -> list[NewEntry]:
        return planned_entries(open_journal, answers, day, today, weights)

    saved = save(journal, plan, day, answers.note or "")
    return Saved(day, saved, journal.balance(today), answers.note or "")

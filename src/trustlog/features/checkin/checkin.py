"""The nightly check-in: walk through the day, then save it all at once.

Answers come from flags, a terminal, or stdin line by line (for scripts);
nothing is written until the last answer is in, and then everything —
entries, promise resolutions and the reviewed mark — goes in one transaction.
Ctrl-C or the end of input before then saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from trustlog.app.errors import Interrupted, TrustlogError
from trustlog.core.ledger import amount_for, tags_in
from trustlog.core.models import By, Entry, Kind, NewEntry
from trustlog.features.checkin import queries
from trustlog.features.checkin.asking import Ask, ask_count, ask_earlier, ask_outcome, line_reader
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
NOTE_QUESTION = "A note for {when}, if you like"


@dataclass
class Answers:
    """What the user told us; None means "not answered yet, ask"."""

    counts: dict[tuple[str, str], int | None] = field(default_factory=dict)
    notes: dict[tuple[str, str], str] = field(default_factory=dict)
    promises: dict[int, str] = field(default_factory=dict)
    #: The occurrence each promise question named (today's, or the most recent due).
    occurrences: dict[int, date] = field(default_factory=dict)
    #: Older unmarked occurrences of each promise, and what to do with them
    #: ("broken", "excused" or "skip"): one question for all of them.
    earlier: dict[int, list[date]] = field(default_factory=dict)
    earlier_outcome: dict[int, str] = field(default_factory=dict)
    note: str | None = None


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


def gather(
    answers: Answers,
    due: list[tuple[int, str, str]],
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
    answers: Answers, due: list[tuple[int, str, str]], ask: Ask | None, retry: bool
) -> None:
    """Kept, broken or skipped for each promise due, then its earlier days in one question.

    Nobody asked (flags, --yes) skips both: nothing is marked without an answer.
    """
    for promise_id, question, earlier_question in due:
        if promise_id not in answers.promises:
            answers.promises[promise_id] = (
                "skip" if ask is None else ask_outcome(ask, question, retry)
            )
        if earlier_question and promise_id not in answers.earlier_outcome:
            answers.earlier_outcome[promise_id] = (
                "skip" if ask is None else ask_earlier(ask, earlier_question, retry)
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
        for nth in range(count or 0):
            # A note for a count is written once, on the first of its entries.
            said = note if nth == 0 else ""
            entries.append(
                NewEntry(
                    kind=kind,
                    amount=amount_for(kind, weights),
                    on=day,
                    by=By(by).value,
                    note=said,
                    tags=tags_in(said),
                )
            )
    entries.extend(_promise_entries(journal, answers, day, today, weights))
    if answers.note:
        # The day's note is one entry of its own, found by `log` and `search`.
        entries.append(
            NewEntry(
                kind=Kind.NOTE.value,
                amount=0,
                on=day,
                note=answers.note,
                tags=tags_in(answers.note),
            )
        )
    return entries


def _promise_entries(
    journal: Journal, answers: Answers, day: date, today: date, weights: Mapping[str, int]
) -> list[NewEntry]:
    """Each answered promise's occurrence, then its earlier days missed or let go."""
    from trustlog.features.promises.promises import excused_entries, resolution_entry

    entries = []
    for promise_id, outcome in answers.promises.items():
        if outcome != "skip":
            named = answers.occurrences.get(promise_id)
            entries.append(
                resolution_entry(journal, promise_id, outcome, day, "", weights, today, named)
            )
    for promise_id, outcome in answers.earlier_outcome.items():
        days = answers.earlier.get(promise_id, [])
        if outcome == "excused":
            entries.extend(excused_entries(journal, promise_id, days, day))
        elif outcome == "broken":
            entries.extend(
                resolution_entry(journal, promise_id, "broken", missed, "", weights, today, missed)
                for missed in days
            )
    return entries


def save(
    journal: Journal, plan: Callable[[Journal], list[NewEntry]], day: date, note: str
) -> list[Entry]:
    """Check and write in one transaction: the day is reviewed only if all of it is saved.

    The check-in and its entries share one `recorded_at`, which is how `undo`
    finds the whole check-in to take back.
    """
    from trustlog.features.promises.promises import settle_promises

    moment = journal.stamp()
    with journal.writing() as conn:
        planned = [entry._replace(recorded_at=moment) for entry in plan(journal)]
        ids = [journal.insert_entry(conn, entry) for entry in planned]
        settle_promises(journal, {e.promise_id for e in planned if e.promise_id is not None})
        queries.insert_checkin(conn, day, note, moment)
    return [journal.entry(entry_id) for entry_id in ids]


@dataclass
class DayBefore:
    """What the journal already holds for the day being checked in."""

    logged: list[Entry]
    due: list[Promise]
    reviewed: bool
    #: Each due promise's unmarked occurrences up to the day, oldest first.
    unmarked: dict[int, list[date]] = field(default_factory=dict)


def look(journal: Journal, day: date) -> DayBefore:
    from trustlog.features.entries.entries import entries_on
    from trustlog.features.promises.promises import due_promises, open_occurrences

    logged = entries_on(journal, day)
    due = due_promises(journal, day)
    unmarked = {p.id: open_occurrences(journal, p.id, day) for p in due}
    return DayBefore(logged, due, queries.reviewed(journal, day), unmarked)


def is_reviewed(journal: Journal, day: date) -> bool:
    """A check-in was saved for `day`."""
    return queries.reviewed(journal, day)


def due_count(journal: Journal, day: date) -> int:
    """How many promises are due on `day` (the detailed reminder's only detail)."""
    from trustlog.features.promises.promises import due_promises

    return len(due_promises(journal, day))


def day_of(on: str | None, today: date) -> date:
    """The day checked in for: --on, or today."""
    from trustlog.core.dates import parse_day

    return parse_day(on, today) if on else today


def complete(
    answers: Answers,
    before: DayBefore,
    questions: list[tuple[int, str, str]],
    ask: Ask | None,
    *,
    retry: bool,
    day: date,
    today: date,
) -> Answers:
    """Name each due promise's occurrence, then fill in every unanswered question.

    The question is about the most recent unmarked occurrence (today's when
    it falls today); the older ones are gathered into one question.
    """
    for promise_id, days in before.unmarked.items():
        if days:
            answers.occurrences[promise_id] = days[-1]
            answers.earlier[promise_id] = days[:-1]
    when = "today" if day == today else f"{day:%a %d %b}"
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

    saved = save(journal, plan, day, "")
    return Saved(day, saved, journal.balance(today), answers.note or "")

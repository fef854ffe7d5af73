"""Words that hurt, kept out of every message; and the kinder forms that replace them.

trustlog's users are often hurting. The deny list is short on purpose: each
phrase is one that trustlog itself once printed or that the spec's "Tone and
care" section rules out, so a test over every user-facing string can hold
the line without banning ordinary words.
"""

from __future__ import annotations

DENY_LIST: tuple[str, ...] = (
    # A count of misses piling up like a debt ("overdue ×9"); the spec's kinder
    # form is "missed 9 days — mark them or let them go".
    "overdue ×",
    # "Writing it down honestly is how it gets mended": implies the writer was
    # not honest, and lectures someone who just owned a broken promise.
    "honestly is how",
    # Blame aimed at the person at the keyboard. ("failed" alone is kept for
    # machines: "the write failed" blames no one.)
    "you failed",
    "your fault",
    "you should have",
    # The divorce figure shown next to someone's own numbers reads as a
    # verdict on their marriage; `help research` names the study without it.
    "divorced",
    # A streak frames a missed day as a loss ("lost your streak"), and broken
    # streaks lower later engagement (Silverman & Barasch 2023).
    "your streak",
    # The balance is a mirror, not a score to hold over anyone.
    "your score",
)


def denied_phrases(text: str) -> list[str]:
    """The deny-list phrases found in `text`, ignoring case; empty when it is kind."""
    folded = text.casefold()
    return [phrase for phrase in DENY_LIST if phrase.casefold() in folded]


def missed_days_phrase(n: int) -> str:
    """A promise's unmarked days with both ways out: `missed 5 days — mark them or let them go`."""
    if n < 1:
        raise ValueError(f"a missed-days phrase needs at least one day, got {n}")
    if n == 1:
        return "missed 1 day — mark it or let it go"
    return f"missed {n} days — mark them or let them go"


def days_kept_phrase(kept: int, window: int = 28) -> str:
    """The home screen's line for days kept: `kept 24 of the last 28 days`.

    None kept reads as a welcome, not a zero: a person coming back after a
    hard month should meet an open door.
    """
    if window < 1 or not 0 <= kept <= window:
        raise ValueError(f"need 0 <= kept <= window and window >= 1, got {kept} of {window}")
    span = "the last day" if window == 1 else f"the last {window} days"
    if kept == 0:
        return f"nothing logged in {span} — today is a good day to start"
    if window == 1:
        return "kept the last day"
    return f"kept {kept} of {span}"


#: The one quiet line after a major or severe injury is recorded (never a minor
#: one, and never a guess from the note's words: trustlog does not read notes
#: for danger). `trustlog help safety` has the rest.
SAFETY_LINE = (
    "If you feel unsafe with your partner, reach out to your local emergency number or a "
    "domestic-abuse service; repair is for when both of you are safe "
    "(`trustlog help safety` says more)."
)
#: The severities that bring the safety line.
SAFETY_SEVERITIES = frozenset({"major", "severe"})

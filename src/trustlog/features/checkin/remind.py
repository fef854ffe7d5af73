"""What `remind` says and where it goes: a notification first, a printed line as the fallback.

The reminder is the one thing the nightly schedule runs, usually from cron or
a systemd timer, with nobody watching. So it never fails loudly: a missing
or hung notifier only means the line is printed instead, which a
mail-delivering cron still carries to the person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trustlog.app.errors import BadInput
from trustlog.features.checkin.notify import DISCREET_REMINDER, notify


def mode_of(notify_only: bool, print_only: bool) -> str:
    """The delivery the flags ask for: "auto" notifies, and prints only if it could not."""
    if notify_only and print_only:
        raise BadInput("Choose --notify or --print, not both.")
    return "notify" if notify_only else "print" if print_only else "auto"


def detailed_by_config(raw: Mapping[str, Any]) -> bool:
    """`remind.detailed = true` in the config asks for the count of promises due."""
    table = raw.get("remind")
    return isinstance(table, Mapping) and table.get("detailed") is True


def reminder_text(due: int | None, journal_option: str = "") -> str:
    """The discreet line; the count of promises due only when `due` is given.

    `journal_option` is the `--db PATH` the schedule named the journal with,
    so the command shown checks in that journal and not the default one.
    """
    text = DISCREET_REMINDER
    if journal_option:
        text = text.replace("(trustlog ", f"(trustlog {journal_option} ")
    if due is None:
        return text
    if due == 0:
        return f"{text} — no promises due"
    promises = "promise" if due == 1 else "promises"
    return f"{text} — {due} {promises} due"


@dataclass(frozen=True)
class Delivery:
    """What happened: whether a notification was shown and whether to print the line."""

    shown: bool
    printed: bool


def deliver(text: str, mode: str, env: Mapping[str, str]) -> Delivery:
    """Notify where the mode allows; print when asked, or when nothing could be shown."""
    shown = mode != "print" and notify("trustlog", text, env)
    printed = mode == "print" or (mode == "auto" and not shown)
    return Delivery(shown, printed)

"""Where the nightly reminder is scheduled: a systemd user timer, else a cron line.

A timer is preferred where the user's systemd answers, because it runs
inside the session (so the notification finds the desktop) and
`Persistent=true` brings a reminder missed while the laptop slept. Cron is
the fallback everywhere else. `show` and `remove` look in both places, so a
user who moved from one to the other is never left with two reminders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.features.checkin import cron, schedule

SYSTEMD, CRON = "systemd", "cron"


@dataclass(frozen=True)
class Installed:
    """Where the reminder now lives and what was written there."""

    via: str
    where: str
    detail: str
    #: What could not be done on the way, said after the rest.
    note: str | None = None


def choose(env: Mapping[str, str], systemd: bool, use_cron: bool) -> str:
    """The scheduler asked for, or the best one this machine has."""
    if systemd and use_cron:
        raise BadInput("Choose --systemd or --cron, not both.")
    if use_cron:
        return CRON
    if schedule.systemd_available(env):
        return SYSTEMD
    if systemd:
        raise TrustlogError(
            "`systemctl --user` does not answer here, so there is no user timer to install; "
            "`trustlog schedule install --cron` uses your crontab instead."
        )
    return CRON


def install(env: Mapping[str, str], journal: Path, at: str, via: str) -> Installed:
    """Install the reminder; the other scheduler's copy is removed so it never comes twice."""
    schedule.parse_at(at)
    if via == SYSTEMD:
        files = schedule.unit_files(cron.trustlog_command(), journal, at)
        timer = schedule.install_timer(files, env)
        _quietly_remove_cron(env)
        return Installed(SYSTEMD, str(timer), files[schedule.TIMER])
    line = cron.cron_line(at, journal, notify=False)
    cron.install(env, line)
    note = None
    if schedule.timer_installed(env) is not None:
        note = schedule.remove_timer(env)
    return Installed(CRON, "your crontab", line, note)


def _quietly_remove_cron(env: Mapping[str, str]) -> None:
    """An old cron line goes once the timer is in; no crontab program is no problem."""
    if cron.installed_program(env) is not None:
        cron.remove(env)


def show(env: Mapping[str, str]) -> list[Installed]:
    """Every place a trustlog reminder is scheduled (normally one, or none)."""
    found = []
    timer = schedule.timer_installed(env)
    if timer is not None:
        found.append(Installed(SYSTEMD, str(timer), timer.read_text(encoding="utf-8")))
    if cron.installed_program(env) is not None:
        line = cron.show(env)
        if line:
            found.append(Installed(CRON, "your crontab", line))
    return found


def remove(env: Mapping[str, str]) -> tuple[list[str], str | None]:
    """Remove the reminder wherever it is: the places it was removed from, and a
    line about what systemd could not be told, if anything."""
    removed, note = [], None
    if schedule.timer_installed(env) is not None:
        note = schedule.remove_timer(env)
        removed.append(SYSTEMD)
    if cron.installed_program(env) is not None and cron.remove(env):
        removed.append(CRON)
    return removed, note

"""A systemd user timer for the nightly reminder.

Where the user's systemd runs, a timer beats a cron line: `Persistent=true`
brings a reminder missed while the laptop slept as soon as it wakes, and the
service runs inside the user's session, with its bus, so a notification can
be shown.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.features.checkin.notify import run_bounded
from trustlog.journal.private import write_private

SERVICE = "trustlog-remind.service"
TIMER = "trustlog-remind.timer"

#: `systemctl --user` must answer within this long to count as working.
PROBE_LIMIT = 3.0
#: daemon-reload and enable may take a moment on a busy session; never forever.
COMMAND_LIMIT = 30.0

_AT = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_BARE = re.compile(r"[A-Za-z0-9_@+=:,./-]+")


def parse_at(text: str) -> tuple[int, int]:
    """Hours and minutes from `HH:MM` (24-hour)."""
    match = _AT.fullmatch(text.strip())
    if match is None:
        raise BadInput(f"--at wants a time like 21:30, not {text!r}.")
    return int(match[1]), int(match[2])


def _exec_word(word: str) -> str:
    """One argument as systemd's ExecStart= reads it back unchanged.

    systemd expands `%` specifiers and `$VARIABLES` and unescapes C-style
    inside quotes, so a journal path like `~/100% me/$x.db` needs all three.
    """
    if _BARE.fullmatch(word):
        return word
    escaped = []
    for char in word:
        if char in '\\"':
            escaped.append("\\" + char)
        elif char in "%$":
            escaped.append(char * 2)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\x{ord(char):02x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def unit_files(trustlog_argv: Sequence[str], journal: Path, at: str) -> dict[str, str]:
    """The service that runs `trustlog --db JOURNAL remind` and the timer that starts it."""
    hours, minutes = parse_at(at)
    command = [*trustlog_argv, "--db", str(journal.expanduser().absolute()), "remind"]
    if not Path(command[0]).is_absolute():
        raise BadInput(f"The timer needs trustlog's absolute path, not {command[0]!r}.")
    exec_start = " ".join(_exec_word(word) for word in command)
    service = (
        "[Unit]\n"
        "Description=trustlog: tonight's check-in reminder\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_start}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=trustlog: the evening check-in reminder at {hours:02d}:{minutes:02d}\n\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {hours:02d}:{minutes:02d}:00\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {SERVICE: service, TIMER: timer}


def unit_folder(env: Mapping[str, str]) -> Path:
    """`$XDG_CONFIG_HOME/systemd/user`, where the user's systemd looks for units."""
    config = env.get("XDG_CONFIG_HOME") or ""
    base = Path(config) if config else Path(env.get("HOME") or Path.home()) / ".config"
    return base / "systemd" / "user"


def _systemctl_program(env: Mapping[str, str]) -> str | None:
    return shutil.which("systemctl", path=env.get("PATH", os.defpath))


def systemd_available(env: Mapping[str, str]) -> bool:
    """True when the user's systemd answers `systemctl --user` within 3 seconds.

    `show-environment` rather than `is-system-running`: the latter exits 1 on a
    "degraded" session, where timers work perfectly well.
    """
    program = _systemctl_program(env)
    if program is None:
        return False
    result = run_bounded([program, "--user", "show-environment"], env, PROBE_LIMIT)
    return result is not None and result[0] == 0


def _systemctl(env: Mapping[str, str], *args: str) -> None:
    program = _systemctl_program(env)
    shown = " ".join(("systemctl", "--user", *args))
    if program is None:
        raise TrustlogError(f"There is no `systemctl` here, so `{shown}` could not run.")
    result = run_bounded([program, "--user", *args], env, COMMAND_LIMIT, keep_stderr=True)
    if result is None:
        raise TrustlogError(f"`{shown}` did not finish within {COMMAND_LIMIT:.0f} seconds.")
    code, err = result
    if code != 0:
        reason = next((line.strip() for line in err.splitlines() if line.strip()), f"exit {code}")
        raise TrustlogError(f"`{shown}` failed: {reason}")


def install_timer(files: Mapping[str, str], env: Mapping[str, str]) -> Path:
    """Write the units (0600: only the user's own systemd reads them) and start the timer.

    Returns the timer's path. When systemd refuses, the units are taken away
    again so nothing half-installed is left behind.
    """
    folder = unit_folder(env)
    before = {name: _read(folder / name) for name in files}  # a reminder already there
    written = []
    try:
        for name, text in files.items():
            write_private(folder / name, text.encode())
            written.append(folder / name)
        _systemctl(env, "daemon-reload")
        _systemctl(env, "enable", "--now", TIMER)
    except OSError as error:
        _put_back(written, before)
        raise TrustlogError(f"Could not write the timer into {folder}: {error.strerror}.") from None
    except TrustlogError as error:
        _put_back(written, before)
        if before[TIMER] is None:
            raise
        # A review: the working reminder went with the refused new one.
        with suppress(TrustlogError):
            _systemctl(env, "daemon-reload")  # systemd reads the old units again
        raise TrustlogError(f"{error.message}; the reminder you had is kept.") from None
    return folder / TIMER


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _put_back(written: Sequence[Path], before: Mapping[str, bytes | None]) -> None:
    """Units written by a refused install go; ones that were there before come back."""
    for path in written:
        old = before.get(path.name)
        if old is None:
            path.unlink(missing_ok=True)
        else:
            write_private(path, old)


def _forget(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def timer_installed(env: Mapping[str, str]) -> Path | None:
    """The installed timer's path, or None."""
    timer = unit_folder(env) / TIMER
    return timer if timer.exists() else None


def remove_timer(env: Mapping[str, str]) -> str | None:
    """Stop and disable the timer, delete both units (and the link that enables it),
    and tell systemd.

    A `systemctl --user` that cannot be reached (over ssh, on a console) must not
    leave a timer behind that comes back at the next login: the files go
    whatever systemd says.  Returns the one line to say, or None when systemd
    was told too.
    """
    folder = unit_folder(env)
    untold: TrustlogError | None = None
    try:
        _systemctl(env, "disable", "--now", TIMER)
    except TrustlogError as error:
        untold = error
    _forget([folder / "timers.target.wants" / TIMER, folder / TIMER, folder / SERVICE])
    if untold is None:
        try:
            _systemctl(env, "daemon-reload")
        except TrustlogError as error:
            untold = error
    if untold is None:
        return None
    return (
        f"The timer's files are gone, but systemd could not be told ({untold.message}); a "
        "timer already running stops at your next login or `systemctl --user daemon-reload`."
    )

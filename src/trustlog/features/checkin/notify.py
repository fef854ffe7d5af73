"""A desktop notification that reaches the person even from cron or a timer.

Cron and systemd start `remind` without the desktop's environment, so the
session bus is found the way the desktop itself publishes it. A notifier that
is missing, hung or failing is never an error: the caller prints the line
instead, and nothing here writes to stderr.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path

#: What a shared screen may show: no counts, names or notes.
DISCREET_REMINDER = "Time for tonight's check-in (trustlog checkin)"

#: A notifier gets this long before it and all it started are killed.
NOTIFY_LIMIT = 5.0

# Bytes D-Bus lets stand unescaped in an address value; the rest are %XX.
_ADDRESS_SAFE = frozenset(b"-_/.*0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _address(socket_path: Path) -> str:
    raw = os.fsencode(socket_path)
    value = "".join(chr(byte) if byte in _ADDRESS_SAFE else f"%{byte:02x}" for byte in raw)
    return f"unix:path={value}"


def session_bus(env: Mapping[str, str], uid: int) -> str | None:
    """The user's session bus address, even from cron's nearly empty environment."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR", "")
    candidates = [Path(runtime) / "bus"] if runtime else []
    candidates.append(Path("/run/user") / str(uid) / "bus")
    for candidate in candidates:
        with suppress(OSError):
            if candidate.is_socket():
                return _address(candidate)
    return None


def run_bounded(
    argv: Sequence[str], env: Mapping[str, str], limit: float, *, keep_stderr: bool = False
) -> tuple[int, str] | None:
    """Run a helper for at most `limit` seconds: (exit code, stderr), or None.

    None means it could not start or ran out of time; then its whole process
    group is killed, so a helper's own children cannot linger either.
    """
    try:
        child = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE if keep_stderr else subprocess.DEVNULL,
            env=dict(env),
            text=True,
            start_new_session=True,
        )
    except OSError:
        return None
    try:
        _, err = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        if child.stderr is not None:
            child.stderr.close()
        return None
    return child.returncode, err or ""


def notify(title: str, body: str, env: Mapping[str, str]) -> bool:
    """Show a desktop notification; True only when `notify-send` said it was shown.

    The text goes on the command line, so callers pass only our fixed,
    discreet words, never a note.
    """
    program = shutil.which("notify-send", path=env.get("PATH", os.defpath))
    bus = session_bus(env, os.getuid())
    if program is None or bus is None:
        return False
    child_env = {**env, "DBUS_SESSION_BUS_ADDRESS": bus}
    result = run_bounded([program, "--app-name=trustlog", title, body], child_env, NOTIFY_LIMIT)
    return result is not None and result[0] == 0

"""One marked line in the user's crontab that runs `trustlog remind` each evening.

We edit the table as text on purpose: we own exactly one line, found by its
marker, and every other line, comment and variable must come back byte for
byte.  (python-crontab re-renders the whole table and fixes the crontab
program's path at import time, which is more than this needs.)
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from trustlog.app.errors import TrustlogError
from trustlog.features.checkin.schedule import parse_at

MARK = "# trustlog-remind"
DEFAULT_AT = "21:30"


def trustlog_command() -> list[str]:
    """This installation's trustlog, by absolute path (cron has no PATH of ours)."""
    script = Path(sys.executable).with_name("trustlog")
    if script.exists():
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "trustlog"]


def cron_line(at: str, journal: Path, notify: bool) -> str:
    hours, minutes = parse_at(at)
    command = [*trustlog_command(), "--db", str(journal.expanduser().absolute()), "remind"]
    if notify:
        command.append("--notify")
    # cron turns a bare % into a newline, so a path holding one must escape it.
    line = shlex.join(command).replace("%", "\\%")
    return f"{minutes} {hours} * * * {line}  {MARK}"


def installed_program(env: Mapping[str, str]) -> str | None:
    """The `crontab` program, or None where there is none."""
    return _program(env)


def _program(env: Mapping[str, str]) -> str | None:
    return shutil.which("crontab", path=env.get("PATH"))


def _read(program: str, env: Mapping[str, str]) -> list[str]:
    result = subprocess.run([program, "-l"], capture_output=True, check=False, env=dict(env))
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip()
        if "no crontab" in error.lower():
            return []
        raise TrustlogError(f"`crontab -l` failed: {error or result.returncode}.")
    try:
        return result.stdout.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise TrustlogError(
            "Your crontab is not UTF-8 text, so trustlog left it exactly as it is; "
            "add the reminder line by hand with `crontab -e`."
        ) from None


def ours(line: str) -> bool:
    """Our line ends with the marker; a commented-out copy of it is the user's, not ours."""
    text = line.strip()
    return text.endswith(MARK) and not text.startswith("#")


def _write(program: str, lines: list[str], env: Mapping[str, str]) -> None:
    text = "".join(f"{line}\n" for line in lines)
    result = subprocess.run(
        [program, "-"], input=text, capture_output=True, text=True, check=False, env=dict(env)
    )
    if result.returncode != 0:
        raise TrustlogError(
            f"`crontab` refused the new table ({result.stderr.strip() or result.returncode}); "
            "your crontab was not changed."
        )


def _require(env: Mapping[str, str], line: str | None = None) -> str:
    program = _program(env)
    if program is None:
        hint = f" Add this line by hand with `crontab -e`:\n{line}" if line else ""
        raise TrustlogError(f"There is no `crontab` program on this machine.{hint}")
    return program


def install(env: Mapping[str, str], line: str) -> bool:
    """Add or replace our line; True when one was replaced."""
    program = _require(env, line)
    lines = _read(program, env)
    kept = [existing for existing in lines if not ours(existing)]
    _write(program, [*kept, line], env)
    return len(kept) != len(lines)


def show(env: Mapping[str, str]) -> str | None:
    program = _require(env)
    return next((line for line in _read(program, env) if ours(line)), None)


def remove(env: Mapping[str, str]) -> bool:
    program = _require(env)
    lines = _read(program, env)
    kept = [line for line in lines if not ours(line)]
    if len(kept) == len(lines):
        return False
    _write(program, kept, env)
    return True

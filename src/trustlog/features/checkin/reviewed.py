"""The reviewed-date marker: one line the shell hook can read without Python.

A check-in (and a capture after the hour) writes today's date here; the hook
compares it with `date +%F` at the prompt. It holds a date and nothing else,
yet stays private like every trustlog file, because even "used trustlog
today" is nobody else's business.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from datetime import date
from pathlib import Path


def marker_path(env: Mapping[str, str]) -> Path:
    """`$XDG_STATE_HOME/trustlog/reviewed`, as the shell hook spells it too."""
    state = env.get("XDG_STATE_HOME") or ""
    base = Path(state) if state else Path(env.get("HOME") or Path.home()) / ".local" / "state"
    return base / "trustlog" / "reviewed"


def private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents as 0700, whatever the umask.

    Folders that already exist are the user's and are left as they are.
    """
    missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    for parent in reversed(missing):
        with suppress(FileExistsError):
            parent.mkdir()
            parent.chmod(0o700)


def write_private(path: Path, text: str) -> None:
    """Replace `path` with `text` at once (temp file + rename), as 0600.

    A reader sees the old text or the new, never half a line. No fsync: a
    marker lost in a crash only means one reminder too many.
    """
    private_folder(path.parent)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


def mark_reviewed(day: date, env: Mapping[str, str]) -> bool:
    """Record `day` as reviewed; False (never an error) when the state folder is unwritable.

    The marker is a convenience for the prompt, so it must never stop a
    check-in that has already been saved.
    """
    path = marker_path(env)
    line = f"{day.isoformat()}\n"
    try:
        if path.read_text(encoding="utf-8") == line:
            return True  # already there: the capture path stays a single read
    except (OSError, UnicodeDecodeError):
        pass
    try:
        write_private(path, line)
    except OSError:
        return False
    return True

"""Temp files that killed writers left beside the files users point trustlog at
(`export -o`, `--svg`, `backup`), found and cleaned: only trustlog's own names
(`.<name>.<pid>.tmp`), only the user's own regular files, and only once their
writer is gone or a day has passed.
"""

from __future__ import annotations

import os
import re
import stat
import time
from contextlib import suppress
from pathlib import Path

#: Leftovers of a writer that is gone, or older than a day whoever wrote them.
STALE_AFTER_SECONDS = 24 * 3600
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.tmp$")
#: What SQLite may leave beside a temp it wrote (a backup filled through the backup API).
SIDE_FILES = ("-journal", "-wal", "-shm")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _stale(temp: Path, pid: int, now: float) -> bool:
    try:
        info = os.lstat(temp)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
        return False
    return not _alive(pid) or now - info.st_mtime > STALE_AFTER_SECONDS


def stale_temps(folder: Path, name: str | None = None) -> list[Path]:
    """Temps of killed writers (of `name`, or of any file) in `folder`, left as they are."""
    found: list[Path] = []
    now = time.time()
    try:
        candidates = list(os.scandir(folder))
    except OSError:
        return found
    for entry in candidates:
        match = TEMP_NAME.match(entry.name)
        if match is None or (name is not None and match["name"] != name):
            continue
        temp = Path(entry.path)
        if _stale(temp, int(match["pid"]), now):
            found.append(temp)
    return found


def clean_stale_temps(folder: Path, name: str | None = None) -> list[Path]:
    """Remove temps of killed writers (of `name`, or of any file) in `folder`; return them."""
    removed = stale_temps(folder, name)
    for temp in removed:
        for leftover in (temp, *(Path(f"{temp}{side}") for side in SIDE_FILES)):
            with suppress(FileNotFoundError):
                leftover.unlink()
    return removed


def remove_temp(temp: Path) -> None:
    for leftover in (temp, *(Path(f"{temp}{side}") for side in SIDE_FILES)):
        with suppress(OSError):
            leftover.unlink()

"""Failures of the machine, not of trustlog: each gets its own plain line, not "unexpected".

`main` asks here before it falls back to "something unexpected went wrong",
which is kept for true bugs.  No message quotes the exception's own text
beyond the file name and the system's short reason: it could hold a note.
"""

from __future__ import annotations

import errno
import sqlite3

from trustlog.app.errors import BadInput, TrustlogError

_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_DENIED = (errno.EACCES, errno.EPERM)


def _where(error: OSError) -> str:
    return f" ({error.filename})" if error.filename else ""


def _os_failure(error: OSError) -> TrustlogError | None:
    where = _where(error)
    if error.errno in _FULL:
        return TrustlogError(f"The disk is full{where}; free some space and try again.")
    if error.errno in _DENIED:
        return TrustlogError(f"Permission denied{where}: trustlog may not use that file or folder.")
    if error.errno == errno.EROFS:
        return TrustlogError(f"That place is on read-only storage{where}; nothing was written.")
    if error.errno == errno.ENAMETOOLONG:
        return BadInput(f"A file name is too long{where}.")
    return None


def _sqlite_failure(error: sqlite3.Error) -> TrustlogError | None:
    text = str(error)
    if "disk is full" in text or ("disk I/O error" in text and "full" in text):
        return TrustlogError(
            "The disk is full, so nothing was saved; free some space and try again."
        )
    if "readonly" in text or "read-only" in text:
        return TrustlogError("The journal is on read-only storage here, so nothing was saved.")
    if "unable to open database file" in text:
        return TrustlogError(
            "The journal could not be opened: its folder may not be reachable or writable."
        )
    return None


def known_failure(error: BaseException) -> TrustlogError | None:
    """The plain line for a failure of the disk or of permissions; None for a true bug."""
    if isinstance(error, OSError):
        return _os_failure(error)
    if isinstance(error, sqlite3.Error):
        return _sqlite_failure(error)
    return None

"""The journal door: the only way into a journal file (see `door.open_journal`)."""

from trustlog.journal.door import (
    Journal,
    LogFilter,
    dict_rows,
    new_uuid,
    open_journal,
    open_other,
)

__all__ = ["Journal", "LogFilter", "dict_rows", "new_uuid", "open_journal", "open_other"]

"""The journal door: the only way into a journal file (see `door.open_journal`)."""

from trustlog.journal.door import Journal, dict_rows, new_uuid, open_journal
from trustlog.journal.other import open_other

__all__ = ["Journal", "dict_rows", "new_uuid", "open_journal", "open_other"]

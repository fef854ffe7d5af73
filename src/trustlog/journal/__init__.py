"""The journal door: the only way into a journal file (see `door.open_journal`)."""

from trustlog.journal.door import Journal, dict_rows, open_journal
from trustlog.journal.ids import new_identity, new_uuid

__all__ = ["Journal", "dict_rows", "new_identity", "new_uuid", "open_journal"]

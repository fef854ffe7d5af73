"""Settings that reach the journal: `config set name` renames its owner too.

The name is written into the journal when it is created, and `compare` and
the Markdown report read it from there; a rename that stayed in the config
file would never show.
"""

from __future__ import annotations

from trustlog.features.settings import queries
from trustlog.journal import Journal


def rename_owner(journal: Journal, name: str) -> None:
    with journal.writing() as conn:
        queries.set_owner_name(conn, name)

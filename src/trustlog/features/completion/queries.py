"""The rows completion offers: injuries and entries, newest first, a screenful at most."""

from __future__ import annotations

from trustlog.journal import Journal

#: More than a screenful of choices helps nobody at a prompt.
MOST = 30


def injuries(journal: Journal) -> list[tuple[int, str, str]]:
    """(id, day, text) of each injury, open repairs first (those without a closing step)."""
    return journal.conn.execute(
        "SELECT i.id, i.day, i.text FROM injuries i ORDER BY EXISTS (SELECT 1 FROM entries e "
        "WHERE e.injury_id = i.id AND e.step = 'closed' AND e.deleted_at IS NULL), i.day DESC "
        "LIMIT ?",
        (MOST,),
    ).fetchall()


def entries(journal: Journal, deleted: bool) -> list[tuple[int, str, str, int, str]]:
    """(id, day, kind, amount, note) of the latest live (or deleted) entries."""
    return journal.conn.execute(
        "SELECT id, day, kind, amount, note FROM entries WHERE (deleted_at IS NOT NULL) = ? "
        "ORDER BY recorded_at DESC, id DESC LIMIT ?",
        (deleted, MOST),
    ).fetchall()

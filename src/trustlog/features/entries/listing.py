"""`log` after its options are read: the same for the Typer command and `main`'s fast path.

No Typer here, so the start-up fast path for read-only commands (`main`)
can show the log without building the Typer app (~25 ms of every run).
"""

from __future__ import annotations

from trustlog.app.state import State
from trustlog.features.entries import queries

#: Entries `log` shows on a screen without --limit (like one page of `git log`).
LOG_PAGE = 50


def show_log(
    state: State,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    tag: str | None = None,
    partner: bool = False,
    me: bool = False,
    limit: int | None = None,
    deleted: bool = False,
    as_json: bool = False,
) -> None:
    """The entries, newest first (`deleted`: the trash), as a screen or as JSON."""
    from trustlog.features.entries.entries import log_filter

    where = log_filter(state.today(), since, until, kind, tag, partner, me, limit)
    where = where._replace(deleted=deleted)
    if as_json:
        _log_json(state, where)
    else:
        _log_screen(state, where)


def _log_json(state: State, where: queries.LogFilter) -> None:
    """One JSON array, written a batch at a time (exactly what `json.dumps` of the
    whole list prints), so a million entries never sit in memory at once."""
    import json
    import sys

    shown = {"deleted_at"} if where.deleted else set()
    separator = ""
    with state.journal() as journal:
        sys.stdout.write("[")
        for batch in queries.log_batches(journal, where):
            for entry in batch:
                item = entry.to_json() | {k: entry.deleted_at for k in shown}
                sys.stdout.write(separator + json.dumps(item, ensure_ascii=False))
                separator = ", "
        sys.stdout.write("]\n")


def _log_screen(state: State, where: queries.LogFilter) -> None:
    """A screen gets a page (with a hint for more); a pipe gets everything, streamed."""
    from trustlog.views import console as render

    out = render.console(state)
    page = out.is_terminal and where.limit is None
    if page:
        where = where._replace(limit=LOG_PAGE + 1)
    nothing = _nothing(where, syncing=bool(state.config.raw.get("sync")))
    with state.journal() as journal:
        if not journal.exists:
            render.empty_state(out, state.journal_path)
            return
        batches = queries.log_batches(journal, where)
        shown = render.entries_stream(out, batches, LOG_PAGE if page else None, nothing)
    if page and shown > LOG_PAGE:
        render.log_page_hint(out, LOG_PAGE)


def _nothing(where: queries.LogFilter, *, syncing: bool) -> str:
    """Why the list is empty: a filter that matched nothing is not an empty journal."""
    if where.deleted:
        return "The trash is empty: no deleted entries."
    if where._replace(limit=None) != queries.LogFilter():
        return "No entries match."
    arriving = " Entries from your other devices arrive with `trustlog sync`." if syncing else ""
    return (
        f"No entries here yet; deleted ones are in the trash (`trustlog log --deleted`).{arriving}"
    )

"""Export and import: the journal as JSON, CSV or a Markdown report, and back.

Import checks every row before it writes any, so a file with one bad row
imports nothing and the message names that row and field (never its text:
a note is private).  Rows are matched by uuid, which makes importing the
same file twice harmless.  Reading and checking the file is `importing`'s
job; this module decides what to do with the checked rows.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from trustlog import importing
from trustlog.errors import BadInput, TrustlogError
from trustlog.import_checks import RowIds, check_entry
from trustlog.merge import added_parts, counted
from trustlog.state import State
from trustlog.store import check_output, now_utc
from trustlog.store import exchange as sql
from trustlog.store.unite import BULK, United, unite

FORMATS = ("json", "csv", "markdown")
CSV_FIELDS = (
    "id", "uuid", "kind", "amount", "by", "on", "note", "tags", "promise_id", "injury_id",
    "promise_uuid", "injury_uuid", "occurrence", "step", "recorded_at", "deleted_at",
    "changed_at",
)  # fmt: skip


# -- export ----------------------------------------------------------------------


def export(
    state: State,
    fmt: str,
    since: date | None,
    until: date | None,
    output: Path | None,
    out: IO[str] | None = None,
) -> Path | None:
    """Write the export to `output` (0600, whole or not at all) or to stdout."""
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}.")
    if output is not None:
        check_output(output, state.journal_path)
    journal = state.readable_journal()
    try:
        conn = journal.conn if journal else None
        if output is None:
            _write(conn, fmt, since, until, out or sys.stdout, state)
            return None
        temp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as error:
            raise TrustlogError(f"Could not write {output}: {error.strerror}.") from None
        try:
            # A byte-order mark tells spreadsheets the CSV is UTF-8; import skips it.
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
                _write(conn, fmt, since, until, handle, state)
            try:
                os.replace(temp, output)
            except OSError as error:
                raise TrustlogError(f"Could not write {output}: {error.strerror}.") from None
        finally:
            temp.unlink(missing_ok=True)
        return output
    finally:
        if journal is not None:
            journal.close()


def _write(
    conn: Any, fmt: str, since: date | None, until: date | None, out: IO[str], state: State
) -> None:
    if fmt == "json":
        _write_json(conn, since, until, out, state.today())
    elif fmt == "csv":
        _write_csv(conn, since, until, out)
    else:
        from trustlog.render_data import markdown_report

        owner = sql.owner(conn) if conn else {}
        until = until or state.today()
        markdown_report(out, conn, owner.get("owner_name", ""), since, until)


def _write_json(
    conn: Any, since: date | None, until: date | None, out: IO[str], today: date
) -> None:
    """One document, written row by row so a big journal never sits in memory."""
    meta = sql.owner(conn) if conn else {}
    head = {
        "trustlog": 1,
        "owner": {
            "uuid": meta.get("owner_uuid"),
            "name": meta.get("owner_name"),
            "created_at": meta.get("created_at"),
        },
        "exported_at": now_utc(),
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "promises": _promises(conn, since, until, today) if conn else [],
        "injuries": sql.injuries(conn, since, until) if conn else [],
        "checkins": sql.checkins(conn, since, until) if conn else [],
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)
    out.write(text[: text.rindex("}")].rstrip() + ',\n "entries": [')
    for number, entry in enumerate(sql.entries(conn, since, until) if conn else []):
        out.write(("," if number else "") + "\n  " + json.dumps(entry, ensure_ascii=False))
    out.write("\n ]\n}\n")


def _promises(conn: Any, since: date | None, until: date | None, today: date) -> list[Any]:
    """The stored promises, each with the Promise shape's status, next due date and
    counts as of today (import ignores them: they follow from the entries)."""
    from trustlog.promises import get_promise
    from trustlog.store import Journal

    journal = Journal(Path(), conn)
    rows = sql.promises(conn, since, until)
    for row in rows:
        view = get_promise(journal, row["id"], today).to_json()
        row.update({key: view[key] for key in ("status", "next_due", "kept", "broken")})
    return rows


def _write_csv(conn: Any, since: date | None, until: date | None, out: IO[str]) -> None:
    import csv

    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for entry in sql.entries(conn, since, until) if conn else []:
        note = entry["note"]
        writer.writerow(
            entry
            | {
                "tags": " ".join(entry["tags"]),
                "note": "'" + note if note.startswith(importing.FORMULA_MARKS) else note,
            }
        )


# -- import ------------------------------------------------------------------------


def import_file(state: State, path: Path, fmt: str | None) -> United:
    """Check the whole file, then add it in one transaction (all rows or none).

    The file is read twice, streaming: once to check every row before the
    journal is touched, once to write; a big import never sits in memory.
    """
    fmt = fmt or _format_from_name(path)
    if fmt not in ("json", "csv"):
        raise BadInput(f"--format: {fmt!r} cannot be imported; use json or csv.")
    label = "line" if fmt == "csv" else "entry"
    today, weights = state.today(), state.config.weights
    checked = importing.check_file(path, fmt, weights, label, today)
    owner = checked.owner.get("uuid")
    existing = state.readable_journal()
    try:
        local_promises = sql.id_to_uuid(existing.conn, "promises") if existing else {}
        local_injuries = sql.id_to_uuid(existing.conn, "injuries") if existing else {}
        if existing is not None and owner is not None:
            _check_owner(existing.conn, owner, path)
    finally:
        if existing is not None:
            existing.close()
    checked.check_links(local_promises, local_injuries, fmt)
    links = {"promise": local_promises, "injury": local_injuries}

    def entries() -> Iterator[dict[str, Any]]:
        ids = RowIds()
        for n, raw in enumerate(importing.items(path, fmt, entries_only=True), 1):
            entry = check_entry(raw, n, weights, label, today, ids)
            for name, local in links.items():
                local_id = entry.pop(f"{name}_id")
                if entry[f"{name}_uuid"] is None and local_id is not None:
                    entry[f"{name}_uuid"] = local[local_id]
            yield entry

    journal = state.writable_journal()
    try:
        with journal.writing() as conn:
            if owner is not None:
                _check_owner(conn, owner, path)
                if sql.is_empty(conn):
                    sql.adopt_owner(conn, owner, checked.owner.get("name"))
            return unite(
                conn,
                checked.injuries,
                checked.promises,
                entries(),
                checked.checkins,
                bulk=checked.count >= BULK,
                journal_resolution_stays=True,
            )
    finally:
        journal.close()


def _check_owner(conn: Any, owner: str, path: Path) -> None:
    """An export of another person's journal is refused, unless this one is empty."""
    if sql.owner(conn).get("owner_uuid") != owner and not sql.is_empty(conn):
        raise TrustlogError(
            f"{path} is an export of another person's journal, so nothing was imported "
            "(that would count shared moments twice); to see both sides together, "
            "use `trustlog compare` with their journal file."
        )


def summary(united: United, path: Path) -> str:
    """`Imported 3 entries, 1 promise from x.json (2 were already in the journal); …`"""
    parts = added_parts(united)
    parts[0] = parts[0] or "0 entries"
    text = f"Imported {', '.join(part for part in parts if part)} from {path.name}"
    added = united.entries + united.repair_steps + united.tombstones + united.added_set_aside
    known = united.seen - added
    if known > 0:
        text += f" ({known} {'was' if known == 1 else 'were'} already in the journal)"
    changes = [
        counted(united.tombstones, "entry kept deleted", "entries kept deleted"),
        counted(united.deleted, "entry marked deleted", "entries marked deleted"),
        counted(united.restored, "entry restored", "entries restored"),
        counted(united.changed, "entry edited", "entries edited"),
        counted(united.dropped, "promise dropped", "promises dropped"),
    ]
    said = ", ".join(part for part in changes if part)
    if said:
        text += f"; {said}, as in the file"
    if united.superseded:
        n = united.superseded
        text += (
            f"; {n} {'entry' if n == 1 else 'entries'} from the file resolved a promise "
            "occurrence your journal had already resolved, so "
            f"{'it was' if n == 1 else 'they were'} set aside and yours stayed"
        )
    return text + "."


def _format_from_name(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("json", "csv"):
        return suffix
    raise BadInput(f"Cannot tell the format of {path.name}; add --format json or --format csv.")

"""Export and import: the journal as JSON, CSV or a Markdown report, and back.

Import checks every row in the one transaction that writes them, so a file
with one bad row imports nothing and the message names that row and field
(never its text: a note is private).  Rows are matched by uuid, which makes importing the
same file twice harmless.  Reading and checking the file is `importing`'s
job; this module decides what to do with the checked rows.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.features.exchange import importing, onepass, queries
from trustlog.features.exchange.merge import added_parts, counted
from trustlog.features.exchange.queries.unite import United, unite
from trustlog.journal import Journal
from trustlog.journal.outputs import OutputTarget

FORMATS = ("json", "csv", "markdown", "html")
CSV_FIELDS = (
    "id", "uuid", "kind", "amount", "by", "on", "note", "tags", "promise_id", "injury_id",
    "promise_uuid", "injury_uuid", "occurrence", "step", "recorded_at", "deleted_at",
    "changed_at",
)  # fmt: skip


# -- export ----------------------------------------------------------------------


def export(
    journal: Journal,
    fmt: str,
    since: date | None,
    until: date | None,
    output: OutputTarget | None,
    out: IO[str] | None = None,
    *,
    deleted: bool = False,
    notes: bool = False,
) -> Path | None:
    """Write the export to `output` (0600, whole or not at all: temp and rename) or to stdout.

    CSV leaves deleted entries out (a spreadsheet sums every row) unless `deleted`;
    JSON keeps them, so a merge or sync knows they were deleted.
    """
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}.")
    if notes and fmt not in ("html", "markdown"):
        raise BadInput(
            "--notes is for --format html or markdown; csv and json always hold the notes."
        )
    if output is None or output.path is None:
        _write(journal, fmt, since, until, out or sys.stdout, deleted, notes)
        return None
    # A byte-order mark tells spreadsheets the CSV is UTF-8; import skips it.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with output.text(encoding=encoding) as handle:
        _write(journal, fmt, since, until, handle, deleted, notes)
    return output.path


def _write(
    journal: Journal,
    fmt: str,
    since: date | None,
    until: date | None,
    out: IO[str],
    deleted: bool = False,
    notes: bool = False,
) -> None:
    today = journal.clock.today()
    if fmt == "html":
        from trustlog.features.exchange.session import counselling_html

        out.write(counselling_html(journal, since, until or today, notes))
    elif fmt == "json":
        _write_json(journal, since, until, out, today)
    elif fmt == "csv":
        _write_csv(journal.conn, since, until, out, deleted)
    else:
        from trustlog.features.exchange.counselling import write_markdown

        write_markdown(journal, out, since, until or today, notes)


def _write_json(
    journal: Journal, since: date | None, until: date | None, out: IO[str], today: date
) -> None:
    """One document, written row by row so a big journal never sits in memory."""
    conn = journal.conn
    meta = queries.owner(conn)
    head = {
        "trustlog": 1,
        "owner": {
            "uuid": meta.get("owner_uuid"),
            "name": meta.get("owner_name"),
            "created_at": meta.get("created_at"),
        },
        "exported_at": journal.stamp(),
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "promises": _promises(journal, since, until, today),
        "injuries": queries.injuries(conn, since, until),
        "checkins": queries.checkins(conn, since, until),
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)
    out.write(text[: text.rindex("}")].rstrip() + ',\n "entries": [')
    for number, entry in enumerate(queries.entries(conn, since, until)):
        out.write(("," if number else "") + "\n  " + json.dumps(entry, ensure_ascii=False))
    out.write("\n ]\n}\n")


def _promises(journal: Journal, since: date | None, until: date | None, today: date) -> list[Any]:
    """The stored promises, each with the Promise shape's status, next due date and
    counts as of today (import ignores them: they follow from the entries)."""
    from trustlog.features.promises.promises import get_promise

    rows = queries.promises(journal.conn, since, until)
    for row in rows:
        view = get_promise(journal, row["id"], today).to_json()
        row.update({key: view[key] for key in ("status", "next_due", "kept", "broken")})
    return rows


def _write_csv(
    conn: Any, since: date | None, until: date | None, out: IO[str], deleted: bool
) -> None:
    import csv

    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for entry in queries.entries(conn, since, until):
        if entry["deleted_at"] and not deleted:
            continue
        note = entry["note"]
        writer.writerow(
            entry
            | {
                "tags": " ".join(entry["tags"]),
                "note": "'" + note if note.startswith(importing.FORMULA_MARKS) else note,
            }
        )


# -- import ------------------------------------------------------------------------


@dataclass
class Planned:
    """A checked import file, with the links it makes to this journal's rows."""

    path: Path
    fmt: str
    checked: Any
    links: dict[str, dict[int, str]]
    today: date
    now: str
    weights: Mapping[str, int]
    #: `import --mine`: the file is the user's own, from another journal identity.
    mine: bool = False


def plan_import(
    journal: Journal,
    path: Path,
    fmt: str | None,
    today: date,
    weights: Mapping[str, int],
    mine: bool = False,
) -> Planned:
    """The file's head against this journal (read only): owner and links.

    With a journal, only what comes before the entries is checked here; the
    entries are checked as they are written (`onepass`).  Without one, the
    whole file is checked first, so a bad file never creates a journal.
    """
    now = journal.stamp()
    fmt = fmt or _format_from_name(path)
    if fmt not in ("json", "csv"):
        raise BadInput(f"--format: {fmt!r} cannot be imported; use json or csv.")
    label = "line" if fmt == "csv" else "entry"
    if journal.exists:
        checked = onepass.check_head(path, fmt, weights, label, today, now)
    else:
        checked = importing.check_file(path, fmt, weights, label, today, now)
    return _planned(journal, Planned(path, fmt, checked, {}, today, now, weights, mine))


def _planned(journal: Journal, plan: Planned) -> Planned:
    """Check the plan's owner and links against this journal's promises and injuries."""
    checked = plan.checked
    owner = checked.owner.get("uuid")
    local_promises = queries.id_to_uuid(journal.conn, "promises")
    local_injuries = queries.id_to_uuid(journal.conn, "injuries")
    if owner is not None and not plan.mine:
        _check_owner(journal.conn, owner, plan.path)
    checked.check_links(local_promises, local_injuries)
    plan.links = {"promise": local_promises, "injury": local_injuries}
    return plan


def import_file(journal: Journal, plan: Planned) -> United:
    """Add a planned import in one transaction (all rows or none).

    Entries stream through, each checked once on its way in (`onepass`); a
    file whose promises or owner come after its entries is read whole first.
    """
    try:
        return _write_import(journal, plan)
    except onepass.LateHead:
        pass  # rolled back: nothing was written
    label = "line" if plan.fmt == "csv" else "entry"
    checked = importing.check_file(plan.path, plan.fmt, plan.weights, label, plan.today, plan.now)
    plan.checked = checked
    return _write_import(journal, _planned(journal, plan))


def _write_import(journal: Journal, plan: Planned) -> United:
    checked = plan.checked
    owner = checked.owner.get("uuid")
    entries = onepass.Entries(
        plan.path, plan.fmt, checked, plan.links, (plan.weights, plan.today, plan.now)
    )
    with journal.writing() as conn:
        if owner is not None and not plan.mine:
            _check_owner(conn, owner, plan.path)
            if queries.is_empty(conn):
                queries.adopt_owner(conn, owner, checked.owner.get("name"))
        return unite(
            conn,
            checked.injuries,
            checked.promises,
            entries,
            checked.checkins,
            bulk=onepass.is_big(plan.path, checked),
            journal_resolution_stays=True,
        )


def _check_owner(conn: Any, owner: str, path: Path) -> None:
    """An export of another person's journal is refused, unless this one is empty."""
    if queries.owner(conn).get("owner_uuid") != owner and not queries.is_empty(conn):
        raise TrustlogError(
            f"{path} is an export of another journal, so nothing was imported "
            "(a partner's moments would count twice). If it is your own, from another "
            "machine or an older journal, `trustlog import --mine` brings it in; to see "
            "both sides of a partner's journal, use `trustlog compare` with their file."
        )


def summary(united: United, path: Path, dropped: int = 0) -> str:
    """`Imported 3 entries, 1 promise from x.json (2 were already in the journal); …`"""
    parts = added_parts(united)
    parts[0] = parts[0] or "0 entries"
    text = f"Imported {', '.join(part for part in parts if part)} from {path.name}"
    text += _already_known(united) + _changes(united) + _set_aside(united.superseded)
    if dropped:
        text += (
            f"; {counted(dropped, 'link', 'links')} to a promise or injury that is not in "
            "this journal or the file left out"
        )
    return text + "."


def _already_known(united: United) -> str:
    """` (2 were already in the journal)`: entries read but not added."""
    added = united.entries + united.repair_steps + united.tombstones + united.added_set_aside
    known = united.seen - added
    if known <= 0:
        return ""
    return f" ({known} {'was' if known == 1 else 'were'} already in the journal)"


def _changes(united: United) -> str:
    """`; 1 entry marked deleted, as in the file`: what the file changed here."""
    changes = [
        counted(united.tombstones, "entry kept deleted", "entries kept deleted"),
        counted(united.deleted, "entry marked deleted", "entries marked deleted"),
        counted(united.restored, "entry restored", "entries restored"),
        counted(united.changed, "entry edited", "entries edited"),
        counted(united.dropped, "promise dropped", "promises dropped"),
    ]
    said = ", ".join(part for part in changes if part)
    return f"; {said}, as in the file" if said else ""


def _set_aside(n: int) -> str:
    """Why some entries from the file were kept as deleted: the journal's resolution stayed."""
    if not n:
        return ""
    return (
        f"; {n} {'entry' if n == 1 else 'entries'} from the file resolved a promise "
        "occurrence your journal had already resolved, so "
        f"{'it was' if n == 1 else 'they were'} set aside and yours stayed"
    )


def _format_from_name(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("json", "csv"):
        return suffix
    raise BadInput(f"Cannot tell the format of {path.name}; add --format json or --format csv.")

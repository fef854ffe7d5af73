"""Reading import files: stream a JSON or CSV file and check every row.

Nothing here writes: `check_file` reads the whole file once and names the
first bad row and field (never its text: a note is private) — used when one
pass cannot do (see `onepass`) — and `items` streams it for the writing pass,
so a big import never sits in memory.
Rows come out in the portable shape `queries.unite` takes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from trustlog.app.errors import BadInput, TrustlogError
from trustlog.features.exchange.checks import (
    RowIds,
    check_checkin,
    check_entry,
    check_injury,
    check_promise,
    where,
)
from trustlog.features.exchange.jsonstream import json_items
from trustlog.features.exchange.quickcheck import QuickCheck

#: A cell starting with one of these is a formula to a spreadsheet ("@home
#: walk" would show as an error), so the note gets a leading ' that import removes.
FORMULA_MARKS = tuple("=+-@'\t\r")


@dataclass
class Checked:
    """What the checking pass keeps: the small tables, and where links point."""

    count: int = 0
    promises: list[dict[str, Any]] = field(default_factory=list)
    injuries: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    #: (link field, value) → the first row that uses it, for the error message.
    links: dict[tuple[str, Any], str] = field(default_factory=dict)
    #: The exporting journal's owner (`{"uuid", "name"}`), when the file says.
    owner: dict[str, Any] = field(default_factory=dict)
    #: uuid links to a promise or injury neither the file nor the journal holds
    #: (a CSV export carries no promises): dropped, and counted in the summary.
    dropped: set[tuple[str, Any]] = field(default_factory=set)
    #: False when the file is a JSON object without the export's version mark.
    document: bool | None = None

    def check_links(self, promises: dict[int, str], injuries: dict[int, str]) -> None:
        """Refuse the file when a row points at a promise or injury id this journal lacks;
        drop a uuid link to one that neither the file nor the journal holds.

        `promises` and `injuries` are this journal's own (id → uuid); the
        first bad link named (in file order) is the one reported.
        """
        known = {
            "promise": {p["uuid"] for p in self.promises} | set(promises.values()),
            "injury": {i["uuid"] for i in self.injuries} | set(injuries.values()),
        }
        local = {"promise": promises, "injury": injuries}
        self._note_promise_injuries(known["injury"])
        for (name, value), place in self.links.items():
            if name.endswith("_uuid") and value not in known[name.split("_")[0]]:
                self.dropped.add((name, value))
                continue
            problem = _link_problem(name, value, local)
            if problem is not None:
                raise BadInput(f"Nothing was imported: {place}, field {name!r}: {problem}.")

    def _note_promise_injuries(self, known_injuries: set[str]) -> None:
        """A promise made as an amend points at its injury: check that link too."""
        for promise in self.promises:
            injury = promise["injury_uuid"]
            if injury and injury not in known_injuries:
                self.dropped.add(("injury_uuid", injury))
                promise["injury_uuid"] = None

    def note_links(self, entry: dict[str, Any], raw: Any, label: str) -> None:
        """Remember where an entry's promise and injury links first appear.

        A uuid link wins over an id link, as it does when the entry is written.
        """
        for thing in ("promise", "injury"):
            name = f"{thing}_uuid" if entry[f"{thing}_uuid"] is not None else f"{thing}_id"
            if entry[name] is not None and (name, entry[name]) not in self.links:
                self.links[name, entry[name]] = where(raw, self.count, label)


def _link_problem(name: str, value: Any, local: dict[str, dict[int, str]]) -> str | None:
    """What is wrong with an id link (a hand-made file's), or None when it is real."""
    thing = name.split("_")[0]
    if name.endswith("_id") and value not in local[thing]:
        return f"there is no {thing} {value} in this journal"
    return None


#: The lists besides entries a document may hold, read whole (they are small).
_TABLES = ("promises", "injuries", "checkins")


def check_file(
    path: Path, fmt: str, weights: Mapping[str, int], label: str, today: date, now: str
) -> Checked:
    """Check every part of the file once, before anything is written."""
    reading = Reading(weights, label, today, now)
    for key, raw in items(path, fmt):
        reading.take(key, raw)
    if reading.document is False:
        raise BadInput(
            "Nothing was imported: the file is neither a trustlog export nor a list of entries."
        )
    return reading.checked


class Reading:
    """The checking pass over one file: what it kept so far, and what the file is.

    `document` is None until the file shows its shape: False for an object
    that is not (yet) a trustlog export or for any other JSON value, True once
    the `trustlog` version mark has been read.
    """

    def __init__(self, weights: Mapping[str, int], label: str, today: date, now: str) -> None:
        self.checked = Checked()
        self.document: bool | None = None
        self.weights, self.label, self.today = weights, label, today
        self.ids = {name: RowIds(now) for name in ("entries", *_TABLES)}
        self.quick = QuickCheck(weights, today, now).entry
        self.checks: dict[str, Any] = {
            "promises": lambda row, n: check_promise(row, n, self.ids["promises"]),
            "injuries": lambda row, n: check_injury(row, n, self.ids["injuries"], today),
            "checkins": lambda row, n: check_checkin(row, n, self.ids["checkins"], today),
        }

    def take(self, key: str, raw: Any) -> None:
        """Check one part of the file, as `items` yields it."""
        if key == "entry":
            self._entry(raw)
        elif key == "owner":
            self.checked.owner = _owner(raw)
        elif key in ("document", "other"):
            self.document = False
        elif key == "trustlog":
            self._version(raw)
        elif key in _TABLES or key == "entries":
            self._table(key, raw)

    def _entry(self, raw: Any) -> None:
        checked = self.checked
        checked.count += 1
        entry = self.quick(raw) or check_entry(
            raw, checked.count, self.weights, self.label, self.today, self.ids["entries"]
        )
        checked.note_links(entry, raw, self.label)

    def _version(self, raw: Any) -> None:
        self.document = True
        if raw != 1:
            raise BadInput(
                "Nothing was imported: the file is from a newer trustlog; upgrade first."
            )

    def _table(self, key: str, raw: Any) -> None:
        """A list of promises, injuries or check-ins; `entries` came one by one."""
        if not isinstance(raw, list):
            raise BadInput(f"Nothing was imported: {key!r} should be a list.")
        if key != "entries":
            setattr(self.checked, key, [self.checks[key](row, n) for n, row in enumerate(raw, 1)])


def _owner(raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(k), str | None) for k in ("uuid", "name")
    ):
        raise BadInput("Nothing was imported: 'owner' should hold the journal's uuid and name.")
    return {"uuid": raw.get("uuid") or None, "name": raw.get("name") or None}


def items(
    path: Path, fmt: str, entries_only: bool = False
) -> Iterator[tuple[str, Any]] | Iterator[Any]:
    """The file's parts as (what, value); with `entries_only`, just the raw entries."""
    try:
        with _open(path) as handle:
            parts = _csv_items(handle, path) if fmt == "csv" else json_items(handle)
            for key, value in parts:
                if not entries_only:
                    yield key, value
                elif key == "entry":
                    yield value
    except FileNotFoundError:
        raise TrustlogError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise TrustlogError(f"{path} is a folder, not a file to import.") from None
    except UnicodeDecodeError:
        raise BadInput(f"Nothing was imported: {path.name} is not UTF-8 text.") from None
    except RecursionError:
        raise BadInput(f"Nothing was imported: {path.name} is nested too deeply.") from None
    except OSError as error:
        raise TrustlogError(f"Could not read {path}: {error.strerror}.") from None


#: Inputs that can be read only once (a pipe: `cat f | trustlog import /dev/stdin`),
#: kept in memory — never in a temp file, where the notes would sit in clear.
_SPOOLED: dict[Path, str] = {}


def _open(path: Path) -> IO[str]:
    """The file for one pass; a pipe or other non-regular file is read once and replayed."""
    import stat

    if path in _SPOOLED:
        return io.StringIO(_SPOOLED[path], newline="")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
        with path.open("rb") as raw:
            _SPOOLED[path] = raw.read().decode("utf-8-sig")
        return io.StringIO(_SPOOLED[path], newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _csv_items(handle: IO[str], path: Path) -> Iterator[tuple[str, Any]]:
    import csv

    reader = csv.DictReader(handle)
    try:
        _require_columns(reader.fieldnames, path)
        for row in reader:
            yield "entry", _csv_entry(row, reader.line_num)
    except csv.Error:
        raise BadInput(f"Nothing was imported: line {reader.line_num} is not valid CSV.") from None


def _require_columns(fieldnames: Sequence[str] | None, path: Path) -> None:
    """Without `kind` and `on` the file is not an entries table at all."""
    missing = {"kind", "on"} - set(fieldnames or ())
    if missing:
        raise BadInput(
            f"Nothing was imported: {path.name} has no {' or '.join(sorted(missing))!r} "
            "column (the first row names the columns, as `trustlog export --format csv` does)."
        )


def _csv_entry(row: dict[Any, Any], line: int) -> dict[str, Any]:
    """One CSV row as a raw entry: empty cells are missing, the note unguarded."""
    cleaned = {k: (v if v != "" else None) for k, v in row.items() if k is not None}
    cleaned["note"] = _unguarded(row.get("note") or "")
    cleaned["_line"] = line
    return cleaned


def _unguarded(note: str) -> str:
    """The note without the ' export put before a leading formula mark."""
    return note[1:] if note[:1] == "'" and note[1:2] in FORMULA_MARKS else note

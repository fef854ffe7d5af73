"""Reading import files: stream a JSON or CSV file and check every row.

Nothing here writes: `check_file` reads the whole file once and names the
first bad row and field (never its text: a note is private), and `items`
streams it again for the writing pass, so a big import never sits in memory.
Rows come out in the portable shape `store.exchange.unite` takes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
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

    def check_links(self, promises: dict[int, str], injuries: dict[int, str], fmt: str) -> None:
        known = {
            "promise": {p["uuid"] for p in self.promises} | set(promises.values()),
            "injury": {i["uuid"] for i in self.injuries} | set(injuries.values()),
        }
        local = {"promise": promises, "injury": injuries}
        for n, promise in enumerate(self.promises, 1):
            if promise["injury_uuid"] and promise["injury_uuid"] not in known["injury"]:
                self.links.setdefault(("injury_uuid", promise["injury_uuid"]), f"promise {n}")
        hint = " (a CSV file holds entries only; move promises with --format json)"
        for (name, value), place in self.links.items():
            thing = name.split("_")[0]
            if name.endswith("_id") and value not in local[thing]:
                problem = f"there is no {thing} {value} in this journal"
            elif name.endswith("_uuid") and value not in known[thing]:
                problem = f"no such {thing} in the file or the journal"
                problem += hint if fmt == "csv" else ""
            else:
                continue
            raise BadInput(f"Nothing was imported: {place}, field {name!r}: {problem}.")


def check_file(
    path: Path, fmt: str, weights: Mapping[str, int], label: str, today: date, now: str
) -> Checked:
    checked = Checked()
    document = None
    ids = {name: RowIds(now) for name in ("entries", "promises", "injuries", "checkins")}
    makers: dict[str, Any] = {
        "promises": lambda row, n: check_promise(row, n, ids["promises"]),
        "injuries": lambda row, n: check_injury(row, n, ids["injuries"], today),
        "checkins": lambda row, n: check_checkin(row, n, ids["checkins"], today),
    }
    for key, raw in items(path, fmt):
        if key == "entry":
            checked.count += 1
            entry = check_entry(raw, checked.count, weights, label, today, ids["entries"])
            for thing in ("promise", "injury"):
                name = f"{thing}_uuid" if entry[f"{thing}_uuid"] is not None else f"{thing}_id"
                if entry[name] is not None and (name, entry[name]) not in checked.links:
                    checked.links[name, entry[name]] = where(raw, checked.count, label)
        elif key == "owner":
            checked.owner = _owner(raw)
        elif key == "document":
            document = False
        elif key == "trustlog":
            document = True
            if raw != 1:
                raise BadInput(
                    "Nothing was imported: the file is from a newer trustlog; upgrade first."
                )
        elif key in makers or key == "entries":
            if not isinstance(raw, list):
                raise BadInput(f"Nothing was imported: {key!r} should be a list.")
            if key != "entries":
                rows = [makers[key](row, n) for n, row in enumerate(raw, 1)]
                setattr(checked, key, rows)
        elif key == "other":
            document = False
    if document is False:
        raise BadInput(
            "Nothing was imported: the file is neither a trustlog export nor a list of entries."
        )
    return checked


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
        with path.open(encoding="utf-8-sig", newline="") as handle:
            parts = _csv_items(handle, path) if fmt == "csv" else _json_items(handle)
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
    except OSError as error:
        raise TrustlogError(f"Could not read {path}: {error.strerror}.") from None


def _csv_items(handle: IO[str], path: Path) -> Iterator[tuple[str, Any]]:
    import csv

    reader = csv.DictReader(handle)
    try:
        missing = {"kind", "on"} - set(reader.fieldnames or ())
        if missing:
            raise BadInput(
                f"Nothing was imported: {path.name} has no {' or '.join(sorted(missing))!r} "
                "column (the first row names the columns, as `trustlog export --format csv` does)."
            )
        for row in reader:
            cleaned = {k: (v if v != "" else None) for k, v in row.items() if k is not None}
            note = row.get("note") or ""
            cleaned["note"] = note[1:] if note[:1] == "'" and note[1:2] in FORMULA_MARKS else note
            cleaned["_line"] = reader.line_num
            yield "entry", cleaned
    except csv.Error:
        raise BadInput(f"Nothing was imported: line {reader.line_num} is not valid CSV.") from None


def _json_items(handle: IO[str]) -> Iterator[tuple[str, Any]]:
    """A document's top-level parts, with its entries one by one (stdlib only)."""
    stream = _JsonStream(handle)
    first = stream.peek()
    if first == "[":
        for value in stream.array():
            yield "entry", value
    elif first == "{":
        stream.take("{")
        yield "document", None
        while stream.peek() != "}":
            key = stream.value()
            if not isinstance(key, str):
                raise stream.bad()
            stream.take(":")
            if key == "entries" and stream.peek() == "[":
                for value in stream.array():
                    yield "entry", value
            else:
                yield key, stream.value()
            if stream.take(",}") == "}":
                break
        else:
            stream.take("}")
    else:
        yield "other", stream.value()
    if stream.peek() != "":
        raise stream.bad()


class _JsonStream:
    """Reads JSON values one at a time from a file, a megabyte at a time."""

    CHUNK = 1 << 20

    def __init__(self, handle: IO[str]) -> None:
        self.handle, self.buf, self.pos, self.eof, self.line = handle, "", 0, False, 1
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(self.CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.line += self.buf.count("\n", 0, self.pos)
        self.buf, self.pos = self.buf[self.pos :] + chunk, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def take(self, allowed: str) -> str:
        char = self.peek()
        if not char or char not in allowed:
            raise self.bad()
        self.pos += 1
        return char

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                if self._more():
                    continue
                raise self.bad(error.pos) from None
            if end == len(self.buf) and self._more():
                continue  # a number at the edge of the buffer may go on
            self.pos = end
            return value

    def array(self) -> Iterator[Any]:
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.take(",]") == "]":
                return

    def bad(self, at: int | None = None) -> BadInput:
        line = self.line + self.buf.count("\n", 0, self.pos if at is None else at)
        return BadInput(f"Nothing was imported: the file is not valid JSON (line {line}).")

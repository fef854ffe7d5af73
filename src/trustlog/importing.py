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
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from trustlog.errors import BadInput, TrustlogError
from trustlog.ledger import amount_for
from trustlog.models import CLOSED_STEP, REPAIR_STEPS, By, Kind, Severity
from trustlog.store import new_uuid, now_utc

#: A repair entry names one of the four steps, or the closing of the repair.
STEPS = (*REPAIR_STEPS, CLOSED_STEP)
_KINDS = {kind.value for kind in Kind}
_BY = {by.value for by in By}
_SEVERITIES = {severity.value for severity in Severity}

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

    def check_links(self, promises: dict[int, str], injuries: dict[int, str], fmt: str) -> None:
        known = {
            "promise": {p["uuid"] for p in self.promises} | set(promises.values()),
            "injury": {i["uuid"] for i in self.injuries} | set(injuries.values()),
        }
        local = {"promise": promises, "injury": injuries}
        for promise in self.promises:
            if promise["injury_uuid"] and promise["injury_uuid"] not in known["injury"]:
                self.links.setdefault(("injury_uuid", promise["injury_uuid"]), "a promise")
        hint = " (a CSV file holds entries only; move promises with --format json)"
        for (name, value), where in self.links.items():
            thing = name.split("_")[0]
            if name.endswith("_id") and value not in local[thing]:
                problem = f"there is no {thing} {value} in this journal"
            elif name.endswith("_uuid") and value not in known[thing]:
                problem = f"no such {thing} in the file or the journal"
                problem += hint if fmt == "csv" else ""
            else:
                continue
            raise BadInput(f"Nothing was imported: {where}, field {name!r}: {problem}.")


def check_file(path: Path, fmt: str, weights: Mapping[str, int], label: str) -> Checked:
    checked = Checked()
    document = None
    makers = {"promises": _promise, "injuries": _injury, "checkins": _checkin}
    for key, raw in items(path, fmt):
        if key == "entry":
            checked.count += 1
            entry = check_entry(raw, checked.count, weights, label)
            for thing in ("promise", "injury"):
                name = f"{thing}_uuid" if entry[f"{thing}_uuid"] is not None else f"{thing}_id"
                if entry[name] is not None and (name, entry[name]) not in checked.links:
                    checked.links[name, entry[name]] = _where(raw, checked.count, label)
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


class _Row:
    """Reads one row's fields, naming the row and field when one is wrong."""

    def __init__(self, row: Any, where: str) -> None:
        if not isinstance(row, dict):
            raise BadInput(f"Nothing was imported: {where} is not an object with fields.")
        self.row, self.where = row, where

    def bad(self, name: str, problem: str) -> BadInput:
        return BadInput(f"Nothing was imported: {self.where}, field {name!r}: {problem}.")

    def text(self, name: str, default: str | None = None, choices: set[str] | None = None) -> Any:
        value = self.row.get(name)
        if value is None:
            if default is None and choices is not None:
                raise self.bad(name, "is missing")
            return default
        if not isinstance(value, str):
            raise self.bad(name, "should be text")
        value = value.strip() if choices is not None else value
        if choices is not None and value not in choices:
            raise self.bad(name, f"should be one of {', '.join(sorted(choices))}")
        return value

    def day(self, name: str, required: bool = False) -> str | None:
        value = self.row.get(name)
        if value is None:
            if required:
                raise self.bad(name, "is missing (a date like 2026-11-20)")
            return None
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise self.bad(name, "is not a date like 2026-11-20") from None

    def moment(self, name: str, required: bool = False) -> str | None:
        value = self.row.get(name)
        if value is None:
            return now_utc() if required else None
        try:
            datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise self.bad(name, "is not a timestamp like 2026-11-20T21:30:00+00:00") from None
        return str(value).strip()

    def uuid(self) -> str:
        value = self.row.get("uuid")
        if value is None or (isinstance(value, str) and not value.strip()):
            return new_uuid()
        if not isinstance(value, str):
            raise self.bad("uuid", "should be text")
        return value.strip()

    def link(self, name: str) -> Any:
        value = self.row.get(name)
        if value is None:
            return None
        if name.endswith("_id"):
            try:
                if isinstance(value, bool):
                    raise ValueError
                return int(value)
            except (TypeError, ValueError):
                raise self.bad(name, "should be a whole number") from None
        if not isinstance(value, str):
            raise self.bad(name, "should be text")
        return value.strip() or None


def _where(row: Any, n: int, label: str) -> str:
    if label == "line" and isinstance(row, dict):
        return f"row {n} (line {row.get('_line')})"
    return f"{label} {n}"


def check_entry(raw: Any, n: int, weights: Mapping[str, int], label: str) -> dict[str, Any]:
    row = _Row(raw, _where(raw, n, label))
    kind = row.text("kind", choices=_KINDS)
    note = row.text("note", "")
    tags = raw.get("tags")
    if tags is None:
        tags = []
    elif isinstance(tags, str):
        tags = tags.split()
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag.strip() for tag in tags):
        raise row.bad("tags", "should be a list of words")
    return {
        "uuid": row.uuid(),
        "kind": kind,
        "amount": _amount(row, kind, weights),
        "by": row.text("by", "me", choices=_BY),
        "on": row.day("on", required=True),
        "note": note,
        "tags": [tag.strip() for tag in tags],
        "promise_uuid": row.link("promise_uuid"),
        "injury_uuid": row.link("injury_uuid"),
        "promise_id": row.link("promise_id"),
        "injury_id": row.link("injury_id"),
        "occurrence": row.day("occurrence"),
        "recorded_at": row.moment("recorded_at", required=True),
        "deleted_at": row.moment("deleted_at"),
        "step": row.text("step", None, choices=set(STEPS)) if raw.get("step") else None,
    }


def _amount(row: _Row, kind: str, weights: Mapping[str, int]) -> int:
    value = row.row.get("amount")
    if value is None:
        if kind == Kind.REPAIR:
            return 0
        if kind in (Kind.DEPOSIT, Kind.WITHDRAW, Kind.INJURY):
            raise row.bad("amount", f"is needed for a {kind}")
        return amount_for(kind, weights)
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise row.bad("amount", "should be a whole number")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise row.bad("amount", "should be a whole number") from None


def _promise(raw: Any, n: int) -> dict[str, Any]:
    row = _Row(raw, f"promise {n}")
    return {
        "uuid": row.uuid(),
        "text": row.text("text", ""),
        "by": row.text("by", "me", choices=_BY),
        "made_on": row.day("made_on", required=True),
        "due": row.day("due"),
        "rule": row.text("rule"),
        "injury_uuid": row.link("injury_uuid"),
        "dropped_on": row.day("dropped_on"),
        "recorded_at": row.moment("recorded_at", required=True),
    }


def _injury(raw: Any, n: int) -> dict[str, Any]:
    row = _Row(raw, f"injury {n}")
    return {
        "uuid": row.uuid(),
        "text": row.text("text", ""),
        "severity": row.text("severity", choices=_SEVERITIES),
        "by": row.text("by", "me", choices=_BY),
        "on": row.day("on", required=True),
        "recorded_at": row.moment("recorded_at", required=True),
    }


def _checkin(raw: Any, n: int) -> dict[str, Any]:
    row = _Row(raw, f"check-in {n}")
    return {
        "uuid": row.uuid(),
        "on": row.day("on", required=True),
        "note": row.text("note", ""),
        "recorded_at": row.moment("recorded_at", required=True),
    }

"""A JSON import file read as a stream: a document's parts, its entries one by one.

The standard library's C scanner decodes each value straight from a buffer
while the next value is whole in it; at the buffer's edges a careful
value/peek/take path takes over.  So a million-entry export never sits in
memory, and a number cut by the buffer's edge is never read short.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any, cast

from trustlog.app.errors import BadInput


def json_items(handle: IO[str]) -> Iterator[tuple[str, Any]]:
    """A document's top-level parts, with its entries one by one (stdlib only)."""
    stream = JsonStream(handle)
    first = stream.peek()
    if first == "[":
        for value in stream.array():
            yield "entry", value
    elif first == "{":
        yield from _document_items(stream)
    else:
        yield "other", stream.value()
    if stream.peek() != "":
        raise stream.bad()


def _document_items(stream: JsonStream) -> Iterator[tuple[str, Any]]:
    """A `{...}` document: `document` first, then each member; `entries` one by one."""
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


_SPACE = re.compile(r"[ \t\r\n]*")


def _after_space(buf: str, pos: int) -> int:
    """Where the next character that is not JSON white space is."""
    match = _SPACE.match(buf, pos)
    return match.end() if match else pos


class JsonStream:
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
            if len(self.buf) - end <= 2 and self._more():
                continue  # a number at the edge of the buffer may go on ("1.5" + "e+3")
            self.pos = end
            return value

    def array(self) -> Iterator[Any]:
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield from self._buffered()
            yield self.value()
            if self.take(",]") == "]":
                return

    def _buffered(self) -> Iterator[Any]:
        """The array's values already whole in the buffer, each followed by a comma.

        Decoded straight from the buffer by the C scanner (about 2 µs a row less
        than `value`, `peek` and `take`); at the buffer's end, the last value or
        anything odd, it stops and `array` goes on one value at a time.
        """
        scan, skip, buf = cast(Any, self.decoder).scan_once, _after_space, self.buf
        pos = skip(buf, self.pos)
        while True:
            try:
                value, end = scan(buf, pos)
            except (StopIteration, json.JSONDecodeError):
                return
            comma = skip(buf, end)
            if comma >= len(buf) or buf[comma] != ",":
                return
            self.pos = comma + 1
            yield value
            pos = skip(buf, self.pos)

    def bad(self, at: int | None = None) -> BadInput:
        line = self.line + self.buf.count("\n", 0, self.pos if at is None else at)
        return BadInput(f"Nothing was imported: the file is not valid JSON (line {line}).")

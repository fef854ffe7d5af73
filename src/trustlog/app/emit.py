"""One JSON document on stdout, the same for every command (no Typer needed to print it)."""

from __future__ import annotations

from typing import Any


def emit_json(data: Any) -> None:
    import json  # only `--json` pays for it (~1.4 ms of every read-only command's start)

    print(json.dumps(data, ensure_ascii=False, indent=None))

"""One JSON document on stdout, the same for every command (no Typer needed to print it)."""

from __future__ import annotations

import json
from typing import Any


def emit_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=None))

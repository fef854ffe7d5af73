"""Journal text made safe for a terminal: control characters shown, never obeyed.

A note holding `ESC ] 0 ;` would retitle the window, one holding `ESC [ 2 J`
would clear the screen. Every view shows such characters in caret notation
(`^[`, `^?`) or as `\\x9b` (the C1 range); newlines and tabs stay as they are.
JSON output keeps the text exact. This module imports nothing heavy: the
capture line uses it too.
"""

from __future__ import annotations

_C0 = {code: f"^{chr(code + 64)}" for code in range(32) if chr(code) not in "\n\t"}
_VISIBLE = str.maketrans(_C0 | {127: "^?"} | {code: f"\\x{code:02x}" for code in range(128, 160)})


def visible(text: str) -> str:
    """`text` with every control character except newline and tab written out."""
    return text.translate(_VISIBLE)

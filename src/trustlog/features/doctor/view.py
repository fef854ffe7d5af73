"""How a diagnosis reads: one line a problem, plain words, the ids never the notes."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from trustlog.features.doctor.doctor import Diagnosis


def _line(out: Console, text: str) -> None:
    """Paths and ids stay whole on one line, so they can be copied."""
    out.print(Text(text), soft_wrap=True)


def show(out: Console, diagnosis: Diagnosis) -> None:
    path = diagnosis.path
    if not diagnosis.exists:
        _line(out, f"There is no journal at {path} yet; there is nothing to check.")
        return
    if not diagnosis.found:
        _line(out, f"{path} is in good health: every check passed.")
        return
    _line(out, f"{path}:")
    for finding in diagnosis.found:
        mark = " (--fix repairs this)" if finding.fixable and not diagnosis.done else ""
        _line(out, f"  {finding.check}: {finding.line}{mark}")
    if not diagnosis.done:
        return
    for line in diagnosis.done:
        _line(out, f"  fixed: {line}")
    if diagnosis.healthy:
        _line(out, "Every check passes now.")
        return
    _line(out, "Still to see to:")
    for finding in diagnosis.left:
        _line(out, f"  {finding.check}: {finding.line}")

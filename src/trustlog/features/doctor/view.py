"""How a diagnosis reads: one line a problem, plain words, the ids never the notes."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from trustlog.features.doctor.doctor import Diagnosis


def show(out: Console, diagnosis: Diagnosis) -> None:
    path = diagnosis.path
    if not diagnosis.exists:
        out.print(Text(f"There is no journal at {path} yet; there is nothing to check."))
        return
    if not diagnosis.found:
        out.print(Text(f"{path} is in good health: every check passed."))
        return
    out.print(Text(f"{path}:"))
    for finding in diagnosis.found:
        mark = " (--fix repairs this)" if finding.fixable and not diagnosis.done else ""
        out.print(Text(f"  {finding.check}: {finding.line}{mark}"))
    if not diagnosis.done:
        return
    for line in diagnosis.done:
        out.print(Text(f"  fixed: {line}"))
    if diagnosis.healthy:
        out.print(Text("Every check passes now."))
        return
    out.print(Text("Still to see to:"))
    for finding in diagnosis.left:
        out.print(Text(f"  {finding.check}: {finding.line}"))

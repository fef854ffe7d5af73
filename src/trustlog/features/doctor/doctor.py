"""Use cases of `trustlog doctor`: look, repair, adopt; plain values out.

The checks themselves live in `journal.checkup` (they must open a journal the
door refuses); this module shapes their findings for the command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trustlog.journal import adopt as adopting
from trustlog.journal import checkup


@dataclass
class Diagnosis:
    """What the doctor found, what it did about it, and what is left."""

    path: Path
    exists: bool
    found: list[checkup.Finding] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    left: list[checkup.Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.left

    def to_json(self) -> dict[str, Any]:
        def rows(findings: list[checkup.Finding]) -> list[dict[str, Any]]:
            return [{"check": f.check, "problem": f.line, "fixable": f.fixable} for f in findings]

        return {
            "path": str(self.path),
            "exists": self.exists,
            "ok": self.healthy,
            "found": rows(self.found),
            "fixed": self.done,
            "remaining": rows(self.left),
        }


def diagnose(path: Path, *, repair: bool, key: bytes | None = None) -> Diagnosis:
    """Every check; with `repair`, the exact repairs, then every check again.
    A locked journal is looked at with its key (`key`)."""
    before = checkup.examine(path, key)
    diagnosis = Diagnosis(path, before.exists, before.findings, left=before.findings)
    if repair and any(f.fixable for f in before.findings):
        diagnosis.done = checkup.fix(before)
        diagnosis.left = checkup.examine(path, key).findings
    return diagnosis


def adopt(path: Path) -> int:
    """Make a restored `.dump` of a trustlog journal one again; the schema version it had."""
    return adopting.adopt(path)

"""The demo's first and last words."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text


def demo_intro(out: Console) -> None:
    out.print(
        Text(
            "trustlog is a private journal of the small moments between you and your partner, "
            "added up into an emotional bank account.",
            style="bold",
        )
    )
    out.print(
        Text(
            "Here are six weeks of a made-up journal: bids met by turning toward (+1) or away "
            "(−5), a weekly promise broken once, and an injury with its repair. First the home "
            "screen, then the repair view."
        )
    )


def demo_outro(out: Console) -> None:
    out.print(
        Text("This was a demo in a temporary file, now deleted; your own journal was not touched.")
    )
    out.print(
        Text("Start your own with:  ", style="bold").append(
            "trustlog toward asked about her day", style="cyan"
        )
    )
    out.print(
        Text(
            "More: trustlog help · trustlog checkin (each evening) · trustlog promise …",
            style="dim",
        )
    )
    out.print(
        Text(
            "trustlog is a mirror for you, not a score, and no substitute for a counsellor. "
            "If you feel unsafe with your partner, reach out to your local emergency number "
            "or a domestic-abuse service: trustlog help safety.",
            style="dim",
        )
    )

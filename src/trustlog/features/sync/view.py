"""`sync status` as lines: each device, its last batch, and how far it was taken."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from trustlog.app.state import State
from trustlog.views.console import console


def status(state: State, report: dict[str, Any]) -> None:
    out = console(state)
    out.print(Text(f"Sync folder: {report['folder']}"))
    if not report["devices"]:
        out.print(Text("No device has written here yet."))
    for device in report["devices"]:
        name = device["device"][:8] + (" (this device)" if device["this"] else "")
        sent = f"last batch {device['last_batch']}" if device["last_batch"] else "no batch yet"
        line = f"{name}: {sent}"
        if not device["this"]:
            line += f", taken up to {device['taken']}"
            if device["waiting_for"]:
                line += f", waiting for batch {device['waiting_for']}"
        out.print(Text(line))

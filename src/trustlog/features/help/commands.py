"""`trustlog help [TOPIC]`: the pages on research, safety and privacy, and a map of commands.

Typer's own `--help` stays as it is; this command is the place a person
finds where the figures come from, where to turn when they feel unsafe,
and what trustlog keeps.
"""

from __future__ import annotations

from typing import Annotated

import typer

from trustlog.app.cli import app

Topic = Annotated[
    str | None,
    typer.Argument(metavar="[research|safety|privacy]", help="The page to read."),
]


@app.command(name="help")
def help_(topic: Topic = None) -> None:
    """Short pages on the research, on feeling unsafe, and on privacy; alone, the commands.

    `trustlog help research`, `help safety` and `help privacy` are the pages; the
    research page gives every figure's source and its limits."""
    from trustlog.features.help.topics import topic_text

    if topic is not None:
        print(topic_text(topic.strip().lower()), end="")
        return
    print(overview(), end="")


def overview() -> str:
    """The topics, then every command with its first line of help."""
    from trustlog.app.cli import COMMANDS, load_rooms
    from trustlog.features.help.topics import SUMMARIES

    load_rooms(None)  # every room, so each command's help can be read
    group = typer.main.get_command(app)
    context = typer.Context(group, info_name="trustlog")
    lines = ["Help topics (trustlog help TOPIC):", ""]
    lines += [f"  {name:<10} {summary}" for name, summary in SUMMARIES.items()]
    lines += ["", "Commands (trustlog COMMAND --help for more):", ""]
    for name in COMMANDS:
        command = group.get_command(context, name)  # type: ignore[attr-defined]
        if command is not None and not command.hidden:
            lines.append(f"  {name:<10} {command.get_short_help_str(limit=66)}")
    lines += [
        "",
        "trustlog is a mirror for you, not a score, and no substitute for a counsellor.",
        "If you feel unsafe with your partner: trustlog help safety.",
        "",
    ]
    return "\n".join(lines)

"""`trustlog completion bash|zsh|fish`, and the hidden `__complete` the scripts call."""

from __future__ import annotations

from typing import Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.errors import BadInput
from trustlog.app.options import state_of


@app.command()
def completion(
    shell: Annotated[str, typer.Argument(help="bash, zsh or fish.")],
) -> None:
    """Print a completion script for your shell: commands, options, and ids with their titles.

    Promise, injury and entry ids complete with their titles.

    bash: trustlog completion bash > ~/.local/share/bash-completion/completions/trustlog ·
    zsh: trustlog completion zsh > ~/.trustlog-completion.zsh (source it after compinit) ·
    fish: trustlog completion fish > ~/.config/fish/completions/trustlog.fish
    """
    from trustlog.features.completion.scripts import SCRIPTS

    script = SCRIPTS.get(shell.lower())
    if script is None:
        raise BadInput(f"completion: {shell!r} is not one of bash, zsh or fish.")
    typer.echo(script, nl=False)


@app.command("__complete", hidden=True)
def complete(
    ctx: typer.Context,
    words: Annotated[list[str] | None, typer.Argument(help="The words typed so far.")] = None,
) -> None:
    """What the completion scripts ask at each TAB: one `value<TAB>title` line per choice."""
    from trustlog.features.completion.tree import candidates

    for value, title in candidates(state_of(ctx), words or [""]):
        typer.echo(f"{value}\t{title}")

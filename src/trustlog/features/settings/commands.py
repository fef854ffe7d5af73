"""`trustlog config show|set|path`: where things live and what the settings say."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from trustlog.app.cli import app
from trustlog.app.options import Json, emit_json, state_of

config_app = typer.Typer(
    rich_markup_mode="markdown",
    help="Show or change settings (the journal's path, your name, the weights).",
)
app.add_typer(config_app, name="config")


@config_app.command("show")
def config_show(ctx: typer.Context, as_json: Json = False) -> None:
    """Show the settings in force and where they come from."""
    state = state_of(ctx)
    data: dict[str, Any] = {
        "config": str(state.config.path),
        "config_exists": state.config.path.exists(),
        "db": str(state.journal_path),
        "name": state.config.name or state.owner_name(),
        "weights": dict(state.config.weights),
        "sync": state.config.raw.get("sync"),
        "remind.detailed": _detailed(state.config.raw),
    }
    if as_json:
        emit_json(data)
        return
    from rich.table import Table

    from trustlog.views import console as render

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row(
        "config file", data["config"] + ("" if data["config_exists"] else "  (not created yet)")
    )
    table.add_row("journal", data["db"])
    table.add_row("name", str(data["name"]))
    table.add_row("sync", str(data["sync"] or "(not set)"))
    table.add_row("remind.detailed", "true" if data["remind.detailed"] else "false")
    for kind, weight in state.config.weights.items():
        table.add_row(f"weights.{kind}", str(weight))
    render.console(state).print(table)


def _detailed(raw: Any) -> bool:
    table = raw.get("remind")
    return isinstance(table, dict) and table.get("detailed") is True


@config_app.command("set", context_settings={"ignore_unknown_options": True})
def config_set(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(help="db, name, sync, remind.detailed, or weights.KIND (weights.away)."),
    ],
    value: Annotated[str, typer.Argument(help="The new value.")],
) -> None:
    """Change one setting; new weights apply to entries recorded from now on."""
    from trustlog.app.config import set_value

    state = state_of(ctx)
    set_value(state.config, key, value)
    if key == "name" and state.journal_path.exists():
        from trustlog.features.settings.settings import rename_owner

        with state.journal(write=True) as journal:
            rename_owner(journal, value)
    print(f"{key} = {value}  (saved in {state.config.path})")


@config_app.command("path")
def config_path(ctx: typer.Context) -> None:
    """Print where the config file lives (even when it cannot be read)."""
    from trustlog.app.config import config_path as where

    print(where(state_of(ctx).env))

"""`trustlog doctor [--fix] [--json]` and `trustlog doctor --adopt FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.errors import BadInput
from trustlog.app.options import Json, emit_json, state_of
from trustlog.app.state import State


@app.command()
def doctor(
    ctx: typer.Context,
    fix: Annotated[
        bool, typer.Option("--fix", help="Repair what can be repaired exactly, and say what.")
    ] = False,
    adopt: Annotated[
        str | None,
        typer.Option(
            "--adopt",
            metavar="FILE",
            help="Make a restored .dump of a trustlog journal a trustlog journal again.",
        ),
    ] = None,
    as_json: Json = False,
) -> int:
    """Check the journal file against its entries and the rules; exit 1 while a problem is left.

    It looks at integrity, schema, triggers, daily totals and search index against
    the entries, rows that break the rules (listed by id), permissions and leftover
    temp files.

    --fix re-creates what follows from the entries, makes the files private and
    removes leftovers of stopped commands; it never changes an entry.

    --json prints "path", "exists", "ok", "found" and "remaining" (each a list of
    {"check", "problem", "fixable"}) and "fixed" (lines).
    """
    from trustlog.features.doctor import doctor as use_case

    state = state_of(ctx)
    if adopt is not None:
        if fix:
            raise BadInput("Choose --adopt or --fix, not both.")
        path = Path(adopt).expanduser()
        version = use_case.adopt(path)
        if as_json:
            emit_json({"path": str(path), "adopted": True, "schema_version": version})
        else:
            print(f"{path} is a trustlog journal again; open it with --db {path}.")
        return 0
    diagnosis = use_case.diagnose(state.journal_path, repair=fix, key=_key(state))
    if as_json:
        emit_json(diagnosis.to_json())
    else:
        from trustlog.features.doctor.view import show
        from trustlog.views import console as render

        show(render.console(state), diagnosis)
    return 0 if diagnosis.healthy else 1


def _key(state: State) -> bytes | None:
    """A locked journal's key when it is given; without it (or when no passphrase opens
    the file, which may be a plain journal whose header was damaged) the doctor looks at
    the file as it is and says which of the two it may be."""
    from trustlog.app.errors import TrustlogError

    try:
        return state.journal_key()
    except TrustlogError:
        return None

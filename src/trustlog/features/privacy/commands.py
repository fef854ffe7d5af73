"""`trustlog encrypt | decrypt | passphrase | unlock | lock | key | purge`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from trustlog.app.cli import app
from trustlog.app.options import state_of
from trustlog.features.privacy import privacy
from trustlog.features.privacy.passphrases import new_passphrase

NewPassphraseFile = Annotated[
    str | None,
    typer.Option(
        "--new-passphrase-file",
        help="Read the new passphrase from this file (one trailing newline is stripped).",
    ),
]


@app.command()
def encrypt(ctx: typer.Context, new_passphrase_file: NewPassphraseFile = None) -> None:
    """Lock this journal: encrypt the whole file with a passphrase (asked twice)."""
    state = state_of(ctx)
    privacy.encrypt(state, new_passphrase(state.env, new_passphrase_file, also_plain=True))
    print(
        "The journal is locked. Captures still save at once while it is locked; "
        "`trustlog unlock` lets you read it. Keep the passphrase safe: "
        "nobody can open the journal without it."
    )
    copies = privacy.plain_copies_beside(state.journal_path)
    if copies:
        names = ", ".join(copy.name for copy in copies[:5]) + (" …" if len(copies) > 5 else "")
        print(
            f"Not encrypted: {len(copies)} backup{'s' if len(copies) > 1 else ''} beside it "
            f"still hold{'' if len(copies) > 1 else 's'} your notes in plain form ({names}); "
            "remove them when you no longer need them, or keep them somewhere safe."
        )


@app.command()
def decrypt(ctx: typer.Context) -> None:
    """Turn a locked journal back into a plain SQLite file."""
    privacy.decrypt(state_of(ctx))
    print("The journal is a plain file again; anyone who can read the file can read it.")


@app.command()
def passphrase(ctx: typer.Context, new_passphrase_file: NewPassphraseFile = None) -> None:
    """Change a locked journal's passphrase (asks the old one, then the new one twice)."""
    state = state_of(ctx)
    privacy.change_passphrase(state, lambda: new_passphrase(state.env, new_passphrase_file))
    print("The passphrase is changed; run `trustlog unlock` to use the journal again.")


@app.command()
def unlock(
    ctx: typer.Context,
    for_: Annotated[
        str | None,
        typer.Option("--for", help="How long to remember the key: 30m, 8h, 2d (default 12h)."),
    ] = None,
) -> None:
    """Remember a locked journal's key for this login session."""
    until = privacy.unlock(state_of(ctx), for_)
    print(f"Unlocked until {until:%Y-%m-%d %H:%M}; `trustlog lock` locks it sooner.")


@app.command()
def lock(ctx: typer.Context) -> None:
    """Forget the remembered key now."""
    if privacy.lock(state_of(ctx)):
        print("Locked. Captures still save; reading asks for the passphrase.")
    else:
        print("This journal is not encrypted; `trustlog encrypt` locks it.")


@app.command()
def key(ctx: typer.Context) -> None:
    """Print the journal's public age key (for sealing entries to it, e.g. from another device)."""
    print(privacy.public_key_of(state_of(ctx)))


@app.command()
def purge(
    ctx: typer.Context,
    ids: Annotated[list[int] | None, typer.Argument(help="Entry IDs to erase for good.")] = None,
    deleted: Annotated[bool, typer.Option("--deleted", help="Erase every deleted entry.")] = False,
    promise: Annotated[
        int | None, typer.Option("--promise", help="Erase this promise and its entries.")
    ] = None,
    injury: Annotated[
        int | None, typer.Option("--injury", help="Erase this injury and its repair steps.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase entries, a promise or an injury for good (not restorable; a tombstone stays)."""
    from trustlog.app.errors import BadInput
    from trustlog.features.privacy.purge import Target, plan
    from trustlog.features.privacy.purge import purge as run_purge
    from trustlog.journal.locked import in_terminal

    state = state_of(ctx)
    target = Target(tuple(ids or ()), deleted, promise, injury)
    with state.journal(write=True) as journal:
        chosen = plan(journal, target)
        if chosen.count and not yes:
            if not in_terminal():
                raise BadInput("purge erases for good; add --yes to confirm. Nothing was changed.")
            reach = " (here and, at their next sync, on your other devices)"
            where = reach if state.config.raw.get("sync") else ""
            question = f"Erase {chosen.described()} for good{where}? This cannot be undone"
            if not _confirmed(question):
                print("Nothing was erased.")
                return
        erased = run_purge(journal, chosen)
    print(f"Erased {chosen.described()} for good." if erased else "Nothing to erase.")


def _confirmed(question: str) -> bool:
    """y/N on the terminal; Ctrl-C always interrupts (`app.terminal`), Enter is no."""
    from trustlog.app.terminal import read_line

    answer = read_line(sys.stdin, f"{question} [y/N]: ", sys.stderr)
    return answer.strip().lower() in ("y", "yes")

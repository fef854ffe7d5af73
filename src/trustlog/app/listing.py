"""What `trustlog --help` lists, so the listing can be drawn without the Typer app.

The Typer app imports every room to list the commands (~60 ms on top of
Typer itself); `main` draws the same screen from this table instead
(`views.root_help`).  tests/test_root_help.py renders both and requires the
same characters, so a command's changed first line of help fails that test
until it is changed here too.
"""

from __future__ import annotations

#: The app's description, the first thing under the usage line.
DESCRIPTION = (
    "A daily trust journal: record the small moments — bids met by turning toward, away "
    "or against, promises kept and broken, injuries and their repair — and watch the "
    "emotional bank account they add up to. Run without a command for the home screen."
)

#: The root options: long name, short name, value type, help.
ROOT_OPTIONS = (
    ("--db", "", "<str>", "Use this journal file (else TRUSTLOG_DB, the config, the default)."),
    (
        "--passphrase-file",
        "",
        "<str>",
        "Read a locked journal's passphrase from this file (for scripts).",
    ),
    ("--version", "", "", "Print the version and exit."),
    ("--help", "-h", "", "Show this message and exit."),
)

#: Each listed command and the first paragraph of its help, in the listing's order.
COMMAND_HELP = (
    ("toward", "A bid met by turning toward it (+1): you noticed, answered, engaged."),
    ("away", "A bid missed or ignored (−5). Noticing it is already a step."),
    (
        "against",
        ("A bid met with irritation or contempt (−10). Writing it down is honest, not a verdict."),
    ),
    (
        "deposit",
        ("Any other micro-deposit (+AMOUNT): a truth spoken, an appreciation, a kindness."),
    ),
    ("withdraw", "Any other withdrawal (−AMOUNT)."),
    ("log", "The entries, newest first (`--deleted`: the trash)."),
    ("undo", "Take back the most recently recorded entry, or the whole check-in just saved."),
    (
        "rm",
        ("Delete entries, all or none (softly: `trustlog log --deleted` lists them to restore)."),
    ),
    ("restore", "Bring back a deleted entry."),
    ("edit", "Correct an entry's note, day, amount, tags, who did it or a bid's kind."),
    (
        "balance",
        ("The home screen: balance, this week, 30 days, your turning toward, promises, days kept."),
    ),
    (
        "promise",
        "Make a promise: once (--due), again and again (--every), or a standing agreement.",
    ),
    ("kept", "Mark a promise kept (+1): its latest open occurrence, or the next (early is fine)."),
    ("broken", "Mark a promise broken (−5). Writing it down helps you both see it."),
    (
        "promises",
        (
            "Your open promises: when each is next due, the days missed, and how often "
            "each was kept."
        ),
    ),
    ("drop", "Retire a promise that no longer fits; its kept and broken history stays."),
    (
        "excuse",
        ("Let a promise's unmarked days go: neither kept nor broken, and not asked about again."),
    ),
    (
        "injury",
        "Record an injury (a breach of trust) as one large withdrawal; say who: -p or --me.",
    ),
    ("repair", "Walk through the repair of an injury, one step at a time."),
    ("checkin", "Walk through the day: bids both ways, promises due, a note; saved all at once."),
    ("remind", "What the schedule runs each evening: silent once today is reviewed."),
    ("alias", "Print suggested shell aliases for the capture commands."),
    (
        "hook",
        ("Print lines for your shell's rc file: after the hour, one line until you check in."),
    ),
    ("prompt", "One small thing to try tomorrow, chosen from what the day held."),
    (
        "report",
        ("One row per period: deposits, withdrawals, net, running balance, bids, promises."),
    ),
    ("chart", ("The running balance over time as a line, with the zero line and injuries marked.")),
    (
        "calendar",
        "A year at a glance: one square per day, green for deposits, red for withdrawals.",
    ),
    ("search", "Find entries by the words in their notes (full text, best match first)."),
    (
        "export",
        ("Export the journal: JSON to keep it, CSV for a spreadsheet, Markdown or HTML to read."),
    ),
    ("import", ("Bring entries in from a file; importing the same file twice adds nothing twice.")),
    ("merge", "Bring together two copies of your own journal, say a laptop's and a desktop's."),
    (
        "compare",
        (
            "Your journal and your partner's side by side: a starting point for talking, "
            "not a verdict."
        ),
    ),
    ("backup", "Make a consistent copy of the journal, safe even while trustlog is writing."),
    (
        "doctor",
        "Check the journal file against its entries and the rules; exit 1 while a problem is left.",
    ),
    ("sync", "Keep this journal in step across your own devices through a synced folder."),
    (
        "share",
        ("Make a packet for your partner's `trustlog compare`: kinds, days, amounts, titles."),
    ),
    ("demo", "See trustlog at work: six weeks of example entries, in a temporary file."),
    ("encrypt", "Lock this journal: encrypt the whole file with a passphrase (asked twice)."),
    ("decrypt", "Turn a locked journal back into a plain SQLite file."),
    (
        "passphrase",
        ("Change a locked journal's passphrase (asks the old one, then the new one twice)."),
    ),
    ("unlock", "Remember a locked journal's key for this login session."),
    ("lock", "Forget the remembered key now."),
    (
        "key",
        (
            "Print the journal's public age key (for sealing entries to it, e.g. from "
            "another device)."
        ),
    ),
    (
        "purge",
        ("Erase entries, a promise or an injury for good (not restorable; a tombstone stays)."),
    ),
    (
        "help",
        "Short pages on the research, on feeling unsafe, and on privacy; alone, the commands.",
    ),
    (
        "completion",
        "Print a completion script for your shell: commands, options, and ids with their titles.",
    ),
    ("config", "Show or change settings (the journal's path, your name, the weights)."),
    ("cron", "Set up (or remove) the nightly reminder in your crontab."),
    (
        "schedule",
        ("The nightly reminder: a systemd user timer where systemd runs, else a cron line."),
    ),
)

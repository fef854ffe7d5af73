"""The pages of `trustlog help research`, `help safety` and `help privacy`.

Plain strings, at most 80 columns and about 45 lines each, so they read the
same in a terminal, a pager and the README. Research figures are always given
with their source and their limits (spec: "Tone and care").
"""

from __future__ import annotations

from trustlog.app.errors import BadInput

RESEARCH = """\
The research behind trustlog's figures

These figures come from studies that watched couples in a lab. trustlog
compares them with a journal you keep yourself, from your side: a
reference, not a verdict. The balance is a mirror for you, not a score to
hold over anyone.

Turning toward bids
- 86% and 33%: in Gottman's newlywed "apartment lab" study, as retold in
  his books, couples still married six years later had turned toward 86%
  of bids, and couples whose marriages had ended, 33% (some retellings say
  87%). The peer-reviewed paper on bids: Driver & Gottman (2004), "Daily
  marital interactions and positive affect during marital conflict among
  newlywed couples", Family Process 43(3).

The 5:1 ratio
- Measured during a conflict discussion in the lab, not over a whole day:
  stable couples showed about five positive moments for each negative one,
  couples heading for divorce about 0.8 to 1 (Gottman & Levenson 1992,
  Journal of Personality and Social Psychology 63(2)). trustlog's weights
  (one withdrawal weighs five deposits) borrow the idea; they do not
  measure the same thing.

Limits
- Predicting break-ups from such studies has been criticised: accuracy
  drops once the models are cross-validated (Heyman & Slep 2001, Journal
  of Marriage and Family 63(2)).
- Keeping score can itself hurt: a tit-for-tat ("exchange") mindset came
  before falling satisfaction in a 13-year study of 7,293 couples (Park,
  Johnson, Gordon & Impett 2025, Personality and Social Psychology
  Bulletin). So trustlog shows your own side first, and counts rather
  than verdicts.

Days, not streaks
- A broken streak lowers later engagement, more so when people blame
  themselves (Silverman & Barasch 2023, Journal of Consumer Research).
- Missing one day did not harm forming a habit (Lally et al. 2010, European
  Journal of Social Psychology). So trustlog counts the days kept out of
  the last 28; a missed day breaks nothing.

Injuries and repair
- Attachment injuries: Sue Johnson's Emotionally Focused Therapy (Johnson,
  Makinen & Millikin 2001, Journal of Marital and Family Therapy 27(2)).
- The four steps (reveal, acknowledge, make it right, the long game):
  Nate and Kaley Klemp, "The 80/80 Marriage" (2021).
"""

SAFETY = """\
If you feel unsafe

If you are afraid of your partner, or have been hurt, your safety comes
first: before this journal, and before any repair.

- In danger right now: call your local emergency number (for example 911
  in the US and Canada, 999 in the UK, 112 across the EU).
- To talk it through in confidence, a domestic-abuse service can help you
  make a plan. For example, in the US, the National Domestic Violence
  Hotline, 1-800-799-7233; in the UK, Refuge's National Domestic Abuse
  Helpline, 0808 2000 247 (both free, day and night). Elsewhere, your local
  emergency number can point you to a service near you.
- Repair is for when both of you are safe. Nothing here asks you to mend
  what is not safe to mend.

A journal can be found
Someone with this computer, its backups or a synced folder may read it.
- trustlog encrypt locks the journal with a passphrase; trustlog lock
  forgets the key at once.
- trustlog purge ID erases an entry for good, not just to the trash;
  trustlog purge --deleted empties the trash for good.
- A neutral name draws no eye: trustlog --db ~/notes/recipes.db toward ...
  (or set TRUSTLOG_DB in a file only you can read).
- Shell history keeps what you type, notes too. In bash, with
  HISTCONTROL=ignorespace (or ignoreboth), a command that starts with a
  space is not saved; trustlog checkin asks for notes instead.
- Copies in backups or synced folders can outlive encrypt and purge, and a
  passphrase can be watched as it is typed: see trustlog help privacy.

trustlog never guesses from your words whether you are in danger, and it
does not read your notes for that. You know your situation best.

Services and numbers can change; in danger, your local emergency number
always comes first.
"""

PRIVACY = """\
What trustlog keeps, and where

Everything stays on this computer. trustlog sends nothing anywhere: no
account, no telemetry, no update checks. Files are readable by you alone
(0600, in folders 0700). The places, by default:

- The journal: one SQLite file, ~/.local/share/trustlog/trustlog.db
  (under $XDG_DATA_HOME), or where --db, TRUSTLOG_DB or the config says.
- The config: ~/.config/trustlog/config.toml (under $XDG_CONFIG_HOME, or
  $TRUSTLOG_CONFIG): your name and settings, no entries.
- The last day reviewed: ~/.local/state/trustlog/reviewed (under
  $XDG_STATE_HOME), a date and nothing else, read by the shell hook.
- While unlocked: the key (never the passphrase) in a memory-only folder,
  $XDG_RUNTIME_DIR/trustlog/, gone at logout, or sooner with trustlog lock
  or when the time you gave runs out.
- While locked: new entries wait, encrypted, in an inbox beside the
  journal (trustlog.db.inbox) until the next unlock folds them in.
- With sync: batches of changes under DIR/trustlog/, encrypted when the
  journal is.
- Backups and exports go only where you point them. A backup of an
  encrypted journal stays encrypted; an export is plain, and says so.

What encryption cannot do
- A passphrase can be watched as it is typed, or guessed if it is short.
- The old bytes of a file can outlive trustlog decrypt or trustlog purge:
  on SSDs, in backups and in synced folders.
- Notes typed on the command line land in your shell history. Start the
  command with a space (with HISTCONTROL=ignorespace in bash), or let
  trustlog checkin ask for the note.
- While unlocked, anyone using your login can read the journal.
"""

TOPICS: dict[str, str] = {
    "research": RESEARCH,
    "safety": SAFETY,
    "privacy": PRIVACY,
}

SUMMARIES: dict[str, str] = {
    "research": "where the figures come from, and what they cannot tell you",
    "safety": "if you feel unsafe: where to turn, and keeping a journal private",
    "privacy": "what trustlog stores, where, and the limits of encryption",
}


def topic_text(name: str) -> str:
    """The page for one topic; an unknown name lists the ones there are (exit 2)."""
    try:
        return TOPICS[name]
    except KeyError:
        known = ", ".join(TOPICS)
        raise BadInput(f"there is no help topic {name!r}; the topics are {known}") from None

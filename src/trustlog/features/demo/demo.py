"""`trustlog demo`: six weeks of a made-up journal, in a temporary file.

It is the README's first command, so it is built with exactly the commands a
user types — each one on its own day with a fixed clock, captures the way
`main`'s fast path takes them and everything else through the Typer app —
and then shows the home screen and the repair view.  The user's journal is
never opened.
"""

from __future__ import annotations

import contextlib
import io
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from trustlog.app.clock import FixedClock
from trustlog.app.errors import TrustlogError
from trustlog.app.state import State

if TYPE_CHECKING:
    from trustlog.app.grammar import Capture
    from trustlog.core.models import NewEntry

DAYS = 42
#: What the demo couple do for each other, as they would type it.
TOWARD_ME = [
    "asked how the interview went",
    "made her coffee before work",
    "listened about her sister",
    "texted a photo of the dog",
    "put my phone away at dinner",
    "noticed the new haircut",
    "sat with her while she called the bank",
    "laughed at the bad pun",
]
TOWARD_PARTNER = [
    "brought me tea",
    "asked about my back",
    "saved me the last dumpling",
    "hugged me when I got home",
    "remembered the call with my dad",
    "sent a funny link",
]
AWAY = [
    (["away"], "kept scrolling when she showed me the article"),
    (["away", "-p"], "did not look up when I said I was tired"),
    (["away"], "missed her text about the train"),
    (["away", "-p"], "changed the subject about my week"),
]
AGAINST = [
    (["against"], "snapped about the dishes @stress"),
    (["against", "-p"], "eye-roll at my plan"),
]
#: Stand-ins for ids the journal hands out on the day they are made.
INJURY, AMEND = "<injury>", "<amend>"
#: The story's turning points by day offset: (the id to keep, or None; the command).
TURNING_POINTS: dict[int, list[tuple[str | None, tuple[str, ...]]]] = {
    9: [(None, (*AGAINST[0][0], AGAINST[0][1]))],
    12: [(INJURY, ("injury", "kept a credit-card bill from her", "--severity", "major", "--me"))],
    13: [(None, ("repair", INJURY, "--step", "reveal", "she told me how alone it made her feel"))],
    15: [
        (None, ("repair", INJURY, "--step", "acknowledge", "I owned it, no excuses")),
        (None, ("deposit", "3", "showed her every statement @money")),
    ],
    17: [
        (None, ("repair", INJURY, "--step", "amends", "we agreed what would help")),
        (AMEND, ("repair", INJURY, "--amend", "date night, phones away", "--every", "friday")),
    ],
    26: [(None, (*AGAINST[1][0], AGAINST[1][1]))],
    34: [
        (None, ("repair", INJURY, "--step", "long-game", "small deposits, for as long as it takes"))
    ],
}


class _Journal:
    """Runs real trustlog commands against the demo file, quietly, on a given day."""

    def __init__(self, state: State, path: Path) -> None:
        env = dict(state.env)
        env.pop("TRUSTLOG_DB", None)
        # An empty config of its own: the user's weights (or a broken
        # config.toml) must not change or break the example.
        config = path.parent / "config.toml"
        config.touch(mode=0o600, exist_ok=True)
        env["TRUSTLOG_CONFIG"] = str(config)
        self.env, self.path = env, path
        #: Captures waiting to be written together (the journal opened once, not per line).
        self.pending: list[NewEntry] = []

    def run(self, day: date, *args: str) -> str:
        from trustlog.app import grammar

        if args[0] in grammar.CAPTURES:
            self.pending.append(self._capture(day, grammar.parse_capture(args[0], args[1:])))
            return ""
        self.flush(day)
        from trustlog.app.cli import run

        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = run(["--db", str(self.path), *args], self.env, FixedClock(day))
        except TrustlogError as error:
            raise TrustlogError(f"The demo could not be built ({error.message}).") from None
        if code != 0:
            problem = (err.getvalue().strip().splitlines() or ["no message"])[0]
            raise TrustlogError(f"The demo could not be built ({problem}).")
        return out.getvalue()

    def _capture(self, day: date, parsed: Capture) -> NewEntry:
        """A capture the way `main` reads it (the grammar, then the same checks and
        weights); written with the others of its day by `flush`."""
        from trustlog.features.entries.entries import planned

        try:
            return planned(self._state(day), parsed)
        except TrustlogError as error:
            raise TrustlogError(f"The demo could not be built ({error.message}).") from None

    def _state(self, day: date) -> State:
        return State(env=self.env, clock=FixedClock(day), db_option=str(self.path))

    def flush(self, day: date) -> None:
        """Write the waiting captures in one transaction, in the order they came."""
        if self.pending:
            with self._state(day).journal(write=True) as journal:
                journal.add(self.pending)
            self.pending = []

    def show(self, day: date, *args: str) -> None:
        """Run a view straight to the screen."""
        self.flush(day)
        from trustlog.app.cli import run

        run(["--db", str(self.path), *args], self.env, FixedClock(day))

    def made(self, day: date, *args: str) -> str:
        """Run a command that prints a new id (promise, injury, amend) and return it."""
        return self.run(day, *args).split()[0]


@dataclass
class _Story:
    """The demo couple's six weeks, day by day, and the ids later days refer to."""

    journal: _Journal
    walk: str
    ids: dict[str, str] = field(default_factory=lambda: {INJURY: "", AMEND: ""})
    walk_broken: bool = False

    def ordinary_day(self, day: date, offset: int, rng: random.Random) -> None:
        """Bids both ways, and a missed one every third day."""
        for _ in range(rng.randint(2, 4)):
            self.journal.run(day, "toward", rng.choice(TOWARD_ME))
        for _ in range(rng.randint(1, 3)):
            self.journal.run(day, "toward", "-p", rng.choice(TOWARD_PARTNER))
        if offset % 3 == 1:
            words, note = rng.choice(AWAY)
            self.journal.run(day, *words, note)

    def turning_point(self, day: date, offset: int) -> None:
        for keep, command in TURNING_POINTS.get(offset, []):
            words = [self.ids.get(word, word) for word in command]
            if keep is None:
                self.journal.run(day, *words)
            else:
                self.ids[keep] = self.journal.made(day, *words)

    def promises_due(self, day: date, offset: int) -> None:
        """The Sunday walk (broken once, early on) and the Friday amend once it exists."""
        if day.weekday() == 6 and offset:
            self._sunday_walk(day, offset)
        if day.weekday() == 4 and self.ids[AMEND]:
            self.journal.run(day, "kept", self.ids[AMEND], "pasta and a long talk")

    def _sunday_walk(self, day: date, offset: int) -> None:
        if not self.walk_broken and offset > 7:
            self.journal.run(day, "broken", self.walk, "I stayed on the sofa")
            self.walk_broken = True
        else:
            self.journal.run(day, "kept", self.walk, "by the river")


def build(state: State, path: Path, today: date) -> str:
    """Fill `path` with six weeks ending `today`; returns the injury's id."""
    journal = _Journal(state, path)
    rng = random.Random(6)
    start = today - timedelta(days=DAYS - 1)
    walk = journal.made(start, "promise", "Sunday walk together", "--every", "sunday")
    story = _Story(journal, walk)
    for offset in range(DAYS):
        day = start + timedelta(days=offset)
        story.ordinary_day(day, offset, rng)
        story.turning_point(day, offset)
        story.promises_due(day, offset)
        journal.flush(day)
    return story.ids[INJURY]


def show_demo(state: State) -> None:
    from trustlog.features.demo.view import demo_intro, demo_outro
    from trustlog.views import console as render

    today = state.today()
    out = render.console(state)
    with tempfile.TemporaryDirectory(prefix="trustlog-demo-") as folder:
        path = Path(folder) / "demo.db"
        injury = build(state, path, today)
        demo_intro(out)
        views: Sequence[Sequence[str]] = (("balance",), ("repair", injury))
        shown = _Journal(state, path)
        for view in views:
            out.rule(style="dim")
            shown.show(today, *view)
        out.rule(style="dim")
        demo_outro(out)

"""`trustlog help research|safety|privacy`, and the words kept out of every message."""

from __future__ import annotations

import pytest

from trustlog.app.errors import BadInput
from trustlog.core.wording import (
    DENY_LIST,
    days_kept_phrase,
    denied_phrases,
    missed_days_phrase,
)
from trustlog.features.help.topics import (
    PRIVACY,
    RESEARCH,
    SAFETY,
    SUMMARIES,
    TOPICS,
    topic_text,
)


def flat(text: str) -> str:
    """The page as one line, so a phrase wrapped across lines is still found."""
    return " ".join(text.split())


def test_the_three_topics_each_have_a_page_and_a_one_line_summary() -> None:
    assert set(TOPICS) == set(SUMMARIES) == {"research", "safety", "privacy"}
    assert all("\n" not in summary and len(summary) <= 70 for summary in SUMMARIES.values())
    assert topic_text("safety") == SAFETY


@pytest.mark.parametrize("name", sorted(TOPICS))
def test_pages_fit_a_terminal(name: str) -> None:
    lines = TOPICS[name].splitlines()
    assert len(lines) <= 45
    too_wide = [line for line in lines if len(line) > 80]
    assert too_wide == []
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize("name", sorted(TOPICS))
def test_pages_are_free_of_the_deny_list(name: str) -> None:
    assert denied_phrases(TOPICS[name]) == []
    assert denied_phrases(SUMMARIES[name]) == []


def test_an_unknown_topic_is_bad_input_naming_the_topics() -> None:
    with pytest.raises(BadInput, match="research, safety, privacy"):
        topic_text("sadness")


@pytest.mark.parametrize(
    "source",
    [
        "86%",
        "33%",
        "87%",
        '"apartment lab"',
        "Driver & Gottman (2004)",
        "Family Process",
        "Gottman & Levenson 1992",
        "during a conflict discussion",
        "0.8 to 1",
        "Heyman & Slep 2001",
        "cross-validated",
        "7,293 couples",
        "13-year",
        "Park, Johnson, Gordon & Impett 2025",
        "Silverman & Barasch 2023",
        "Lally et al. 2010",
        "Sue Johnson",
        "The 80/80 Marriage",
    ],
)
def test_research_names_each_figure_and_its_source(source: str) -> None:
    assert source in flat(RESEARCH)


def test_research_says_what_the_figures_are_and_are_not() -> None:
    page = flat(RESEARCH)
    assert "a journal you keep yourself" in page
    assert "a mirror for you, not a score" in page
    assert "not over a whole day" in page


@pytest.mark.parametrize(
    "needed",
    [
        "local emergency number",
        "domestic-abuse service",
        "1-800-799-7233",  # checked against the Hotline's published number
        "0808 2000 247",  # checked against Refuge's published number
        "trustlog encrypt",
        "trustlog purge",
        "--db ~/notes/recipes.db",
        "HISTCONTROL=ignorespace",
        "Repair is for when both of you are safe",
        "never guesses",
    ],
)
def test_safety_says_where_to_turn_and_how_to_keep_a_journal_private(needed: str) -> None:
    assert needed in flat(SAFETY)


def test_safety_names_no_single_country_as_the_only_way() -> None:
    page = flat(SAFETY)
    assert page.index("local emergency number") < page.index("1-800-799-7233")
    assert "Elsewhere" in page


@pytest.mark.parametrize(
    "needed",
    [
        "trustlog.db",  # the journal
        "config.toml",
        "reviewed",  # the state marker
        "$XDG_RUNTIME_DIR/trustlog/",  # the key while unlocked
        "inbox",
        "DIR/trustlog/",  # sync batches
        "sends nothing anywhere",
        "no telemetry",
        "watched as it is typed",
        "SSDs",
        "shell history",
    ],
)
def test_privacy_says_what_is_stored_where_and_what_encryption_cannot_do(needed: str) -> None:
    assert needed in flat(PRIVACY)


@pytest.mark.parametrize(
    ("n", "phrase"),
    [
        (1, "missed 1 day — mark it or let it go"),
        (2, "missed 2 days — mark them or let them go"),
        (5, "missed 5 days — mark them or let them go"),
    ],
)
def test_missed_days_phrase(n: int, phrase: str) -> None:
    assert missed_days_phrase(n) == phrase


def test_missed_days_phrase_needs_a_missed_day() -> None:
    with pytest.raises(ValueError):
        missed_days_phrase(0)


@pytest.mark.parametrize(
    ("kept", "window", "phrase"),
    [
        (24, 28, "kept 24 of the last 28 days"),
        (28, 28, "kept 28 of the last 28 days"),
        (0, 28, "nothing logged in the last 28 days — today is a good day to start"),
        (1, 1, "kept the last day"),
        (0, 1, "nothing logged in the last day — today is a good day to start"),
    ],
)
def test_days_kept_phrase(kept: int, window: int, phrase: str) -> None:
    assert days_kept_phrase(kept, window) == phrase


@pytest.mark.parametrize(("kept", "window"), [(29, 28), (-1, 28), (0, 0)])
def test_days_kept_phrase_refuses_impossible_counts(kept: int, window: int) -> None:
    with pytest.raises(ValueError):
        days_kept_phrase(kept, window)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("call mum: overdue ×9", ["overdue ×"]),
        ("Writing it down HONESTLY IS HOW it gets mended", ["honestly is how"]),
        ("Turning toward: 33% in those who Divorced", ["divorced"]),
        ("You failed to keep your streak", ["you failed", "your streak"]),
        ("the write failed: the disk is full", []),
        ("missed 9 days — mark them or let them go", []),
    ],
)
def test_denied_phrases_finds_the_hurtful_wordings_and_only_those(
    text: str, found: list[str]
) -> None:
    assert denied_phrases(text) == found


def test_the_deny_list_stays_short_and_lowercase() -> None:
    assert 4 <= len(DENY_LIST) <= 12
    assert all(phrase == phrase.casefold() for phrase in DENY_LIST)

"""One small suggestion for tomorrow: fitting the day, the same for a seed, kind."""

from __future__ import annotations

import tomllib
import zipfile
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from trustlog.core import suggestions
from trustlog.core.suggestions import (
    COMPASSION,
    NAME_A_FEELING,
    OPEN_QUESTION,
    PRACTICES,
    REFLECT_BACK,
    REPAIR_ATTEMPT,
    TURN_TOWARD,
    DaySummary,
    Suggestion,
    all_suggestions,
    practices_for,
    suggest,
)
from trustlog.core.wording import denied_phrases

GOOD_DAY = DaySummary(toward_given=4, toward_received=3, net=7, entries=7)
HARD_DAY_OF_MINE = DaySummary(toward_given=1, against_given=1, net=-9, entries=2)
HARD_DAY_FROM_THEM = DaySummary(toward_given=3, against_received=2, net=-17, entries=5)
INJURY_DAY = DaySummary(injury=True, net=-100, entries=1)
EMPTY_DAY = DaySummary()
SEEDS = range(200)


def practices_seen(day: DaySummary) -> set[str]:
    return {suggest(day, seed).practice for seed in SEEDS}


def test_the_same_seed_gives_the_same_suggestion() -> None:
    for day in (GOOD_DAY, HARD_DAY_OF_MINE, EMPTY_DAY):
        assert [suggest(day, seed) for seed in SEEDS] == [suggest(day, seed) for seed in SEEDS]


def test_different_seeds_vary_the_suggestion() -> None:
    assert len({suggest(GOOD_DAY, seed).text for seed in SEEDS}) >= 5


def test_an_injury_asks_only_for_words_for_a_feeling() -> None:
    # Whoever caused it, nobody is told to make amends at the end of a check-in.
    assert practices_seen(INJURY_DAY) == {NAME_A_FEELING}
    injury_after_a_good_day = DaySummary(toward_given=5, injury=True, net=-95, entries=6)
    assert practices_seen(injury_after_a_good_day) == {NAME_A_FEELING}


def test_a_hard_day_with_my_part_in_it_suggests_repair_or_compassion() -> None:
    assert practices_seen(HARD_DAY_OF_MINE) == {REPAIR_ATTEMPT, COMPASSION}


def test_a_hard_day_that_came_from_the_other_side_asks_no_repair_of_the_hurt() -> None:
    assert practices_seen(HARD_DAY_FROM_THEM) == {NAME_A_FEELING}


def test_a_broken_promise_makes_a_hard_day_even_when_the_net_is_not_negative() -> None:
    mine = DaySummary(toward_given=6, broken_promise=True, net=1, entries=7, hurt_given=5)
    assert mine.hard_day
    assert practices_seen(mine) == {REPAIR_ATTEMPT, COMPASSION}


def test_the_partners_broken_promise_or_withdrawal_asks_no_repair_of_the_hurt() -> None:
    # The review found "Make a repair attempt" after a partner's broken promise.
    broken_by_them = DaySummary(
        toward_given=2, broken_promise=True, net=-3, entries=3, hurt_received=5
    )
    withdrawn_by_them = DaySummary(net=-20, entries=1, hurt_received=20)
    nobodys = DaySummary(net=-4, entries=1)
    for day in (broken_by_them, withdrawn_by_them, nobodys):
        assert day.hard_day
        assert practices_seen(day) == {NAME_A_FEELING}


def test_a_good_day_deepens_with_questions_and_listening() -> None:
    assert practices_seen(GOOD_DAY) == {OPEN_QUESTION, REFLECT_BACK}


def test_an_empty_day_suggests_one_small_step_toward() -> None:
    assert EMPTY_DAY.empty
    assert practices_seen(EMPTY_DAY) == {TURN_TOWARD, OPEN_QUESTION}


def test_a_day_with_a_deposit_only_is_not_empty() -> None:
    day = DaySummary(net=3, entries=1)
    assert not day.empty
    assert practices_seen(day) == {TURN_TOWARD, OPEN_QUESTION}


def test_a_calm_day_with_a_missed_bid_suggests_turning_toward() -> None:
    day = DaySummary(toward_given=5, away_given=1, net=0, entries=6)
    assert not day.hard_day
    assert practices_seen(day) == {TURN_TOWARD, COMPASSION}


def test_practices_for_every_kind_of_day_exist_in_the_data_file() -> None:
    in_file = {s.practice for s in all_suggestions()}
    for day in (GOOD_DAY, HARD_DAY_OF_MINE, HARD_DAY_FROM_THEM, INJURY_DAY, EMPTY_DAY):
        assert set(practices_for(day)) <= in_file


def test_every_practice_has_three_to_five_variants() -> None:
    counts = Counter(s.practice for s in all_suggestions())
    assert set(counts) == set(PRACTICES)
    assert all(3 <= n <= 5 for n in counts.values()), counts


def test_every_suggestion_is_short_kind_and_has_a_why() -> None:
    for item in all_suggestions():
        assert isinstance(item, Suggestion)
        assert item.title and item.text and item.why
        assert len(item.text) <= 100, item.text
        assert len(item.why) <= 90, item.why
        assert denied_phrases(f"{item.title} {item.text} {item.why}") == [], item


def test_no_two_suggestions_say_the_same_thing() -> None:
    texts = [s.text for s in all_suggestions()]
    assert len(texts) == len(set(texts))


def test_the_data_file_is_read_from_the_installed_package() -> None:
    # Through importlib.resources, as suggest() reads it, from wherever trustlog
    # was imported (site-packages in CI, where it is installed without -e).
    data_file = resources.files("trustlog.core").joinpath("suggestions.toml")
    assert data_file.is_file()
    document = tomllib.loads(data_file.read_text(encoding="utf-8"))
    assert len(document["suggestion"]) == len(all_suggestions())


def test_the_wheel_ships_the_data_file(tmp_path: Path) -> None:
    wheel = pytest.importorskip(
        "hatchling.builders.wheel", reason="hatchling is not installed, so no wheel is built here"
    )
    root = Path(__file__).resolve().parents[1]
    built = list(wheel.WheelBuilder(str(root)).build(directory=str(tmp_path)))
    assert len(built) == 1
    assert "trustlog/core/suggestions.toml" in zipfile.ZipFile(built[0]).namelist()


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ({"practice": {}, "suggestion": [{"practice": "x", "text": "t", "why": "w"}]}, "unknown"),
        ({"practice": {"compassion": {"title": ""}}}, "title"),
        ({"practice": {"compassion": {"title": "C"}}, "suggestion": [{"practice": "compassion",
          "text": "t"}]}, "why"),
        ({"practice": {"compassion": {"title": "C"}}, "suggestion": [{"practice": "compassion",
          "text": "t", "why": "w"}]}, "no suggestion for name-a-feeling"),
    ],
)  # fmt: skip
def test_a_broken_data_file_names_what_is_wrong(
    document: dict[str, object], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        suggestions._parse(document)

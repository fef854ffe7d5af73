"""Honest numbers: Wilson intervals, rates as the screen shows them, days kept."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from trustlog.core.statistics import (
    Z_95,
    days_kept,
    format_rate,
    percent,
    rate,
    ratio,
    wilson_interval,
)


def wilson_by_hand(successes: int, trials: int) -> tuple[float, float]:
    """The Wilson score interval written out from its textbook form, independently.

    (2np + z² ∓ z·√(z² + 4np(1−p))) / (2(n + z²)), which is algebraically the
    same interval as the centre ± half-width form the module uses.
    """
    n, p, z = trials, successes / trials, Z_95
    root = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    low = (2 * n * p + z * z - root) / (2 * (n + z * z))
    high = (2 * n * p + z * z + root) / (2 * (n + z * z))
    return max(0.0, low), min(1.0, high)


# Expected ends to 6 places, computed with 40-digit decimals from the formula,
# and for the last four rows also published: Newcombe (1998), "Two-sided
# confidence intervals for the single proportion", Statistics in Medicine
# 17:857-872, method 3 (Wilson score, no continuity correction), which gives
# 0.2553-0.3662, 0.0624-0.1605, 0.0000-0.1611 and 0.0061-0.1718.
WILSON_TABLE = [
    (0, 1, 0.0, 0.793451),  # z²/(1+z²) = 3.841459/4.841459
    (1, 1, 0.206549, 1.0),  # 1/(1+z²)
    (86, 100, 0.778628, 0.914737),  # the "86% of bids" figure, if it were 100 bids
    (140, 175, 0.734579, 0.852533),  # 80% of 175 bids
    (81, 263, 0.255289, 0.366210),
    (15, 148, 0.062386, 0.160487),
    (0, 20, 0.0, 0.161125),
    (1, 29, 0.006113, 0.171755),
]


@pytest.mark.parametrize(("successes", "trials", "low", "high"), WILSON_TABLE)
def test_wilson_interval_matches_the_table(
    successes: int, trials: int, low: float, high: float
) -> None:
    interval = wilson_interval(successes, trials)
    assert interval is not None
    assert interval[0] == pytest.approx(low, abs=1e-6)
    assert interval[1] == pytest.approx(high, abs=1e-6)


@pytest.mark.parametrize(("successes", "trials"), [(0, 3), (2, 3), (3, 3), (57, 61), (500, 999)])
def test_wilson_interval_agrees_with_the_other_form_of_the_formula(
    successes: int, trials: int
) -> None:
    assert wilson_interval(successes, trials) == pytest.approx(wilson_by_hand(successes, trials))


def test_no_trials_has_no_interval_and_no_rate() -> None:
    assert wilson_interval(0, 0) is None
    assert rate(0, 0) is None


def test_the_ends_are_exact_at_none_and_all() -> None:
    none = wilson_interval(0, 7)
    assert none is not None
    assert none[0] == 0.0
    assert none[1] == pytest.approx(wilson_by_hand(0, 7)[1])
    every = wilson_interval(7, 7)
    assert every is not None
    assert every[1] == 1.0
    assert every[0] == pytest.approx(1 - none[1])


def test_a_wider_z_gives_a_wider_interval() -> None:
    narrow = wilson_interval(30, 50, z=1.0)
    wide = wilson_interval(30, 50)
    assert narrow is not None and wide is not None
    assert wide[0] < narrow[0] < 0.6 < narrow[1] < wide[1]


@pytest.mark.parametrize(("successes", "trials"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_counts_are_refused(successes: int, trials: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(successes, trials)
    with pytest.raises(ValueError):
        rate(successes, trials)


def test_rate_is_not_rounded() -> None:
    assert rate(2, 3) == 2 / 3
    assert rate(140, 175) == 0.8


@pytest.mark.parametrize(
    ("successes", "trials", "noun", "shown"),
    [
        (140, 175, "bid", "80% of 175 bids, 73–85%"),
        (86, 100, "bid", "86% of 100 bids, 78–91%"),
        (1, 1, "bid", "100% of 1 bid, 21–100%"),
        (0, 1, "bid", "0% of 1 bid, 0–79%"),
        (0, 0, "bid", "no bids yet"),
        (3, 4, "promise", "75% of 4 promises, 30–95%"),
        # Half rounds up: 149/200 is 74.5%.
        (149, 200, "bid", "75% of 200 bids, 68–80%"),
        # A rate that is neither none nor all never reads as 0% or 100%;
        # the interval's ends may (99.98% is 100%).
        (999, 1000, "bid", "99% of 1000 bids, 99–100%"),
        (1, 1000, "bid", "1% of 1000 bids, 0–1%"),
    ],
)
def test_format_rate_shows_count_and_interval(
    successes: int, trials: int, noun: str, shown: str
) -> None:
    assert format_rate(successes, trials, noun) == shown


def test_format_rate_takes_an_irregular_plural() -> None:
    assert format_rate(1, 2, "reply", plural="replies") == "50% of 2 replies, 9–91%"
    assert format_rate(0, 0, "reply", plural="replies") == "no replies yet"


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [(0.0, 0), (1.0, 100), (0.745, 75), (0.7449, 74), (0.004, 1), (0.996, 99), (0.5, 50)],
)
def test_percent_rounds_half_up_and_keeps_none_and_all_exact(fraction: float, shown: int) -> None:
    assert percent(fraction) == shown


def test_percent_refuses_a_fraction_outside_zero_to_one() -> None:
    with pytest.raises(ValueError):
        percent(1.01)


END = date(2026, 3, 1)


def days(*offsets: int) -> list[date]:
    """Days counted back from END: 0 is END itself, 1 the day before."""
    return [END - timedelta(days=offset) for offset in offsets]


@pytest.mark.parametrize(
    ("active", "kept"),
    [
        ([], 0),
        (days(0), 1),
        (days(27), 1),  # the first day of the window
        (days(28), 0),  # the day before it
        (days(*range(28)), 28),
        (days(*range(0, 28, 2)), 14),  # every other day: gaps break nothing
        (days(0, 0, 0, 3, 3), 2),  # duplicates count once
        (days(-1, -30), 0),  # after END (a journal read --on an earlier date)
        (days(-1, 0, 1, 40), 2),
    ],
)
def test_days_kept_counts_distinct_days_in_the_window(active: list[date], kept: int) -> None:
    assert days_kept(active, END) == kept


def test_days_kept_crosses_month_and_leap_year_ends() -> None:
    # 1 March 2024 after a leap February: the window is 3 Feb .. 1 Mar.
    end = date(2024, 3, 1)
    active = [date(2024, 2, 29), date(2024, 2, 3), date(2024, 2, 2), date(2024, 1, 31)]
    assert days_kept(active, end) == 2
    # New Year: 28 days ending 10 Jan reach back to 14 Dec.
    new_year = [date(2025, 12, 13), date(2025, 12, 14), date(2025, 12, 31), date(2026, 1, 1)]
    assert days_kept(new_year, date(2026, 1, 10)) == 3


def test_days_kept_takes_any_iterable_and_other_windows() -> None:
    assert days_kept(iter(days(0, 6, 7)), END, window=7) == 2
    assert days_kept(days(0, 1), END, window=1) == 1
    with pytest.raises(ValueError):
        days_kept([], END, window=0)


@pytest.mark.parametrize(
    ("positives", "negatives", "expected"),
    [(10, 2, 5.0), (4, 5, 0.8), (0, 3, 0.0), (7, 0, None), (0, 0, None), (2, 3, 2 / 3)],
)
def test_ratio(positives: int, negatives: int, expected: float | None) -> None:
    assert ratio(positives, negatives) == expected


def test_ratio_refuses_negative_counts() -> None:
    with pytest.raises(ValueError):
        ratio(-1, 2)

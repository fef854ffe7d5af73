"""Honest numbers: rates shown with their count and a 95% Wilson interval.

A rate from a self-kept journal is a small sample; "80%" alone hides whether
it came from 5 bids or 500. Days kept out of a window replace a streak that
breaks, because a broken streak lowers later engagement (Silverman & Barasch
2023) while one missed day does not harm a habit (Lally et al. 2010).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

Z_95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""


def _check_counts(successes: int, trials: int) -> None:
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")


def rate(successes: int, trials: int) -> float | None:
    """successes / trials, unrounded; None when there were no trials."""
    _check_counts(successes, trials)
    if trials == 0:
        return None
    return successes / trials


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion; None for 0 trials.

    Chosen over the textbook p ± z·√(p(1−p)/n) because that one collapses to
    a width of zero at 0% and 100% and leaves [0, 1] for small counts, which
    is exactly where a new journal lives. The ends are exactly 0 and 1 when
    there are no successes or no failures, and are clipped to [0, 1].
    """
    _check_counts(successes, trials)
    if z <= 0:
        raise ValueError(f"z must be positive, got {z}")
    if trials == 0:
        return None
    n = trials
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == trials else min(1.0, centre + half_width)
    return low, high


def percent(fraction: float) -> int:
    """A fraction as a whole percent for the screen.

    Rounds half up (away from zero: 0.745 → 75), and never shows a share
    that is neither none nor all as 0% or 100% (0.999 → 99, 0.001 → 1), so
    a screen never claims "100%" of something that was missed once.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"a fraction must be within [0, 1], got {fraction}")
    if fraction in (0.0, 1.0):
        return round(fraction * 100)
    return min(99, max(1, math.floor(fraction * 100 + 0.5)))


def _exact_percent(successes: int, trials: int) -> int:
    """Like `percent`, in integers, so 149/200 is 75% whatever floats do."""
    if successes in (0, trials):
        return 100 * successes // trials
    half_up = (200 * successes + trials) // (2 * trials)
    return min(99, max(1, half_up))


def _bound_percent(fraction: float) -> int:
    """An interval's end as a whole percent, half up; no clamping: `0–1%` is honest."""
    return math.floor(fraction * 100 + 0.5)


def format_rate(successes: int, trials: int, noun: str, plural: str | None = None) -> str:
    """A rate with its count and 95% Wilson interval: `80% of 175 bids, 73–85%`.

    The rate rounds as `percent` does; the interval's ends round half up to
    the nearest percent (999 of 1000 reads `99% of 1000 bids, 99–100%`).
    `noun` is singular (`bid`); `plural` defaults to noun + "s". No trials
    reads `no bids yet` rather than a made-up number.
    """
    many = plural if plural is not None else noun + "s"
    interval = wilson_interval(successes, trials)
    if interval is None:
        return f"no {many} yet"
    low, high = interval
    counted = noun if trials == 1 else many
    shown = _exact_percent(successes, trials)
    return f"{shown}% of {trials} {counted}, {_bound_percent(low)}–{_bound_percent(high)}%"


def days_kept(active_days: Iterable[date], end: date, window: int = 28) -> int:
    """How many distinct days in (end − window, end] have an entry or a check-in.

    Days after `end` (a journal read `--on` an earlier date) and before the
    window do not count; the same day twice counts once.
    """
    if window < 1:
        raise ValueError(f"window must be at least one day, got {window}")
    start = end - timedelta(days=window)
    return len({day for day in active_days if start < day <= end})


def ratio(positives: int, negatives: int) -> float | None:
    """Positive moments per negative one, unrounded; None when none were negative."""
    if positives < 0 or negatives < 0:
        raise ValueError(f"counts cannot be negative, got {positives} and {negatives}")
    if negatives == 0:
        return None
    return positives / negatives

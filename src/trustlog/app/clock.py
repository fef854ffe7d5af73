"""The one source of "today" and "now": every date and timestamp comes from here.

Tests inject a `FixedClock` instead of patching `datetime` or writing raw
rows to control time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


class Clock:
    """The local calendar and the UTC wall clock."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def stamp(self) -> str:
        """`now()` as stored in `recorded_at` and `changed_at`."""
        return self.now().isoformat(timespec="microseconds")


class FixedClock(Clock):
    """A calendar stopped on one day; `now` is fixed too when given, else it runs."""

    def __init__(self, day: date, moment: datetime | None = None) -> None:
        self.day = day
        self.moment = moment

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return self.moment or super().now()

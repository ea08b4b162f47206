"""The diary the demo year is worked from, and its calendar.

Each activity records what happens on a day and books its next step on a
later working day; the diary works through the steps in date order (ties in
the order they were booked), so the log reads as the year happened.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from datetime import date, timedelta

Step = Callable[[date], None]


class Diary:
    """Steps booked on days, worked through in date order (ties in the order
    they were booked); steps after the last day are dropped."""

    def __init__(self, last_day: date) -> None:
        self.last_day = last_day
        self._steps: list[tuple[date, int, Step]] = []
        self._booked = itertools.count()

    def book(self, day: date, step: Step) -> None:
        if day <= self.last_day:
            heapq.heappush(self._steps, (day, next(self._booked), step))

    def run(self, until: date | None = None) -> None:
        """Work through the steps booked up to ``until`` (default: all)."""
        while self._steps and (until is None or self._steps[0][0] <= until):
            day, _, step = heapq.heappop(self._steps)
            step(day)


def workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def period_of(day: date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def derived_seed(seed: int, label: str) -> int:
    """A fixed seed for one draw, derived from the demo's seed."""
    return random.Random(f"qaledger-demo:{seed}:{label}").randrange(10**9)

"""How busy a platform is, from the messages sent per day (storage.usage): the busiest day, and each calendar
month's messages projected to the whole month against a monthly budget (Zalo's quota).  (pure)"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class MonthOutlook:
    """One calendar month seen through the days of it that were counted."""

    month: str  # "2026-03"
    days: int  # the month's days that were counted
    sent: int  # messages on those days
    projected: int  # at that rate, the whole month
    budget: int

    @property
    def share(self) -> float:
        """The projected month as a share of the budget (1.0: all of it)."""
        return self.projected / self.budget

    @property
    def over(self) -> bool:
        return self.projected > self.budget


def busiest(per_day: Mapping[date, int]) -> tuple[date, int] | None:
    """The day with the most messages (the earliest of equals); None when nothing was sent."""
    if not per_day or max(per_day.values()) <= 0:
        return None
    day = min(per_day, key=lambda d: (-per_day[d], d))
    return day, per_day[day]


def months(per_day: Mapping[date, int], first: date, last: date, budget: int) -> list[MonthOutlook]:
    """Each month that the days first..last (both counted, days without a message included) touch: its
    messages, and the whole month projected at the rate of its counted days, rounded up."""
    if budget <= 0:
        raise ValueError("a monthly budget is a positive number of messages")
    outlooks, start = [], first
    while start <= last:
        length = calendar.monthrange(start.year, start.month)[1]
        end = min(last, start.replace(day=length))
        counted = (end - start).days + 1
        sent = sum(n for day, n in per_day.items() if start <= day <= end)
        outlooks.append(MonthOutlook(f"{start:%Y-%m}", counted, sent, math.ceil(sent * length / counted), budget))
        start = end + timedelta(days=1)
    return outlooks


def days_of(last: date, count: int) -> tuple[date, date]:
    """The `count` days ending with `last` (today): (first, last)."""
    if count < 1:
        raise ValueError("at least one day")
    return last - timedelta(days=count - 1), last

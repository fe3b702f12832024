"""A monthly message budget (Zalo's free plan): when to combine reminders and when to warn.  (pure)

jobs/quota.py keeps the count in the database and calls these; they only take numbers and texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jobs import texts

SHORT_SHARE = 0.2  # under a fifth of the month left: one message per chat for the day's reminders
NEAR_SHARE = 0.8  # four fifths used: the focal point is told, while there is still time to act


@dataclass(frozen=True)
class Usage:
    """One month of one platform: the budget, the messages sent, and whether the platform said it is spent."""

    limit: int
    sent: int
    spent: bool = False  # Zalo answered 429: that is final for the month, whatever our count says

    @property
    def remaining(self) -> int:
        return 0 if self.spent else max(self.limit - self.sent, 0)


def is_short(usage: Usage, due_today: int) -> bool:
    """Reminders go combined once under a fifth of the budget is left, or when today's reminders, one
    message each, would not fit in what is left."""
    return usage.remaining < usage.limit * SHORT_SHARE or usage.remaining < due_today


def warning_due(usage: Usage) -> str | None:
    """The warning the focal point is owed: "spent", "near" (80 % used), or None."""
    if usage.remaining == 0:
        return "spent"
    return "near" if usage.sent >= usage.limit * NEAR_SHARE else None


def combine(messages: Sequence[str], example: str | None = None) -> str:
    """One chat's reminders as one message: a header, each reminder numbered, then once the commands to
    type (Zalo has no buttons); `example` is a task number for the «xong 17» hint."""
    lines = [texts.ZALO_COMBINED.format(count=len(messages))]
    lines += [f"{index}. {message}" for index, message in enumerate(messages, 1)]
    if example:
        lines.append(texts.ZALO_COMBINED_TYPE.format(number=example))
    return "\n".join(lines)


def days_it_lasts(usage: Usage, elapsed: int, left: int) -> float | None:
    """How many more days the month's remaining messages last at this month's rate so far: `elapsed` the days
    of the month begun (today counts: 1 on the first day), `left` the days after today. None: it lasts to the
    month's end (nothing sent yet, or enough left at this rate); 0.0: spent already."""
    if usage.remaining == 0:
        return 0.0
    if usage.sent == 0:
        return None
    lasts = usage.remaining / (usage.sent / max(elapsed, 1))
    return None if lasts >= left else lasts

"""The clock of a command: the real one, or a demo one for trying out a year.

`nhacviec run --console --date "02/02/2026 08:00"` (or NHACVIEC_TODAY) starts the console at that moment,
and time runs on from there. A date without a time starts at 08:00, when the day's reminders go out, so the
console shows what the unit's chat got that morning whatever the real time of day. The demo clock works on
the demo's own database (bot/cli/demo.py); a bot that people rely on always runs on the real clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from plan_data.zone import VN

Clock = Callable[[], datetime]
DEMO_TIME = time(8, 0)  # the policy's default send_at: the morning's reminders are out


def system_clock() -> datetime:
    return datetime.now(VN)  # clock


def demo_start(day: date, at: time | None = None) -> datetime:
    """The moment a demo starts: the day at the time given, or at 08:00."""
    return datetime.combine(day, at or DEMO_TIME, tzinfo=VN)


def demo_clock(start: datetime, real: Clock = system_clock) -> Clock:
    """A clock that reads `start` when it is made, then runs on with the real one."""
    offset = start - real()

    def now() -> datetime:
        return real() + offset

    return now

"""The clock of a command: the real one, or a demo one for trying out a year in the console chat.

`nhacviec run --console --date 20/03/2026` (or NHACVIEC_TODAY=20/03/2026) starts the console as if on that
day, at the time it is now, and time runs on from there. Only the console chat and `simulate` take a demo
date: a bot that people rely on always runs on the real clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from plan_data.zone import VN

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(VN)  # clock


def demo_clock(day: date, real: Clock = system_clock) -> Clock:
    """A clock that reads `day` at the real time of day it was made, then runs on with the real one."""
    started = real()
    offset = datetime.combine(day, started.timetz()) - started

    def now() -> datetime:
        return real() + offset

    return now

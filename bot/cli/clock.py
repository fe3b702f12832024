"""The clock of a command: the real one, or a demo one for trying out a year.

`nhacviec run --console --date "02/02/2026 08:00"` (or NHACVIEC_TODAY) starts the console at that moment,
and time runs on from there. A date without a time starts at 08:00 (bot/ops/moments.py), when the day's reminders go out, so the
console shows what the unit's chat got that morning whatever the real time of day. The demo clock works on
the demo's own database (bot/cli/demo.py); a bot that people rely on always runs on the real clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from plan_data.zone import VN

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(VN)  # clock


def demo_clock(start: datetime, real: Clock = system_clock) -> Clock:
    """A clock that reads `start` when it is made, then runs on with the real one."""
    offset = start - real()

    def now() -> datetime:
        return real() + offset

    return now

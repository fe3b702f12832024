"""The time zone every rule and message uses: Vietnam's, stated once.  (pure)"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local_day(moment: datetime) -> date:
    """The calendar day in Vietnam of an aware instant."""
    return moment.astimezone(VN).date()


def next_midnight(now: datetime, zone: ZoneInfo) -> datetime:
    """The start of the day after `now`'s, in `zone`."""
    local = now.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)

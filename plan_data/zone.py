"""The time zone every rule and message uses: Vietnam's, stated once.  (pure)"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local_day(moment: datetime) -> date:
    """The calendar day in Vietnam of an aware instant."""
    return moment.astimezone(VN).date()

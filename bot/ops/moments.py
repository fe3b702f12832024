"""Days and moments as a person types them, for a command's arguments and for the settings alike: 31/03/2026
as officers write it, and the demo's moment (`--date`, NHACVIEC_TODAY), a date alone being 08:00 of that day."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, time

from bot.ops import texts as t
from plan_data.zone import VN

DEMO_TIME = time(8, 0)  # the policy's default send_at: the morning's reminders are out

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_TIME = r"(?P<hour>\d{1,2})(?:[:hg](?P<minute>\d{2})?)?"  # 08:00, 8:00, 8h, 8h30, 8g30
_DAY = r"(?P<day>[\d/.-]+)"
_MOMENT = (re.compile(rf"{_DAY}(?:[ T]+{_TIME})?"), re.compile(rf"{_TIME} (?:ngày )?{_DAY}"))


def cli_date(text: str) -> date:
    """31/03/2026 as officers write it, or 2026-03-31 as scripts do."""
    try:
        found = _DMY.fullmatch(text.strip())
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày «{text}» không đúng; viết dd/mm/yyyy, ví dụ 31/03/2026") from None


def cli_moment(text: str) -> datetime:
    """A demo's moment: "02/02/2026 08:00", "02/02/2026 8h30", "8h30 02/02/2026", "2026-02-02T08:00"; a
    date alone is 08:00 of that day (DEMO_TIME)."""
    for pattern in _MOMENT:
        found = pattern.fullmatch(" ".join(text.split()))
        if found:
            try:
                at = time(int(found["hour"]), int(found["minute"] or 0)) if found["hour"] else None
                return demo_start(cli_date(found["day"]), at)
            except (ValueError, argparse.ArgumentTypeError):
                break
    raise argparse.ArgumentTypeError(t.BAD_MOMENT.format(text=text))


def demo_start(day: date, at: time | None = None) -> datetime:
    """The moment a demo starts: the day at the time given, or at 08:00."""
    return datetime.combine(day, at or DEMO_TIME, tzinfo=VN)

"""A reminder worker as its own process, for the kill-and-restart test: the real engine and the real
PTB Bot, on a clock that starts at a given instant and runs at real speed.

    python -m tests.support.worker DB_URL API_BASE_URL TOKEN START_ISO
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from telegram import Bot

from bot.channels.telegram import TelegramSender
from jobs.dispatch import RateLimiter
from jobs.scheduler import ReminderEngine
from storage.db import make_engine, make_sessions
from storage.models import Plan, Reminder


async def main(url: str, base_url: str, token: str, start: datetime) -> int:
    began = time.monotonic()

    def clock() -> datetime:
        return start + timedelta(seconds=time.monotonic() - began)

    sessions = make_sessions(make_engine(url))
    async with Bot(token, base_url=base_url) as bot:
        # the stand-in is local: pace like Telegram's global limit would, but not per chat per minute
        engine = ReminderEngine(sessions, clock, {"telegram": TelegramSender(bot)},
                                limiter=RateLimiter(per_second=2000, per_chat_per_minute=10_000), batch=20)
        while True:
            await engine.tick()
            with sessions.begin() as session:
                left = session.scalar(select(func.count()).select_from(Reminder)
                                      .where(Reminder.state.in_(("pending", "claimed"))))
                unplanned = session.scalar(select(func.count()).select_from(Plan).where(
                    or_(Plan.reminders_until.is_(None), Plan.reminders_until <= clock())))
            if not left and not unplanned:
                print("done", flush=True)
                return 0
            await asyncio.sleep(0.05)


if __name__ == "__main__":
    url, base_url, token, start = sys.argv[1:5]
    raise SystemExit(asyncio.run(main(url, base_url, token, datetime.fromisoformat(start))))

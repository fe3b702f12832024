"""A reminder worker as its own process, for the kill-and-restart tests: the real engine and the real
PTB Bot, on a clock that starts at a given instant and runs at real speed.

    python -m tests.support.worker DB_URL API_BASE_URL TOKEN START_ISO [--anchor EPOCH] [--pace telegram]
                                   [--batch N] [--timeout SECONDS]

--anchor: the wall-clock second at which the clock reads START, so that several workers (and a worker
and its restart) share one timeline, as processes on one machine share the real clock. --pace telegram:
Telegram's own limits (30/s, 20/min per chat), read from the database; by default the stand-in is not paced.
SIGTERM stops it as `nhacviec run` stops: the engine finishes the message in flight and gives back the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import time
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from telegram import Bot

from bot.channels.telegram import SEND_TIMEOUT, TelegramSender
from jobs.engine import ReminderEngine
from jobs.pace import UNPACED, Pace
from storage.db import make_engine, make_sessions
from storage.models import Plan, Reminder


async def main(args: argparse.Namespace) -> int:
    anchor = args.anchor if args.anchor is not None else time.time()

    def clock() -> datetime:
        return args.start + timedelta(seconds=time.time() - anchor)  # clock: the test's timeline

    sessions = make_sessions(make_engine(args.url))
    pace = Pace() if args.pace == "telegram" else UNPACED
    async with Bot(args.token, base_url=args.base_url) as bot:
        engine = ReminderEngine(sessions, clock, {"telegram": TelegramSender(bot, args.timeout)}, pace=pace,
                                batch=args.batch)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, lambda: (stopping.set(), loop.create_task(engine.stop())))
        while True:
            await engine.tick()
            print("ticked", flush=True)
            if stopping.is_set():
                await engine.stop()
                print("stopped", flush=True)
                return 0
            with sessions.begin() as session:
                left = session.scalar(select(func.count()).select_from(Reminder)
                                      .where(Reminder.state.in_(("pending", "claimed"))))
                unplanned = session.scalar(select(func.count()).select_from(Plan).where(
                    or_(Plan.reminders_until.is_(None), Plan.reminders_until <= clock())))
            if not left and not unplanned:
                print("done", flush=True)
                return 0
            await asyncio.sleep(0.05)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("base_url")
    parser.add_argument("token")
    parser.add_argument("start", type=datetime.fromisoformat)
    parser.add_argument("--anchor", type=float)
    parser.add_argument("--pace", default="none")
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=SEND_TIMEOUT)
    return parser.parse_args()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(arguments())))

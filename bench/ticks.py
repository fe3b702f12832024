"""(b) The reminder engine at national scale, on PostgreSQL: the day's plan_ahead, the 08:00 tick on a
busy working day (2026-03-31: Q1's windows fall due and the quarterly reports are late), and a 10:00
tick when nothing is due, each at several numbers of communes.

The sender records instead of sending, and the pace is taken (a slot per message, in the database) but
never full: Telegram's 30 messages a second would otherwise turn the 08:00 burst into minutes of waiting,
and what is measured here is the engine's own cost (claim, pace, render, mark), not the wait.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime, time
from time import perf_counter as time_now

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bench.seed import VN, mark_all_sent, pending_again, reset_day
from bench.stats import timed
from bot.core.context import Button
from jobs.pace import UNPACED
from jobs.scheduler import ReminderEngine
from storage.models import Reminder

BUSY_DAY = date(2026, 3, 31)
BEFORE = datetime.combine(BUSY_DAY, time(7, 0), tzinfo=VN)  # plan_ahead's run: the day is written ahead
MORNING = datetime.combine(BUSY_DAY, time(8, 0), tzinfo=VN)  # policy.send_at: everything due goes now
QUIET = datetime.combine(BUSY_DAY, time(10, 0), tzinfo=VN)  # nothing due: the tick every 30 s all day
# a Sunday night: no engine gate lets a tick go on claiming then, however its office hours are drawn
OFF_HOURS = datetime(2026, 4, 5, 3, 0, tzinfo=VN)


@dataclass
class RecordingSender:
    platform: str = "telegram"
    sent: int = 0
    chats: set[str] = field(default_factory=set)

    async def send(self, chat_id: str, text: str, buttons: tuple[Button, ...] = ()) -> None:
        self.sent += 1
        self.chats.add(chat_id)


@dataclass
class Clock:
    """The engine's clock: fixed at `now`; once `stop_after` messages went out it reads OFF_HOURS, which
    ends the tick after its current batch (the engine re-reads the clock between batches)."""

    now: datetime
    sender: RecordingSender
    stop_after: int | None = None
    stopwatch: float = 0.0

    def __call__(self) -> datetime:
        if self.stop_after is not None and self.sender.sent >= self.stop_after:
            return OFF_HOURS
        return self.now

    def monotonic(self) -> float:
        return self.stopwatch

    async def sleep(self, seconds: float) -> None:
        self.stopwatch += max(seconds, 0.0)


def engine_at(sessions: sessionmaker[Session], now: datetime, stop_after: int | None = None
              ) -> tuple[ReminderEngine, RecordingSender]:
    sender = RecordingSender()
    clock = Clock(now, sender, stop_after)
    return ReminderEngine(sessions, clock, {"telegram": sender}, pace=UNPACED, sleep=clock.sleep), sender


def pending(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(Reminder).where(Reminder.state == "pending")) or 0


def tick_seconds(engine: ReminderEngine) -> float:
    """One tick's seconds, timed inside the event loop so that starting a loop is not counted."""
    async def timed_tick() -> float:
        started = time_now()
        await engine.tick()
        return time_now() - started

    return asyncio.run(timed_tick())


def plan_ahead_runs(sessions: sessionmaker[Session], runs: int) -> tuple[list[float], int]:
    """The day's materialization from scratch, `runs` times; and how many rows it wrote."""
    seconds = []
    for _ in range(runs):
        reset_day(sessions)
        planner, _ = engine_at(sessions, BEFORE)
        seconds.append(timed(lambda planner=planner: planner.plan_ahead(BEFORE)))
    return seconds, pending(sessions)


def morning_runs(sessions: sessionmaker[Session], runs: int, cap: int) -> tuple[list[float], int]:
    """The 08:00 tick over the materialized day, up to `cap` messages; each run starts from all pending."""
    seconds, sent = [], 0
    for _ in range(runs):
        pending_again(sessions)
        engine, sender = engine_at(sessions, MORNING, stop_after=cap)
        seconds.append(tick_seconds(engine))
        sent = sender.sent
    return seconds, sent


def quiet_runs(sessions: sessionmaker[Session], runs: int) -> tuple[list[float], list[float]]:
    """The 10:00 tick once the morning's burst is out: the tick the engine runs all day long. Measured
    right after the burst, and again after VACUUM ANALYZE: by 10:00 autovacuum has long cleared the dead
    index entries the burst's updates left, which the first measurement still has to step over."""
    mark_all_sent(sessions, MORNING)
    engine, sender = engine_at(sessions, QUIET)
    before = [tick_seconds(engine) for _ in range(runs)]
    vacuum(sessions)
    after = [tick_seconds(engine) for _ in range(runs)]
    if sender.sent:
        raise RuntimeError("the 10:00 tick sent reminders: the day was not what the benchmark expects")
    return before, after


def vacuum(sessions: sessionmaker[Session]) -> None:
    """What autovacuum does for the reminders table on PostgreSQL (SQLite has nothing like it to wait for)."""
    engine = sessions.kw["bind"]
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE reminders"))

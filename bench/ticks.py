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
from datetime import date, datetime, time, timedelta
from time import perf_counter as time_now

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from bench.seed import VN, mark_all_sent, pending_again, reset_day
from bench.stats import timed
from bot.core.context import Button
from jobs.engine import TICK_SECONDS, ReminderEngine
from jobs.messages import Attachment, Mention
from jobs.pace import UNPACED, Pace
from storage.models import Reminder

BUSY_DAY = date(2026, 3, 31)
BEFORE = datetime.combine(BUSY_DAY, time(7, 0), tzinfo=VN)  # plan_ahead's run: the day is written ahead
MORNING = datetime.combine(BUSY_DAY, time(8, 0), tzinfo=VN)  # policy.send_at: everything due goes now
QUIET = datetime.combine(BUSY_DAY, time(10, 0), tzinfo=VN)  # nothing due: the tick every 30 s all day
# a Sunday night: no engine gate lets a tick go on claiming then, however its office hours are drawn
OFF_HOURS = datetime(2026, 4, 5, 3, 0, tzinfo=VN)
CHECKIN_DAY = date(2026, 2, 25)  # 22 check-ins and 5 report reminders a commune: Q1's reports come up
DIGEST_DAY = date(2026, 3, 30)  # a Monday: the digest to the chairman and the focal point
PROBE = 0.001  # the loop-stall probe's sleep


@dataclass
class RecordingSender:
    platform: str = "telegram"
    sent: int = 0
    chats: set[str] = field(default_factory=set)

    async def send(self, chat_id: str, text: str, buttons: tuple[Button, ...] = (),
                   mentions: tuple[Mention, ...] = (), files: tuple[Attachment, ...] = ()) -> None:
        await asyncio.sleep(0)  # a real send awaits the network: the loop runs other work meanwhile
        self.sent += 1
        self.chats.add(chat_id)


@dataclass
class Clock:
    """The engine's clock: it moves only by the engine's own waits (the pace's second, a 429), which take no
    real time; once `stop_after` messages went out it reads OFF_HOURS, which ends the tick after its current
    batch (the engine re-reads the clock between batches)."""

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
        self.now += timedelta(seconds=max(seconds, 0.0))


def engine_at(sessions: sessionmaker[Session], now: datetime, stop_after: int | None = None, paced: bool = False,
              variant: type[ReminderEngine] = ReminderEngine) -> tuple[ReminderEngine, RecordingSender]:
    """paced: Telegram's own pace (30 a second, 20 a minute per chat) on the virtual clock, so that the pace's
    windows hold what they hold in a real burst; else UNPACED, and the clock stands still. `variant`: the engine,
    or a variant of it that bench/marks.py compares."""
    sender = RecordingSender()
    clock = Clock(now, sender, stop_after)
    pace = Pace() if paced else UNPACED
    return variant(sessions, clock, {"telegram": sender}, pace=pace, sleep=clock.sleep), sender


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


def watched_tick(engine: ReminderEngine) -> tuple[float, float]:
    """One tick's seconds, and the event loop's worst stall meanwhile: a coroutine that sleeps 1 ms again
    and again records how much later than asked it woke, which is how long a reply would have waited."""
    async def run() -> tuple[float, float]:
        loop = asyncio.get_running_loop()
        worst, done = 0.0, False

        async def probe() -> None:
            nonlocal worst
            while not done:
                asked = loop.time()
                await asyncio.sleep(PROBE)
                worst = max(worst, loop.time() - asked - PROBE)

        watcher = asyncio.create_task(probe())
        await asyncio.sleep(0)  # the probe is sleeping before the tick starts
        started = time_now()
        await engine.tick()
        seconds = time_now() - started
        done = True
        await watcher
        return seconds, worst

    return asyncio.run(run())


def plan_ahead_runs(sessions: sessionmaker[Session], runs: int) -> tuple[list[float], int]:
    """The day's materialization from scratch, `runs` times; and how many rows it wrote."""
    seconds = []
    for _ in range(runs):
        reset_day(sessions)
        planner, _ = engine_at(sessions, BEFORE)
        seconds.append(timed(lambda planner=planner: planner.plan_ahead(BEFORE)))
    return seconds, pending(sessions)


def planning_stall(sessions: sessionmaker[Session], day: datetime = BEFORE) -> tuple[float, float]:
    """The tick that plans the day (07:00: nothing due yet), from scratch: its seconds and the loop's worst
    stall while it ran."""
    reset_day(sessions)
    planner, _ = engine_at(sessions, day)
    return watched_tick(planner)


def morning_runs(sessions: sessionmaker[Session], runs: int, cap: int | None,
                 variant: type[ReminderEngine] = ReminderEngine) -> tuple[list[float], int, list[float]]:
    """The 08:00 burst over the materialized day, up to `cap` messages (None: the whole burst), at Telegram's
    pace on the virtual clock: tick after tick, as the engine sends it (a tick ends after TICK_BUDGET of
    virtual time, about 600 messages). Each run starts from all pending, and is timed whole: the engine's
    cost, since the pace's waits take no real time. Returns the seconds, the messages sent and the loop's
    worst stall per run."""
    seconds, sent, stalls = [], 0, []
    for _ in range(runs):
        pending_again(sessions)
        engine, sender = engine_at(sessions, MORNING, stop_after=cap, paced=True, variant=variant)
        took, worst = 0.0, 0.0
        while cap is None or sender.sent < cap:
            before = sender.sent
            tick, stall = watched_tick(engine)
            took, worst = took + tick, max(worst, stall)
            if sender.sent == before and not pending(sessions):
                break  # the whole burst is out
            engine.clock.now += timedelta(seconds=TICK_SECONDS if sender.sent == before else 1)
        seconds.append(took)
        stalls.append(worst)
        sent = sender.sent
    return seconds, sent, stalls


def kind_runs(sessions: sessionmaker[Session], day: date, kinds: tuple[str, ...], cap: int, runs: int
              ) -> tuple[list[float], int]:
    """The 08:00 tick of `day` over its reminders of `kinds` only (the others set aside), up to `cap`:
    check-ins, report reminders and digests read more than a task's own rows. Seconds per reminder, and
    how many were sent."""
    morning = datetime.combine(day, time(8, 0), tzinfo=VN)
    reset_day(sessions)
    engine_at(sessions, morning - timedelta(hours=1))[0].plan_ahead(morning - timedelta(hours=1))
    per_reminder, sent = [], 0
    for _ in range(runs):
        pending_again(sessions)
        with sessions.begin() as session:
            session.execute(update(Reminder).where(Reminder.state == "pending", Reminder.kind.not_in(kinds))
                            .values(state="skipped"))
        engine, sender = engine_at(sessions, morning, stop_after=cap)
        per_reminder.append(tick_seconds(engine) / max(sender.sent, 1))
        sent = sender.sent
    return per_reminder, sent


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

"""A reminder engine on a virtual clock, sending through the real python-telegram-bot Bot over HTTP to
the local Bot API stand-in, with every unit and role bound to a group chat of its own."""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from bot.channels.telegram import TelegramSender
from bot.files.builders import meeting_file
from jobs.engine import TICK_SECONDS, ReminderEngine
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.zone import VN, next_midnight
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import Reminder
from storage.queries import pick_plan, unit_by_code
from tests.support.fake_bot_api import FakeBotApi

if TYPE_CHECKING:
    import pytest

CHAT_OF = {"vhxh": -1001, "vp": -1002, "kt": -1003, "hcc": -1004, "dvsn": -1005, "chutich": -1006}
UNIT_OF = {str(chat): unit for unit, chat in CHAT_OF.items()}


@dataclass
class VirtualClock:
    """Time that moves only when the test moves it; the limiter's stopwatch and sleeps move it too."""

    now: datetime
    slept: float = 0.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.slept

    async def sleep(self, seconds: float) -> None:
        """The engine waited (a 429, the pace's second): the calendar moves on as much."""
        self.slept += max(seconds, 0.0)
        self.now += timedelta(seconds=max(seconds, 0.0))

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def seed(sessions: sessionmaker[Session], now: datetime) -> None:
    with sessions.begin() as session:
        load_plan(session, read_plan(BUNDLED_PLAN), now)
        plan = pick_plan(session)
        for code, chat in CHAT_OF.items():
            bind_directly(session, unit_by_code(session, plan.id, code), "telegram", str(chat), f"Nhóm {code}", now)


SEEDED_AT = datetime(2026, 1, 1, tzinfo=VN)


def seeded(request: pytest.FixtureRequest, kind: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a copy of a database seeded (seed) at SEEDED_AT once per worker: for a fixture to yield
    from, with the database kind it is parametrized by."""
    from tests.support.seeded import seeded_sessions  # pytest's: not for bench/, which imports this module

    yield from seeded_sessions(request, kind, "engine", lambda sessions: seed(sessions, SEEDED_AT))


@dataclass
class EngineRig:
    api: FakeBotApi
    bot: Bot
    sessions: sessionmaker[Session]
    clock: VirtualClock
    engine: ReminderEngine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = ReminderEngine(self.sessions, self.clock, {"telegram": TelegramSender(self.bot)},
                                     sleep=self.clock.sleep, agenda=meeting_file)

    def delivered(self) -> Counter[tuple[str, str]]:
        """(chat unit, first line) of every message the stand-in accepted."""
        return Counter((UNIT_OF.get(str(m["chat_id"]), str(m["chat_id"])), m["text"].split("\n")[0])
                       for m in self.api.messages())

    def rows(self, state: str | None = None) -> list[Reminder]:
        with self.sessions.begin() as session:
            query = select(Reminder)
            if state:
                query = query.where(Reminder.state == state)
            return list(session.scalars(query))


@asynccontextmanager
async def engine_rig(sessions: sessionmaker[Session], start: datetime) -> AsyncIterator[EngineRig]:
    """The engine on a virtual clock at `start`, sending through a real Bot to the local Bot API stand-in."""
    async with FakeBotApi() as api:
        bot = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
        async with bot:
            yield EngineRig(api, bot, sessions, VirtualClock(start))



TICK = timedelta(seconds=TICK_SECONDS)


def held_until(rig: EngineRig, now: datetime) -> dict[str, datetime | None]:
    """The platforms whose rows the engine holds at `now` however often it ticks (jobs.engine._may_send_now):
    platform -> when it may send again, None for not before the next midnight (no sender in this engine, or
    a monthly budget spent: a new month begins at a midnight). A spent budget stays spent within its month."""
    held: dict[str, datetime | None] = {}
    for platform, paused in rig.engine._paused.items():
        if paused > now:
            held[platform] = paused
    for platform, sender in rig.engine.senders.items():
        budget = getattr(sender, "budget", None)
        if budget is not None and not budget.reminders_allowed():
            held[platform] = None
    return held


def next_work(rig: EngineRig, now: datetime) -> datetime | None:
    """When a tick next has a row to take, as the rows say: `now` if a row is claimable already or claimed
    (a lease runs), else the first instant a pending row's time, or its retry's, comes (jobs' own columns);
    None when no row waits at all. A row of a platform the engine holds (held_until) and whose time has come
    is only work again when its platform is free; one still to come is work when it comes, as a claim then
    may supersede or skip rows."""
    with rig.sessions.begin() as session:
        rows = session.execute(select(Reminder.state, Reminder.chat, Reminder.due_at, Reminder.retry_at)
                               .where(Reminder.state.in_(("pending", "claimed")))).all()
    if any(state == "claimed" for state, _, _, _ in rows):
        return now
    held = held_until(rig, now)
    instants = []
    for _, chat, due, retry in rows:
        instant, platform = max(due, retry or due), chat.split(":", 1)[0]
        if platform not in rig.engine.senders:
            held.setdefault(platform, None)
        if platform in held and instant <= now:
            instant = held[platform]
        if instant is not None:
            instants.append(instant)
    return min(instants, default=None)


async def run_until(rig: EngineRig, end: datetime) -> int:
    """Ticks the engine every 30 s of the virtual clock (TICK, the scheduler's interval) while the clock is
    before `end`; each tick must end (60 s). Returns how many ticks ran.

    Stretches in which no tick could take anything are skipped: after two ticks in a row that left no row
    claimable or claimed (rows the engine holds, a spent Zalo month, are not claimable: next_work), the clock goes on by whole ticks to the first tick at or after the next instant a row
    becomes claimable (next_work), the next midnight (a new day is written ahead) or `end`, whichever comes
    first. Every tick that could send runs at the instant it would have run; a skipped one would have found
    nothing to claim, as the two before it did."""
    ticks = quiet = 0
    while rig.clock.now < end:
        await asyncio.wait_for(rig.engine.tick(), 60)
        ticks += 1
        now = rig.clock.now
        work = next_work(rig, now)
        quiet = quiet + 1 if work is None or work > now else 0
        skip_to = min(work or end, next_midnight(now, VN), end)
        if quiet >= 2 and skip_to > now + TICK:
            rig.clock.now = now + TICK * math.ceil((skip_to - now) / TICK)
        else:
            rig.clock.now = now + TICK
    return ticks

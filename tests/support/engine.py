"""A reminder engine on a virtual clock, sending through the real python-telegram-bot Bot over HTTP to
the local Bot API stand-in, with every unit and role bound to a group chat of its own."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from bot.channels.telegram import TelegramSender
from jobs.engine import ReminderEngine
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import Reminder
from storage.queries import pick_plan, unit_by_code
from tests.support.fake_bot_api import FakeBotApi

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


@dataclass
class EngineRig:
    api: FakeBotApi
    bot: Bot
    sessions: sessionmaker[Session]
    clock: VirtualClock
    engine: ReminderEngine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = ReminderEngine(self.sessions, self.clock, {"telegram": TelegramSender(self.bot)},
                                     sleep=self.clock.sleep)

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

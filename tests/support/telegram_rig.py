"""The Telegram channel and the reminder engine together, for end-to-end tests: the real python-telegram-bot
Application polling the local Bot API stand-in over real HTTP, and the engine sending through the same bot on
a virtual clock, on a database seeded with the bundled plan and a group bound to each unit (CHAT_OF)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram.ext import Application

from bot.channels.telegram import build_application
from bot.channels.telegram_channel import TelegramSettings
from storage.db import make_engine, make_sessions
from storage.invites import create_invite
from storage.migrate import upgrade
from storage.models import Person
from storage.queries import pick_plan, unit_by_code
from tests.support.engine import EngineRig, VirtualClock, seed
from tests.support.fake_bot_api import FakeBotApi


@dataclass
class Rig:
    api: FakeBotApi
    app: Application
    engine: EngineRig

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.engine.sessions

    def invite(self, unit: str) -> str:
        with self.sessions.begin() as session:
            unit_row = unit_by_code(session, pick_plan(session).id, unit)
            return create_invite(session, unit_row, self.engine.clock.now).code

    async def reply_to(self, text: str, chat_id: int, **kwargs) -> dict:
        """The bot's answer to a message pushed into `chat_id` (user_id, first_name, chat_type: the stand-in's)."""
        start = len(self.api.sent)
        self.api.push_message(text, chat_id=chat_id, **kwargs)
        return await self.api.wait_for(lambda c: c["method"] == "sendMessage", start=start, timeout=10)

    async def known(self, user_id: int) -> str:
        """The name a person spoke under, once the bot has recorded them (it does so off the event loop)."""
        while True:
            with self.sessions.begin() as session:
                name = session.scalar(select(Person.name).where(Person.user_id == str(user_id)))
            if name is not None:
                return name
            await asyncio.sleep(0.05)


@asynccontextmanager
async def telegram_rig(database_url: str, start: datetime) -> AsyncIterator[Rig]:
    database = make_engine(database_url)
    upgrade(database)
    sessions = make_sessions(database)
    seed(sessions, start)
    clock = VirtualClock(start)
    try:
        async with FakeBotApi() as api:
            settings = TelegramSettings(_env_file=None, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url,
                                        TELEGRAM_BASE_FILE_URL=api.base_file_url)
            app = build_application(settings, sessions, clock)
            async with app:
                await app.start()
                await app.updater.start_polling(poll_interval=0, timeout=1)
                yield Rig(api, app, EngineRig(api, app.bot, sessions, clock))
                await app.updater.stop()
                await app.stop()
    finally:
        database.dispose()

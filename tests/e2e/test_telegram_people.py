"""A person on a task through Telegram end to end: the real python-telegram-bot Application polling the
local Bot API stand-in over real HTTP, and the reminder engine sending through the same bot on a virtual
clock, on SQLite and PostgreSQL. Lan speaks in her unit's group (and so becomes known), the chairman gives
her task 17, she links her own 1:1 chat; on 17's due day the group's reminder mentions her, and her 1:1 chat
gets the reminder once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select
from telegram.ext import Application

from bot.channels.telegram import build_application
from bot.channels.telegram_channel import TelegramSettings
from storage.db import make_engine, make_sessions
from storage.invites import create_invite
from storage.migrate import upgrade
from storage.models import Person
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.engine import CHAT_OF, EngineRig, VirtualClock, run_until, seed
from tests.support.fake_bot_api import FakeBotApi

MONDAY = datetime(2026, 3, 30, 9, 0, tzinfo=VN)  # task 17 (hcc, «Quý I năm 2026») is due on Tuesday 31/03
LAN, LAN_NAME = 501, "Nguyễn Thị Lan"  # no @username: the reminder mentions her by her user id
HA = 601  # the chairman's officer


@dataclass
class Rig:
    api: FakeBotApi
    app: Application
    engine: EngineRig

    @property
    def sessions(self):
        return self.engine.sessions

    def invite(self, unit: str) -> str:
        with self.sessions.begin() as session:
            unit_row = unit_by_code(session, pick_plan(session).id, unit)
            return create_invite(session, unit_row, self.engine.clock.now).code

    async def reply_to(self, text: str, chat_id: int, **kwargs) -> dict:
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


@pytest.fixture
async def rig(database_url: str) -> AsyncIterator[Rig]:
    database = make_engine(database_url)
    upgrade(database)
    sessions = make_sessions(database)
    seed(sessions, MONDAY)
    clock = VirtualClock(MONDAY)
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
    database.dispose()


async def test_assigned_take_and_remind_with_a_mention_and_a_copy_in_the_persons_own_chat(rig: Rig) -> None:
    async def body() -> None:
        group, chairman = CHAT_OF["hcc"], CHAT_OF["chutich"]
        rig.api.push_message("Chào cả nhà, em gửi hồ sơ rồi ạ", chat_id=group, user_id=LAN, first_name=LAN_NAME)
        assert await rig.known(LAN) == LAN_NAME
        asked = await rig.reply_to("giao 17 cho Minh", chat_id=chairman, user_id=HA, first_name="Hà")
        assert "chưa biết ai là «Minh»" in asked["text"] and LAN_NAME in asked["text"]
        given = await rig.reply_to("/giao 17 cho chị Lan", chat_id=chairman, user_id=HA, first_name="Hà")
        assert f"đã giao cho {LAN_NAME}" in given["text"]
        taken = await rig.reply_to("em nhận 18 ạ", chat_id=group, user_id=LAN, first_name=LAN_NAME)
        assert f"{LAN_NAME} đã nhận NV 18" in taken["text"]
        linked = await rig.reply_to(f"/lienket {rig.invite('hcc')}", chat_id=LAN, chat_type="private", user_id=LAN,
                                    first_name=LAN_NAME)
        assert "Đã liên kết" in linked["text"]
        mine = await rig.reply_to("việc của tôi", chat_id=LAN, chat_type="private", user_id=LAN, first_name=LAN_NAME)
        assert "] 17 " in mine["text"] and "] 18 " in mine["text"]

        rig.engine.clock.now = datetime(2026, 3, 31, 7, 0, tzinfo=VN)
        await run_until(rig.engine, datetime(2026, 3, 31, 18, 0, tzinfo=VN))
        [due] = [m for m in rig.api.messages(group) if m["text"].startswith("⏰ Hôm nay đến hạn: NV 17")]
        assert due["text"].endswith(f"👤 Người thực hiện: {LAN_NAME}")
        [mention] = [e for e in due["entities"] if e["type"] == "text_mention"]
        assert mention["user"]["id"] == LAN and due["text"].encode("utf-16-le")[
            2 * mention["offset"]:2 * (mention["offset"] + mention["length"])].decode("utf-16-le") == LAN_NAME
        own = [m for m in rig.api.messages(LAN) if m["text"].startswith("⏰ Hôm nay đến hạn: NV 17")]
        assert len(own) == 1 and own[0]["text"] == due["text"]

    await asyncio.wait_for(body(), 240)  # a guard against a hang, not a measure: the machine may be busy

"""Steering the work over Telegram end to end (issue 26): the real python-telegram-bot Application polling the
local Bot API stand-in over real HTTP, and the reminder engine sending through the same bot on a virtual clock,
on SQLite and PostgreSQL. In one simulated fortnight the chairman assigns a task in the chat, an officer of the
lead unit takes it, its due-day reminder names her, it goes overdue and is raised to the focal point after 2
working days and to the chairman after 5 (each once), the chairman asks for an explanation («giải trình»), the
unit answers with a new date, and the answer reaches the chairman."""

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
from storage.migrate import upgrade
from storage.models import Explanation, Occurrence, Person, Reminder, Task
from tests.conftest import VN
from tests.support.engine import CHAT_OF, EngineRig, VirtualClock, run_until, seed
from tests.support.fake_bot_api import FakeBotApi

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
LAN, LAN_NAME = 701, "Trần Thị Lan"  # an officer of hcc without an @username: reminders mention her by id
HUNG = 702  # the chairman
UNIT, FOCAL, CHAIRMAN = CHAT_OF["hcc"], CHAT_OF["vhxh"], CHAT_OF["chutich"]


@dataclass
class Rig:
    api: FakeBotApi
    app: Application
    engine: EngineRig

    async def say(self, text: str, chat_id: int, user_id: int, name: str) -> str:
        start = len(self.api.sent)
        self.api.push_message(text, chat_id=chat_id, user_id=user_id, first_name=name)
        reply = await self.api.wait_for(lambda c: c["method"] == "sendMessage", start=start, timeout=10)
        return reply["text"]

    async def until(self, day: int, hour: int) -> None:
        await run_until(self.engine, datetime(2026, 3, day, hour, 0, tzinfo=VN))

    def about_g1(self, chat_id: int) -> list[dict]:
        return [m for m in self.api.messages(chat_id) if "NV G1" in m["text"]]

    def rows(self, kind: str) -> list[tuple[str, datetime]]:
        """(chat, instant) of each reminder row of this kind about G1 that was sent."""
        with self.engine.sessions.begin() as session:
            found = session.execute(
                select(Reminder.chat, Reminder.due_at).join(Occurrence, Occurrence.id == Reminder.occurrence_id)
                .join(Task, Task.id == Occurrence.task_id)
                .where(Task.number == "G1", Reminder.kind == kind, Reminder.state == "sent"))
            return [(chat, at.astimezone(VN)) for chat, at in found]


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


async def known(rig: Rig, user_id: int) -> None:
    """The bot records who speaks in a unit's chat off the event loop: wait until Lan is known."""
    while True:
        with rig.engine.sessions.begin() as session:
            if session.scalar(select(Person.id).where(Person.user_id == str(user_id))) is not None:
                return
        await asyncio.sleep(0.05)


async def test_assign_take_remind_escalate_and_explain_over_a_simulated_fortnight(rig: Rig) -> None:
    async def body() -> None:
        # Monday 02/03: the chairman assigns; Lan, who has spoken in her unit's group, takes it
        rig.api.push_message("Dạ em chào các anh chị", chat_id=UNIT, user_id=LAN, first_name=LAN_NAME)
        await known(rig, LAN)
        given = await rig.say("giao hcc: Báo cáo số hồ sơ trễ hạn tháng 2, hạn 04/03/2026, theo CV 15/UBND-VP",
                              CHAIRMAN, HUNG, "Hùng")
        assert "Đã giao G1" in given and "04/03/2026 (Thứ Tư)" in given and "CV 15/UBND-VP" in given
        taken = await rig.say("em nhận G1 ạ", UNIT, LAN, LAN_NAME)
        assert f"{LAN_NAME} đã nhận NV G1" in taken

        # Wednesday 04/03, the due day: the unit's reminder names Lan, a Telegram mention of her id
        await rig.until(4, 18)
        [due] = [m for m in rig.about_g1(UNIT) if m["text"].startswith("⏰ Hôm nay đến hạn: NV G1")]
        assert due["text"].endswith(f"👤 Người thực hiện: {LAN_NAME}")
        assert [e["user"]["id"] for e in due.get("entities", ()) if e["type"] == "text_mention"] == [LAN]

        # overdue from Thursday 05/03 (working day 1): the unit that day; the focal point after 2 working days
        # (Monday 09/03), the chairman after 5 (Thursday 12/03); each once, however many ticks and days pass
        await rig.until(13, 18)
        assert any(m["text"].startswith("🔴 Quá hạn 1 ngày: NV G1") for m in rig.about_g1(UNIT))
        escalated = rig.rows("escalate")
        assert sorted(escalated) == [(f"telegram:{FOCAL}", datetime(2026, 3, 9, 8, 0, tzinfo=VN)),
                                     (f"telegram:{CHAIRMAN}", datetime(2026, 3, 12, 8, 0, tzinfo=VN))]
        assert len([m for m in rig.about_g1(FOCAL) if m["text"].startswith("🔴")]) == 1
        [raised] = [m for m in rig.about_g1(CHAIRMAN) if m["text"].startswith("🔴")]
        commands = [b["callback_data"] for row in raised["reply_markup"]["inline_keyboard"] for b in row]
        assert "giải trình G1" in commands

        # Friday 13/03: the chairman asks why (the button's command); the unit's group gets the request
        asked = await rig.say("giải trình G1", CHAIRMAN, HUNG, "Hùng")
        assert "đã yêu cầu Trung tâm Phục vụ hành chính công giải trình" in asked
        rig.engine.clock.now = datetime(2026, 3, 16, 7, 0, tzinfo=VN)
        await rig.until(16, 12)
        assert any("yêu cầu giải trình" in m["text"] for m in rig.about_g1(UNIT))

        # Monday 16/03: the unit answers with a reason and a new date; the chairman is told, with the command
        answered = await rig.say("giai trinh G1: cho so lieu cua Thue, de xuat han moi 20/3 a", UNIT, LAN, LAN_NAME)
        assert "đã ghi nhận giải trình, đề xuất hạn mới 20/03/2026" in answered
        await rig.until(16, 17)
        [told] = [m for m in rig.about_g1(CHAIRMAN) if m["text"].startswith("📝")]
        assert "cho so lieu cua Thue" in told["text"] and "gia hạn G1 20/03/2026" in told["text"]
        with rig.engine.sessions.begin() as session:
            request = session.scalar(select(Explanation))
            assert (request.answered_by, request.proposed_due.isoformat()) == (LAN_NAME, "2026-03-20")
        assert len(rig.rows("escalate")) == 2  # nothing raised twice meanwhile

    await asyncio.wait_for(body(), 240)  # a guard against a hang, not a measure: the machine may be busy

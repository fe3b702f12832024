"""Steering the work over Telegram end to end (issue 26): the real python-telegram-bot Application polling the
local Bot API stand-in over real HTTP, and the reminder engine sending through the same bot on a virtual clock,
on SQLite and PostgreSQL. In one simulated fortnight the chairman assigns a task in the chat, an officer of the
lead unit takes it, its due-day reminder names her, she answers with its progress, it goes overdue and is
raised to the focal point after 2 working days and to the chairman after 5 (each once), the chairman asks for
an explanation («giải trình»), the unit answers with a new date, and the answer reaches the chairman."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import select

from storage.models import Explanation, Occurrence, Reminder, Task
from tests.conftest import VN
from tests.support.engine import CHAT_OF, run_until
from tests.support.telegram_rig import Rig, telegram_rig

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
LAN, LAN_NAME = 701, "Trần Thị Lan"  # an officer of hcc without an @username: reminders mention her by id
HUNG = 702  # the chairman
UNIT, FOCAL, CHAIRMAN = CHAT_OF["hcc"], CHAT_OF["vhxh"], CHAT_OF["chutich"]


@pytest.fixture
async def rig(database_url: str) -> AsyncIterator[Rig]:
    async with telegram_rig(database_url, MONDAY) as rig:
        yield rig


async def say(rig: Rig, text: str, chat_id: int, user_id: int, name: str) -> str:
    return (await rig.reply_to(text, chat_id, user_id=user_id, first_name=name))["text"]


async def until(rig: Rig, day: int, hour: int) -> None:
    await run_until(rig.engine, datetime(2026, 3, day, hour, 0, tzinfo=VN))


def about_g1(rig: Rig, chat_id: int) -> list[dict]:
    return [m for m in rig.api.messages(chat_id) if "NV G1" in m["text"]]


def sent_rows(rig: Rig, kind: str) -> list[tuple[str, datetime]]:
    """(chat, instant) of each reminder row of this kind about G1 that was sent."""
    with rig.sessions.begin() as session:
        found = session.execute(
            select(Reminder.chat, Reminder.due_at).join(Occurrence, Occurrence.id == Reminder.occurrence_id)
            .join(Task, Task.id == Occurrence.task_id)
            .where(Task.number == "G1", Reminder.kind == kind, Reminder.state == "sent"))
        return [(chat, at.astimezone(VN)) for chat, at in found]


async def test_assign_take_remind_escalate_and_explain_over_a_simulated_fortnight(rig: Rig) -> None:
    async def body() -> None:
        # Monday 02/03: the chairman assigns; Lan, who has spoken in her unit's group, takes it
        rig.api.push_message("Dạ em chào các anh chị", chat_id=UNIT, user_id=LAN, first_name=LAN_NAME)
        await rig.known(LAN)
        given = await say(rig, "giao hcc: Báo cáo số hồ sơ trễ hạn tháng 2, hạn 04/03/2026, theo CV 15/UBND-VP",
                              CHAIRMAN, HUNG, "Hùng")
        assert "Đã giao G1" in given and "04/03/2026 (Thứ Tư)" in given and "CV 15/UBND-VP" in given
        taken = await say(rig, "em nhận G1 ạ", UNIT, LAN, LAN_NAME)
        assert f"{LAN_NAME} đã nhận NV G1" in taken

        # Wednesday 04/03, the due day: the unit's reminder names Lan, a Telegram mention of her id
        await until(rig, 4, 18)
        [due] = [m for m in about_g1(rig, UNIT) if m["text"].startswith("⏰ Hôm nay đến hạn: NV G1")]
        assert due["text"].endswith(f"👤 Người thực hiện: {LAN_NAME}")
        assert [e["user"]["id"] for e in due.get("entities", ()) if e["type"] == "text_mention"] == [LAN]
        answered = await say(rig, "td G1 40% dang tong hop so lieu nhe", UNIT, LAN, LAN_NAME)  # she answers it
        assert "NV G1" in answered and "tiến độ 40%" in answered

        # overdue from Thursday 05/03 (working day 1): the unit that day; the focal point after 2 working days
        # (Monday 09/03), the chairman after 5 (Thursday 12/03); each once, however many ticks and days pass
        await until(rig, 13, 18)
        assert any(m["text"].startswith("🔴 Quá hạn 1 ngày: NV G1") for m in about_g1(rig, UNIT))
        escalated = sent_rows(rig, "escalate")
        assert sorted(escalated) == [(f"telegram:{FOCAL}", datetime(2026, 3, 9, 8, 0, tzinfo=VN)),
                                     (f"telegram:{CHAIRMAN}", datetime(2026, 3, 12, 8, 0, tzinfo=VN))]
        assert len([m for m in about_g1(rig, FOCAL) if m["text"].startswith("🔴")]) == 1
        [raised] = [m for m in about_g1(rig, CHAIRMAN) if m["text"].startswith("🔴")]
        commands = [b["callback_data"] for row in raised["reply_markup"]["inline_keyboard"] for b in row]
        assert "giải trình G1" in commands

        # Friday 13/03: the chairman asks why (the button's command); the unit's group gets the request
        asked = await say(rig, "giải trình G1", CHAIRMAN, HUNG, "Hùng")
        assert "đã yêu cầu Trung tâm Phục vụ hành chính công giải trình" in asked
        rig.engine.clock.now = datetime(2026, 3, 16, 7, 0, tzinfo=VN)
        await until(rig, 16, 12)
        assert any("yêu cầu giải trình" in m["text"] for m in about_g1(rig, UNIT))

        # Monday 16/03: the unit answers with a reason and a new date; the chairman is told, with the command
        answered = await say(rig, "giai trinh G1: cho so lieu cua Thue, de xuat han moi 20/3 a", UNIT, LAN, LAN_NAME)
        assert "đã ghi nhận giải trình, đề xuất hạn mới 20/03/2026" in answered
        await until(rig, 16, 17)
        [told] = [m for m in about_g1(rig, CHAIRMAN) if m["text"].startswith("📝")]
        assert "cho so lieu cua Thue" in told["text"] and "gia hạn G1 20/03/2026" in told["text"]
        with rig.sessions.begin() as session:
            request = session.scalar(select(Explanation))
            assert (request.answered_by, request.proposed_due.isoformat()) == (LAN_NAME, "2026-03-20")
        assert len(sent_rows(rig, "escalate")) == 2  # nothing raised twice meanwhile

    await asyncio.wait_for(body(), 240)  # a guard against a hang, not a measure: the machine may be busy

"""A person on a task through Telegram end to end: the real python-telegram-bot Application polling the
local Bot API stand-in over real HTTP, and the reminder engine sending through the same bot on a virtual
clock, on SQLite and PostgreSQL. Lan speaks in her unit's group (and so becomes known), the chairman gives
her task 17, she links her own 1:1 chat; on 17's due day the group's reminder mentions her, and her 1:1 chat
gets the reminder once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from tests.conftest import VN
from tests.support.engine import CHAT_OF, run_until
from tests.support.telegram_rig import Rig, telegram_rig

MONDAY = datetime(2026, 3, 30, 9, 0, tzinfo=VN)  # task 17 (hcc, «Quý I năm 2026») is due on Tuesday 31/03
LAN, LAN_NAME = 501, "Nguyễn Thị Lan"  # no @username: the reminder mentions her by her user id
HA = 601  # the chairman's officer


@pytest.fixture
async def rig(database_url: str) -> AsyncIterator[Rig]:
    async with telegram_rig(database_url, MONDAY) as rig:
        yield rig


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

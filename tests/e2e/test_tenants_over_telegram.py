"""Two tenants kept apart end to end, on PostgreSQL (issue 28): their bots are real PTB Applications of the one
Telegram channel over real HTTP against the Bot API stand-in, which records the token of every call. A code of
tenant A typed to B's bot is an unknown code and binds nothing; typed to A's bot it binds the chat through A's
bot; that chat's «xong» through B's bot is refused and changes nothing, through A's it is recorded. Then the
reminder engine, with the channel's senders by route, sends each tenant's 08:00 through that tenant's bot only,
at most one message a second into one chat and 30 a second per bot, on the virtual clock."""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.channels.telegram_channel import Telegram
from bot.core import texts
from bot.web.server import WebServer
from jobs.engine import ReminderEngine
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.zone import VN
from storage.invites import bind_directly, create_invite
from storage.loader import load_plan
from storage.models import ChatBinding, Plan, Reminder, StatusChange
from storage.queries import unit_by_code
from tests.e2e.test_tenant_bots import _polled, _settings, _three_bots
from tests.support.engine import VirtualClock

SEEDED = datetime(2026, 3, 30, 9, 0, tzinfo=VN)
MORNING = datetime(2026, 3, 31, 7, 59, 30, tzinfo=VN)  # the quarter's last day: every unit has its reminders
HP_KEY, HN_KEY = "200002", "300003"
GROUP = -3001  # a unit's group in tenant A, linked by a code in the test
A_CHATS = {"chutich": -3002, "vhxh": -3003}  # tenant A's other chats, bound through A's bot
B_CHATS = {"hcc": -4001, "chutich": -4002, "vhxh": -4003}  # tenant B's, through B's bot


@pytest.fixture
def database_kind() -> str:
    return "postgresql"


def seed(sessions) -> str:
    """Nam An Phụ in tenant hai-phong, Đông Anh in ha-noi, their chats bound through their own bots; a code for
    Nam An Phụ's hcc, returned."""
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        ids = {}
        for commune, tenant, bot, chats in (("Nam An Phụ", "hai-phong", HP_KEY, A_CHATS),
                                            ("Đông Anh", "ha-noi", HN_KEY, B_CHATS)):
            ids[tenant] = plan_id = load_plan(session, replace(spec.for_commune(commune)), SEEDED).plan_id
            session.get(Plan, plan_id).tenant = tenant
            for code, chat in chats.items():
                bind_directly(session, unit_by_code(session, plan_id, code), "telegram", str(chat), code, SEEDED).bot = bot
        return create_invite(session, unit_by_code(session, ids["hai-phong"], "hcc"), SEEDED).code


def changes(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(StatusChange)) or 0


async def said(bot, words: str, chat: int, start: int) -> str:
    bot.push_message(words, chat_id=chat)
    return (await bot.wait_for("sendMessage", timeout=30, start=start))["text"]


async def test_two_tenants_bots_keep_their_chats_codes_and_mornings_apart(tmp_path, monkeypatch, sessions) -> None:
    code = seed(sessions)
    api, hp, hn = await _three_bots()
    clock = VirtualClock(MORNING)
    channel = Telegram(_settings(tmp_path, api, monkeypatch), sessions, clock)
    try:
        await channel.start(WebServer())
        await asyncio.wait_for(_polled(api, hp, hn), 30)
        assert texts.LINK_BAD.format(code=code) == await said(hn, f"/lienket {code}", GROUP, len(hn.sent))
        with sessions() as session:  # A's code through B's bot bound nothing
            assert session.scalar(select(ChatBinding).where(ChatBinding.chat_id == str(GROUP))) is None
        assert "Trung tâm Phục vụ hành chính công" in await said(hp, f"/lienket {code}", GROUP, len(hp.sent))
        with sessions() as session:
            assert session.scalar(select(ChatBinding.bot).where(ChatBinding.chat_id == str(GROUP))) == HP_KEY
        before = changes(sessions)
        assert await said(hn, "xong 17", GROUP, len(hn.sent)) == texts.OTHER_TENANT
        assert changes(sessions) == before  # refused through B's bot: nothing recorded
        assert "đã ghi nhận hoàn thành" in await said(hp, "xong 17", GROUP, len(hp.sent))
        assert changes(sessions) == before + 1
        sent_before = {bot: len(bot.messages()) for bot in (api, hp, hn)}
        engine = ReminderEngine(sessions, clock, channel.senders(), sleep=clock.sleep)
        while clock.now < MORNING + timedelta(minutes=10):
            await asyncio.wait_for(engine.tick(), 60)
            clock.advance(seconds=30)
    finally:
        await channel.stop()
        await api.stop()
    morning = {bot: bot.messages()[sent_before[bot]:] for bot in (api, hp, hn)}
    a_chats = {str(GROUP), *map(str, A_CHATS.values())}
    assert morning[api] == []  # the deployment's own bot speaks for no tenant's plan
    assert morning[hp] and {str(m["chat_id"]) for m in morning[hp]} <= a_chats
    assert morning[hn] and {str(m["chat_id"]) for m in morning[hn]} <= set(map(str, B_CHATS.values()))
    paced(sessions, {f"telegram:{chat}": "hai-phong" for chat in a_chats}
          | {f"telegram:{chat}": "ha-noi" for chat in B_CHATS.values()})


def paced(sessions, tenant_of: dict[str, str]) -> None:
    """The morning as the reminders' rows record it on the virtual clock (sent_at): at most one message a second
    into one chat, at most 30 within any second per bot."""
    with sessions() as session:
        sent = session.execute(select(Reminder.chat, Reminder.sent_at).where(Reminder.state == "sent",
                                                                            Reminder.sent_at >= MORNING)).all()
    assert len(sent) > 10
    by_chat: defaultdict[str, list[datetime]] = defaultdict(list)
    by_bot: defaultdict[str, list[datetime]] = defaultdict(list)
    for chat, at in sent:
        by_chat[chat].append(at)
        by_bot[tenant_of[chat]].append(at)
    for times in by_chat.values():
        times.sort()
        assert all(later - earlier >= timedelta(seconds=1) for earlier, later in itertools.pairwise(times)), times
    for times in by_bot.values():
        times.sort()
        assert all(times[i + 30] - times[i] >= timedelta(seconds=1) for i in range(len(times) - 30))

"""The batched tick says what the reminders said one by one: several communes' busy days (check-ins and
report reminders, a Monday digest, the end of Q1) go out through the engine's batches, and every message
equals the same reminder rendered on its own (jobs.notices.reminder_message, a batch of one). The second
commune's focal point has another name, and digests name their commune, so that a batch reading one plan's
rows for another's reminder shows."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from sqlalchemy import select, update
from telegram import Bot

from bot.files.builders import meeting_file
from jobs.notices import reminder_message
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import Reminder, Unit
from storage.queries import unit_by_code
from tests.conftest import VN
from tests.support.engine import EngineRig, VirtualClock
from tests.support.fake_bot_api import FakeBotApi

COMMUNES = 3
UNITS = ("vhxh", "vp", "kt", "hcc", "dvsn", "chutich")
# check-ins and reports; the chairman's escalation steps of Q1's reports (due 4/3); the monthly meeting; a digest;
# Q1 ends
DAYS = (date(2026, 2, 25), date(2026, 3, 12), date(2026, 3, 27), date(2026, 3, 30), date(2026, 3, 31))


def chat_of(commune: int, unit: str) -> str:
    return str(-(2000 + 10 * commune + UNITS.index(unit)))


@pytest.fixture
async def rig(sessions) -> AsyncIterator[EngineRig]:
    loaded = datetime(2026, 1, 1, tzinfo=VN)
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        for commune in range(COMMUNES):
            plan_id = load_plan(session, replace(spec, commune=f"Xã {commune}"), loaded).plan_id
            for unit in UNITS:
                bind_directly(session, unit_by_code(session, plan_id, unit), "telegram", chat_of(commune, unit),
                              unit, loaded)
            if commune == 1:
                differ(session, plan_id)
    async with FakeBotApi() as api:
        bot = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
        async with bot:
            rig = EngineRig(api, bot, sessions, VirtualClock(loaded))
            rig.engine.batch = 7  # batches that cut across communes, kinds and groups
            yield rig


def differ(session, plan_id: int) -> None:
    """Another focal point's name, which its report reminders name."""
    session.execute(update(Unit).where(Unit.plan_id == plan_id, Unit.focal.is_(True)).values(name="Văn phòng xã 1"))


async def test_batched_messages_equal_the_ones_rendered_one_by_one(rig: EngineRig) -> None:
    for day in DAYS:
        rig.clock.now = datetime.combine(day, time(8, 0), tzinfo=VN)
        for _ in range(6):
            await asyncio.wait_for(rig.engine.tick(), 60)
            rig.clock.advance(seconds=30)
    with rig.sessions.begin() as session:
        sent = list(session.scalars(select(Reminder).where(Reminder.state == "sent")))
        assert {"checkin", "report", "digest", "due", "overdue", "escalate", "meeting"} <= {r.kind for r in sent}
        assert not session.scalars(select(Reminder).where(Reminder.state.in_(("pending", "claimed")),
                                                          Reminder.due_at <= rig.clock.now)).first()
        alone, files = Counter(), Counter()
        for row in sent:
            chat = row.chat.split(":", 1)[1]
            to = next(unit for commune in range(COMMUNES) for unit in UNITS if chat_of(commune, unit) == chat)
            message = reminder_message(session, row.kind, row.occurrence_id, row.plan_id, row.sent_at, to, meeting_file,
                                       row.due_at)
            buttons = " · ".join(b.command for b in message.buttons)
            alone[(chat, message.text, buttons)] += 1
            files.update((chat, file.name) for file in message.files)
    delivered = Counter(
        (str(m["chat_id"]), m["text"],
         " · ".join(b["callback_data"] for line in m.get("reply_markup", {}).get("inline_keyboard", []) for b in line))
        for m in rig.api.messages())
    assert delivered == alone
    assert Counter((str(m["chat_id"]), m["document"]["filename"]) for m in rig.api.calls_of("sendDocument")) == files
    assert files and {chat for chat, _ in files} == {chat_of(commune, "vhxh") for commune in range(COMMUNES)}
    assert len({chat for chat, _, _ in delivered}) == COMMUNES * len(UNITS)
    texts = " ".join(text for _, text, _ in delivered)
    assert "Văn phòng xã 1" in texts and "Xã 1" in texts  # the second commune's own facts were used

"""Reminders through Zalo: ONE engine sending through the real Telegram Bot and the real Zalo sender, over
HTTP to both local stand-ins, on a virtual clock, with the month's Zalo budget in a real database.

hcc and the focal point vhxh have a Zalo chat beside their Telegram group; the others only Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from bot.channels.links import FileLinks
from bot.channels.outbox import split_message, utf16_units
from bot.channels.zalo import MAX_TEXT, ZaloSender
from bot.channels.zalo_api import ZaloApi
from bot.core import texts
from bot.files import texts as file_texts
from jobs.quota import MonthlyBudget
from jobs.rows import materialize
from storage.invites import bind_directly
from storage.models import Reminder, ZaloQuota
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.engine import CHAT_OF, EngineRig, VirtualClock, run_until, seed
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_zalo_api import FakeZaloApi
from tests.support.seeded import seeded_sessions

BUSY_DAY = datetime(2026, 3, 31, 7, 0, tzinfo=VN)  # Quý I ends: many reminders at 08:00
ZALO_OF = {"hcc": "z-hcc", "vhxh": "z-vhxh"}


@dataclass
class Rig:
    telegram: EngineRig
    zalo: FakeZaloApi
    budget: MonthlyBudget

    @property
    def engine(self):
        return self.telegram.engine

    def rows(self, state: str | None = None, platform: str = "zalo") -> list[Reminder]:
        return [r for r in self.telegram.rows(state) if r.chat.startswith(f"{platform}:")]

    def set_sent(self, month: str, sent: int) -> None:
        with self.telegram.sessions.begin() as session:
            session.add(ZaloQuota(month=month, sent=sent))

    def quota(self, month: str = "2026-03") -> ZaloQuota | None:
        with self.telegram.sessions.begin() as session:
            return session.scalar(select(ZaloQuota).where(ZaloQuota.month == month))

    async def run_day(self, until_hour: int = 18) -> None:
        now = self.telegram.clock.now.astimezone(VN)
        await run_until(self.telegram, now.replace(hour=until_hour, minute=0, second=0, microsecond=0))


def seed_with_zalo(sessions: sessionmaker[Session]) -> None:
    """The seed plan on 01/01, hcc and the focal point with a Zalo chat beside their Telegram group."""
    start = datetime(2026, 1, 1, tzinfo=VN)
    seed(sessions, start)
    with sessions.begin() as session:
        plan = pick_plan(session)
        for code, chat in ZALO_OF.items():
            bind_directly(session, unit_by_code(session, plan.id, code), "zalo", chat, f"Zalo {code}", start)


@pytest.fixture
def sessions(database_kind: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    """The seeded database (seed_with_zalo), copied rather than loaded again for each test."""
    yield from seeded_sessions(request, database_kind, "zalo", seed_with_zalo)


def make_rig(name: str, limit: int):
    """A rig whose Zalo budget is `limit` messages a month."""

    @pytest.fixture(name=name)
    async def rig(sessions) -> AsyncIterator[Rig]:
        clock = VirtualClock(BUSY_DAY)
        async with FakeBotApi() as telegram, FakeZaloApi() as zalo, Bot(telegram.token,
                                                                        base_url=telegram.base_url) as bot:
            engine_rig = EngineRig(telegram, bot, sessions, clock)
            budget = MonthlyBudget(sessions, clock, limit)
            api = ZaloApi(zalo.token, zalo.base_url)
            engine_rig.engine.senders = {**engine_rig.engine.senders, "zalo": ZaloSender(api, budget)}
            yield Rig(engine_rig, zalo, budget)
            await api.aclose()

    return rig


rig = make_rig("rig", limit=3000)
small = make_rig("small", limit=100)


async def test_a_unit_gets_its_reminders_in_its_zalo_chat_as_in_its_telegram_group(rig: Rig) -> None:
    await rig.run_day()
    sent = rig.rows("sent")
    assert sent and not rig.rows("pending") and not rig.rows("failed")
    zalo = rig.zalo.messages("z-hcc")
    telegram = rig.telegram.api.messages(CHAT_OF["hcc"])
    assert sorted(m["text"] for m in telegram) == sorted(m["text"].rsplit("\nGõ: ", 1)[0] for m in zalo)
    due = next(m["text"] for m in zalo if m["text"].startswith("⏰ Hôm nay đến hạn: NV 17"))
    assert due.endswith("\nGõ: xong 17 · nv 17 · nhắc lại 17")  # where Telegram shows buttons
    assert all("reply_markup" in m for m in telegram)  # Telegram keeps its buttons
    assert rig.quota().sent == len(rig.zalo.messages())  # every Zalo message counted
    assert rig.quota().warned_near_at is None


async def test_when_the_budget_runs_short_a_chats_reminders_go_as_one_message(small: Rig) -> None:
    small.set_sent("2026-03", 85)  # 15 of 100 left: under a fifth
    await small.run_day()
    for unit, chat in ZALO_OF.items():
        [combined] = [r for r in small.rows("sent") if r.chat == f"zalo:{chat}" and r.subject.startswith("combined:")]
        replaced = [r for r in small.rows("skipped") if r.error == f"combined into reminder {combined.id}"]
        assert len(replaced) >= 2 and all(r.chat == f"zalo:{chat}" for r in replaced)
        texts = [m["text"] for m in small.zalo.messages(chat) if not m["text"].startswith("⚠️")]
        assert texts == split_message(combined.text, MAX_TEXT, utf16_units)
        assert texts[0].startswith(f"📬 {len(replaced)} nhắc việc hôm nay")
        assert texts[-1].split("\n")[-1].startswith("Gõ: xong SỐ · nv SỐ · nhắc lại SỐ (ví dụ: xong ")
        telegram = small.telegram.api.messages(CHAT_OF[unit])
        assert len(telegram) >= len(replaced)  # Telegram still gets each one, with its buttons
    assert small.quota().sent == 85 + len(small.zalo.messages())


def test_a_day_whose_reminders_would_not_fit_one_by_one_is_short(small: Rig) -> None:
    with small.telegram.sessions.begin() as session:  # today's reminders, written ahead as rows
        materialize(session, pick_plan(session), BUSY_DAY)
    due_today = len(small.rows("pending"))  # only Zalo's count: Telegram has no budget
    assert 8 <= due_today < len(small.telegram.rows("pending"))
    budget = MonthlyBudget(small.telegram.sessions, small.telegram.clock, limit=5 * due_today)
    small.set_sent("2026-03", 4 * due_today)  # exactly today's reminders left, a fifth of the month
    assert not budget.short(BUSY_DAY)
    with small.telegram.sessions.begin() as session:
        session.execute(update(ZaloQuota).values(sent=ZaloQuota.sent + 1))
    assert budget.short(BUSY_DAY)


async def test_the_focal_point_is_warned_once_at_80_percent(small: Rig) -> None:
    small.set_sent("2026-03", 75)  # the day's 20 Zalo reminders go one by one, crossing 80 and leaving some
    await small.run_day()
    await small.run_day()  # and the next tick, and the next: no second warning
    near = [m for m in small.telegram.api.messages(CHAT_OF["vhxh"]) if m["text"].startswith("⚠️ Bot Zalo đã gửi")]
    assert len(near) == 1 and "/100 tin nhắn của tháng 03/2026" in near[0]["text"]
    on_zalo = [m for m in small.zalo.messages("z-vhxh") if "⚠️ Bot Zalo đã gửi" in m["text"]]
    assert len(on_zalo) == 1  # the focal point's Zalo chat hears it too, while there is budget
    assert small.quota().warned_near_at is not None and small.quota().warned_spent_at is None


async def test_a_429_holds_zalo_reminders_until_next_month_and_tells_the_focal_point(rig: Rig) -> None:
    rig.zalo.fail_next("sendMessage", status=429)
    await rig.run_day(until_hour=10)  # 08:00's reminders, then two hours of ticks that leave Zalo alone
    assert rig.zalo.messages() == [] and len(rig.zalo.rejected) == 1  # one try, then no more this month
    assert not rig.rows("failed") and not rig.rows("claimed")
    waiting = rig.rows("pending")
    assert waiting and {r.chat for r in waiting} == {"zalo:z-hcc", "zalo:z-vhxh"}
    assert all(r.attempts == 0 for r in waiting)  # holding a row is not a failed attempt
    assert rig.quota().spent_at is not None
    spent = [m for m in rig.telegram.api.messages(CHAT_OF["vhxh"]) if "hết lượt gửi" in m["text"]]
    assert len(spent) == 1 and "tháng 03/2026" in spent[0]["text"]
    [told_on_zalo] = rig.rows("skipped")  # Zalo could only say it next month, when it no longer matters
    assert told_on_zalo.chat == "zalo:z-vhxh" and told_on_zalo.error == "Zalo quota spent"
    assert not rig.telegram.rows("failed") and not rig.rows("pending", platform="telegram")

    rig.telegram.clock.now = datetime(2026, 4, 1, 8, 0, tzinfo=VN)  # a new month: Zalo takes messages again
    await rig.engine.tick()
    assert rig.zalo.messages("z-hcc") and rig.zalo.messages("z-vhxh")
    assert not [r for r in rig.rows("pending") if r.due_at <= rig.telegram.clock.now] and not rig.rows("failed")
    assert rig.quota("2026-04").sent == len(rig.zalo.messages())


MEETING_DAY = datetime(2026, 3, 27, 7, 0, tzinfo=VN)  # the last Friday of March: the meeting's agenda
CAPTION = file_texts.MEETING_CAPTION.format(month="3/2026")


def meeting_texts(rig: Rig) -> list[str]:
    return [m["text"] for m in rig.zalo.messages(ZALO_OF["vhxh"]) if m["text"].startswith("📋 Giao ban")]


async def test_the_meetings_agenda_on_zalo_says_how_to_get_the_file_without_a_public_address(rig: Rig) -> None:
    rig.telegram.clock.now = MEETING_DAY
    await rig.run_day()
    [text] = meeting_texts(rig)
    assert texts.ZALO_FILE.format(name=CAPTION) in text  # Zalo cannot take an upload: never a file lost in silence
    assert len(rig.telegram.api.calls_of("sendDocument")) == 1  # the Telegram group gets the file itself


async def test_the_meetings_agenda_on_zalo_comes_as_its_signed_link(rig: Rig, tmp_path) -> None:
    links = FileLinks("https://nhacviec.example.vn", "s" * 32, tmp_path / "links", rig.telegram.clock)
    sender = rig.engine.senders["zalo"]
    rig.engine.senders["zalo"] = ZaloSender(sender.api, sender.budget,
                                            lambda chat, reply: {f.name: links.publish("1-vhxh", f)
                                                                 for f in reply.files}, rig.telegram.clock)
    rig.telegram.clock.now = MEETING_DAY
    await rig.run_day()
    [text] = meeting_texts(rig)
    assert "https://nhacviec.example.vn/files/1-vhxh/" in text and "giao-ban-cchc-nam-an-phu-20260327.docx" in text


async def test_a_chat_short_of_quota_still_gets_the_agenda_on_its_own(small: Rig) -> None:
    small.set_sent("2026-03", 85)  # 15 of 100 left: the day's reminders are combined …
    small.telegram.clock.now = MEETING_DAY
    await small.run_day()
    assert len(meeting_texts(small)) == 1  # … but not the one that carries a file
    assert [r.state for r in small.rows() if r.kind == "meeting"] == ["sent"]

"""«giải trình» through the reminder engine, on SQLite and PostgreSQL, against the local Telegram stand-in: the
request reaches the lead unit's group in office hours, once; the answer reaches the chairman's; a request not
answered by its due day is raised to the chairman once, whatever restarts and plans the day again."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.context import Incoming
from bot.core.service import respond
from storage.models import Explanation, Plan, Reminder
from tests.conftest import VN
from tests.support.engine import CHAT_OF, EngineRig, engine_rig, run_until, seeded

MONDAY = datetime(2026, 4, 6, 7, 0, tzinfo=VN)  # task 17 (hcc) and task 29 (kt) were due 31/03
RAISED = "⚠️"


@pytest.fixture
def sessions(database_kind: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    yield from seeded(request, database_kind)


@pytest.fixture
async def rig(sessions) -> AsyncIterator[EngineRig]:
    async with engine_rig(sessions, MONDAY) as rig:
        yield rig


def say(rig: EngineRig, unit: str, text: str) -> str:
    incoming = Incoming("telegram", str(CHAT_OF[unit]), f"user-{unit}", f"Cán bộ {unit}", text, addressed=True)
    reply = respond(incoming, rig.sessions, rig.clock.now)
    assert reply is not None
    return reply.text


def texts_to(rig: EngineRig, unit: str, start: str) -> list[str]:
    return [m["text"] for m in rig.api.messages(CHAT_OF[unit]) if m["text"].startswith(start)]


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 4, day, hour, 0, tzinfo=VN)


async def test_request_answer_and_raise_go_out_once(rig: EngineRig) -> None:
    await run_until(rig, at(6, 9))
    assert "đã yêu cầu Trung tâm Phục vụ hành chính công" in say(rig, "chutich", "giải trình 17")
    assert "đã yêu cầu Phòng Kinh tế" in say(rig, "chutich", "giai trinh 29")
    await run_until(rig, at(6, 10))
    [asked] = texts_to(rig, "hcc", "❓")
    assert "yêu cầu giải trình: NV 17" in asked and "trả lời chậm nhất ngày 09/04/2026 (Thứ Năm)" in asked
    assert len(texts_to(rig, "kt", "❓")) == 1

    say(rig, "hcc", "giải trình 17: chờ hướng dẫn của thành phố, đề xuất hạn mới 30/4 ạ")
    await run_until(rig, at(6, 11))
    [answer] = texts_to(rig, "chutich", "📝")
    assert "chờ hướng dẫn của thành phố" in answer and "gia hạn 17 30/04/2026" in answer

    await run_until(rig, at(10, 12))  # Friday: 29's answer was due Thursday
    [raised] = texts_to(rig, "chutich", RAISED)
    assert "Phòng Kinh tế chưa trả lời yêu cầu giải trình NV 29" in raised and "hạn trả lời 09/04/2026" in raised
    with rig.sessions.begin() as session:
        [row] = session.scalars(select(Reminder).where(Reminder.kind == "explain-late")).all()
        assert row.due_at == at(10, 8) and row.chat == f"telegram:{CHAT_OF['chutich']}"
        assert session.scalar(select(Explanation.raised_at).where(Explanation.raised_at.is_not(None))) == at(10, 8)
        # a restart that plans the day again (its watermark lost) writes no second raise
        session.execute(update(Plan).values(reminders_until=None))
    rig.engine = EngineRig(rig.api, rig.bot, rig.sessions, rig.clock).engine
    await run_until(rig, at(13, 12))  # and the next working days bring none either
    assert len(texts_to(rig, "chutich", RAISED)) == 1
    with rig.sessions.begin() as session:
        assert len(session.scalars(select(Reminder).where(Reminder.kind == "explain-late")).all()) == 1
    assert len(texts_to(rig, "hcc", "❓")) == 1  # the request went out once

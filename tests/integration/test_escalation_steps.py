"""Escalation steps and the monthly meeting through the real engine: rows in a real database (SQLite and
PostgreSQL), messages and files through the real PTB Bot to the local Bot API stand-in, on a virtual clock.

The seed plan's quarterly reports of Q1 are due on Wednesday 4/3/2026 and stay open: day 0 is Thursday 5/3,
the focal point's step Monday 9/3, the chairman's Thursday 12/3; the meeting is on Friday 27/3.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import pytest
from docx import Document
from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from tests.conftest import VN
from tests.support.engine import CHAT_OF, EngineRig, VirtualClock, run_until, seeded
from tests.support.fake_bot_api import FakeBotApi

REPORTS = ("BC-dvsn", "BC-hcc", "BC-kt", "BC-vp")  # the units' quarterly reports: the focal point's own, BC-vhxh,
# goes to the chairman alone


@pytest.fixture
def sessions(database_kind: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    yield from seeded(request, database_kind)


@pytest.fixture
async def rig(sessions) -> AsyncIterator[EngineRig]:
    async with FakeBotApi() as api:
        bot = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
        async with bot:
            yield EngineRig(api, bot, sessions, VirtualClock(datetime(2026, 3, 4, 7, 0, tzinfo=VN)))


async def day(rig: EngineRig, when: datetime) -> None:
    rig.clock.now = when
    await run_until(rig, when.replace(hour=18))


def steps(rig: EngineRig) -> Counter[tuple[str, str]]:
    """(task, chat) of every escalation step the stand-in accepted ("🔴 <unit> quá hạn …"; a unit's own nag for
    its own task says "🔴 Quá hạn …")."""
    found: Counter[tuple[str, str]] = Counter()
    for unit in ("vhxh", "chutich"):
        for message in rig.api.messages(CHAT_OF[unit]):
            if message["text"].startswith("🔴") and not message["text"].startswith("🔴 Quá hạn"):
                found[(message["text"].split("NV ", 1)[1].split(" ", 1)[0], unit)] += 1
    return found


async def test_each_step_once_on_its_day_and_the_chairman_is_told_how_to_ask_why(rig: EngineRig) -> None:
    await day(rig, datetime(2026, 3, 9, 7, 0, tzinfo=VN))
    assert {task for task, unit in steps(rig) if unit == "vhxh"} >= set(REPORTS)
    assert not [key for key in steps(rig) if key[1] == "chutich" and key[0] in REPORTS]
    await day(rig, datetime(2026, 3, 12, 7, 0, tzinfo=VN))
    chairman = [m for m in rig.api.messages(CHAT_OF["chutich"]) if "NV BC-hcc" in m["text"]]
    assert len(chairman) == 1
    assert "Trung tâm Phục vụ hành chính công quá hạn 8 ngày" in chairman[0]["text"]
    assert "giải trình BC-hcc" in chairman[0]["text"]
    buttons = [b["callback_data"] for row in chairman[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["giải trình BC-hcc", "nv BC-hcc"]
    focal = [m for m in rig.api.messages(CHAT_OF["vhxh"]) if "NV BC-hcc" in m["text"]]
    assert len(focal) == 1 and "giải trình" not in focal[0]["text"]
    for later in (13, 16, 17, 20):  # the days after: the units' own nags go on, the steps never again
        await day(rig, datetime(2026, 3, later, 7, 0, tzinfo=VN))
    assert [key for key, count in steps(rig).items() if count != 1] == []
    assert {(task, unit) for task in REPORTS for unit in ("vhxh", "chutich")} <= set(steps(rig))
    escalate_rows = [r for r in rig.rows() if r.kind == "escalate"]
    assert len(escalate_rows) == len({(r.subject, r.chat) for r in escalate_rows})  # a row per step and chat


async def test_steps_missed_while_down_are_caught_up_once(rig: EngineRig) -> None:
    await day(rig, datetime(2026, 3, 4, 7, 0, tzinfo=VN))
    await day(rig, datetime(2026, 3, 13, 9, 0, tzinfo=VN))  # down from 4/3 evening: both steps missed
    assert {(task, unit) for task in REPORTS for unit in ("vhxh", "chutich")} <= set(steps(rig))
    assert all(count == 1 for count in steps(rig).values())
    await day(rig, datetime(2026, 3, 16, 7, 0, tzinfo=VN))
    assert all(count == 1 for count in steps(rig).values())
    assert not rig.rows("pending") and not rig.rows("claimed")


async def test_the_meeting_agenda_reaches_the_focal_point_once_as_a_word_file(rig: EngineRig) -> None:
    await day(rig, datetime(2026, 3, 27, 7, 0, tzinfo=VN))
    await day(rig, datetime(2026, 3, 27, 12, 0, tzinfo=VN))  # the same day again: nothing more
    documents = rig.api.calls_of("sendDocument")
    assert [(m["chat_id"], m["document"]["filename"]) for m in documents] == [
        (CHAT_OF["vhxh"], "giao-ban-cchc-nam-an-phu-20260327.docx")]
    lines = [m["text"] for m in rig.api.messages(CHAT_OF["vhxh"]) if m["text"].startswith("📋 Giao ban")]
    assert len(lines) == 1 and "họp 27/03/2026 (Thứ Sáu)" in lines[0]
    upload = next(u for u in rig.api.uploads if u["method"].lower() == "senddocument")
    document = Document(io.BytesIO(upload["data"]))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Giao ban công tác cải cách hành chính tháng 3 năm 2026" in [p.text for p in document.paragraphs]
    assert "I. Nhiệm vụ quá hạn" in cells and "IV. Nhiệm vụ được giao trong tháng" in cells
    assert any(text.startswith("NV BC-") for text in cells)  # Q1's reports, still open, are overdue
    assert not [m for unit in ("chutich", "hcc", "kt") for m in rig.api.calls_of("sendDocument")
                if m["chat_id"] == CHAT_OF[unit]]

"""The task's own number in the chat (issue 22, point 3), on a plan whose numbers restart in each section
("I.1", "II.3", "IV.2.1"), as the importer stores them: typed any way, resolved the same on both stores (the
status commands' Connection and the Session), never acted on when it could be several tasks."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.context import Incoming
from bot.core.service import respond
from plan_data.model import PlanSpec
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import StatusChange
from storage.queries import pick_plan, unit_by_code
from tests.support.chat import CHATS, Chat


def restarting(spec: PlanSpec) -> tuple[PlanSpec, dict[str, str]]:
    """The seed plan numbered as many communes number theirs: 1, 2, 3 again in each Roman section, sub-rows
    under their row ("24.1" -> "IV.2.1"). Codes stay. Returns the plan and old number -> new."""
    renamed: dict[str, str] = {}
    rows: dict[tuple[str, str], int] = {}
    for task in spec.tasks:
        if not task.number[0].isdigit():
            continue
        head, _, sub = task.number.partition(".")
        row = rows.setdefault((task.section, head), sum(1 for s, _ in rows if s == task.section) + 1)
        renamed[task.number] = f"{task.section}.{row}" + (f".{sub}" if sub else "")
    tasks = tuple(replace(t, number=renamed.get(t.number, t.number)) for t in spec.tasks)
    return replace(spec, tasks=tasks), renamed


def restarting_chat(sessions: sessionmaker[Session], now: datetime) -> tuple[Chat, dict[str, str]]:
    spec, renamed = restarting(read_plan(BUNDLED_PLAN))
    with sessions.begin() as session:
        load_plan(session, spec, now)
        plan = pick_plan(session)
        for code in CHATS:
            bind_directly(session, unit_by_code(session, plan.id, code), "telegram", f"chat-{code}", code, now)
    return Chat(sessions, now), renamed


def changes(sessions) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(StatusChange))


def test_the_plans_numbers_as_stored(sessions, now) -> None:
    _, renamed = restarting_chat(sessions, now)
    assert (renamed["1"], renamed["10"], renamed["12"], renamed["17"], renamed["24.1"]) == \
        ("I.1", "II.1", "II.3", "III.1", "IV.2.1")


def test_a_roman_section_typed_in_arabic_is_the_same_task(sessions, now) -> None:
    talk, _ = restarting_chat(sessions, now)
    reply = talk.say("vp", "xong 2.3")
    assert "NV II.3" in reply.text and "đã ghi nhận hoàn thành" in reply.text
    [button] = [b.command for b in reply.buttons]
    assert re.fullmatch(r"hoàn tác II\.3 #\d+", button)  # the number as stored, and the message it undoes
    assert talk.occurrence("II.3").status == "done"
    assert "đã hoàn tác" in talk.text("vp", "hoàn tác ii.3")
    assert talk.occurrence("II.3").status == "open"
    assert "đã ghi nhận hoàn thành" in talk.text("vp", "XONG II.3")


def test_a_number_in_every_section_is_asked_about_never_acted_on(sessions, now) -> None:
    talk, _ = restarting_chat(sessions, now)
    asked = talk.text("vp", "xong 1")
    assert asked.startswith("NV 1 có ở 7 mục: I.1 (Chỉ đạo điều hành) · II.1 (Cải cách thể chế) · III.1 (Cải "
                            "cách thủ tục hành chính) ·") and asked.endswith("VII.1 (Xây dựng Chính quyền điện "
                                                                         "tử). Gõ lại, ví dụ: xong I.1")
    assert changes(sessions) == 0
    shown = talk.text("vp", "nv 1")  # the Session's way: the same question, its own example
    assert shown.startswith("NV 1 có ở 7 mục") and shown.endswith("ví dụ: nv I.1")
    assert talk.text("vp", "td 1 50%").endswith("ví dụ: td I.1")
    assert changes(sessions) == 0


def test_a_number_that_matches_nothing_gets_the_nearest(sessions, now) -> None:
    talk, _ = restarting_chat(sessions, now)
    assert talk.text("vhxh", "xong 9") == "Không có NV 9; có thể là I.9?"
    assert talk.text("hcc", "xong BC-hc") == "Không có NV BC-hc; có thể là BC-hcc?"
    assert changes(sessions) == 0


def test_a_heading_still_names_its_rows(sessions, now) -> None:
    talk, _ = restarting_chat(sessions, now)
    reply = talk.text("vhxh", "xong IV.2")
    assert "NV IV.2.1" in reply and "NV IV.2.2" in reply and "gồm IV.2.1, IV.2.2: đã ghi nhận cả 2" in reply
    assert talk.occurrence("IV.2.2").status == "done"


def test_in_a_group_a_report_by_its_own_number(sessions, now) -> None:
    talk, _ = restarting_chat(sessions, now)
    said = respond(Incoming("telegram", "chat-hcc", "u1", "Trần B", "Xong iii.2 nhé"), sessions, now,
                   bot_username="NhacViecBot")
    assert "NV III.2" in said.text and talk.occurrence("III.2").status == "done"
    unsure = respond(Incoming("telegram", "chat-hcc", "u1", "Trần B", "Lan xong 3 rồi"), sessions, now,
                     bot_username="NhacViecBot")
    assert unsure is not None and unsure.text.startswith("NV 3 có ở")  # which? never a guess


def test_both_stores_resolve_alike(sessions, now) -> None:
    """The status commands on one Connection and on the Session read the same numbers the same way."""
    talk, _ = restarting_chat(sessions, now)
    for text in ("xong 2.3", "xong 1", "xong II.9", "xong 2.4, ii.5", "td 3.2 50%", "xong BC-hc"):
        incoming = Incoming("telegram", "chat-vp", "u1", "B", text, addressed=True)
        on_session = respond(incoming, sessions, now, fast=False)
        for number in ("2.3", "2.4", "2.5"):
            talk.say("vp", f"hoàn tác {number}")
        assert respond(incoming, sessions, now) == on_session, text
        for number in ("2.3", "2.4", "2.5"):
            talk.say("vp", f"hoàn tác {number}")

"""A person on a task, on SQLite and PostgreSQL: «nhận 17» in the unit's group, «giao 17 @lan» from the
chairman's or the focal point's chat (the person known in the task's unit, else asked), «hoàn tác 17» puts
the task's person back (on the status commands' Connection and on the Session alike), «việc của tôi», and
the reminders that name the person."""

from __future__ import annotations

from datetime import datetime
from itertools import count

import pytest
from sqlalchemy import select

from bot.core import speakers
from bot.core.context import Incoming, Reply
from bot.core.service import respond
from jobs.claims import Job
from jobs.notices import message_of
from jobs.preload import load
from storage.models import Occurrence, Person, Task
from tests.conftest import VN
from tests.support.chat import seeded_chat

_messages = count(1000)
LAN = ("701", "Nguyễn Thị Lan", "lan_hcc")
LAN_TRAN = ("702", "Trần Thị Lan", "")
HA = ("703", "Đỗ Thu Hà", "")  # the focal point's officer


def say(sessions, unit: str, text: str, who: tuple[str, str, str], now: datetime, fast: bool = True) -> str:
    user_id, name, handle = who
    incoming = Incoming("telegram", f"chat-{unit}", user_id, name, text, chat_title=f"Tổ {unit}",
                        message_id=str(next(_messages)), addressed=True, user_handle=handle)
    reply = respond(incoming, sessions, now, fast=fast)
    assert isinstance(reply, Reply)
    return reply.text


def hear(sessions, unit: str, who: tuple[str, str, str], now: datetime) -> None:
    """Someone says something in the unit's group that is not a command: recorded as its person."""
    incoming = Incoming("telegram", f"chat-{unit}", who[0], who[1], "chào cả nhà", user_handle=who[2])
    assert respond(incoming, sessions, now) is None and speakers.unheard(incoming, sessions)
    speakers.remember(incoming, sessions, now)
    assert not speakers.unheard(incoming, sessions)


def person_on(sessions, number: str) -> str | None:
    with sessions.begin() as session:
        task = session.scalar(select(Task).where(Task.number == number))
        person = session.get(Person, task.person_id) if task.person_id is not None else None
        return person.name if person is not None else None


@pytest.fixture
def chat(sessions, now):
    return seeded_chat(sessions, now)


def test_an_officer_takes_a_task_of_the_unit(sessions, now, chat) -> None:
    reply = say(sessions, "hcc", "em nhận nv 17 ạ", LAN, now)
    assert "Nguyễn Thị Lan đã nhận NV 17" in reply and "gọi tên Lan" in reply
    assert person_on(sessions, "17") == "Nguyễn Thị Lan"
    assert "đã nhận nhiệm vụ này rồi" in say(sessions, "hcc", "nhan 17", LAN, now)
    detail = say(sessions, "hcc", "nv 17", LAN, now)
    assert "Người thực hiện: Nguyễn Thị Lan (@lan_hcc)" in detail and "Nguyễn Thị Lan (Telegram): nhận nhiệm vụ" in detail


@pytest.mark.parametrize("unit", ["kt", "vhxh", "chutich"])
def test_another_units_task_is_not_taken(sessions, now, chat, unit: str) -> None:
    reply = say(sessions, unit, "nhận 17", HA, now)
    assert "do Trung tâm Phục vụ hành chính công phụ trách" in reply
    assert person_on(sessions, "17") is None


@pytest.mark.parametrize(("unit", "typed"), [("chutich", "giao 17 @lan_hcc"), ("vhxh", "giao nv 17 cho @LAN_HCC nhé"),
                                             ("chutich", "giao 17 cho Nguyễn Thị Lan"), ("vhxh", "giao so 17 cho chi Tran Thi Lan")])
def test_the_chairman_or_the_focal_point_assigns_a_known_person(sessions, now, chat, unit: str, typed: str) -> None:
    hear(sessions, "hcc", LAN, now)
    hear(sessions, "hcc", LAN_TRAN, now)
    reply = say(sessions, unit, typed, HA, now)
    named = "Trần Thị Lan" if "Tran" in typed else "Nguyễn Thị Lan"
    assert f"đã giao cho {named}" in reply
    assert person_on(sessions, "17") == named
    assert f"Đỗ Thu Hà (Telegram): giao cho {named}" in say(sessions, unit, "nv 17", HA, now)


def test_a_unit_does_not_assign(sessions, now, chat) -> None:
    hear(sessions, "hcc", LAN, now)
    assert "Chỉ Chủ tịch UBND xã và đầu mối CCHC được giao nhiệm vụ" in say(sessions, "hcc", "giao 17 @lan_hcc", LAN, now)
    assert person_on(sessions, "17") is None


def test_an_unknown_or_ambiguous_person_is_asked_never_guessed(sessions, now, chat) -> None:
    assert "chưa biết cán bộ nào của Trung tâm Phục vụ" in say(sessions, "chutich", "giao 17 cho Lan", HA, now)
    hear(sessions, "hcc", LAN, now)
    hear(sessions, "hcc", LAN_TRAN, now)
    hear(sessions, "kt", ("704", "Phạm Văn Minh", ""), now)  # known, but in another unit
    unknown = say(sessions, "chutich", "giao 17 cho Minh", HA, now)
    assert "chưa biết ai là «Minh»" in unknown and "Nguyễn Thị Lan (@lan_hcc), Trần Thị Lan" in unknown
    ambiguous = say(sessions, "vhxh", "giao 17 cho chị Lan", HA, now)
    assert "có 2 người là «Lan»" in ambiguous and "Trần Thị Lan" in ambiguous
    assert person_on(sessions, "17") is None


def test_a_person_is_recorded_again_under_a_new_handle_and_the_citys_chat_records_no_one(sessions, now, chat) -> None:
    hear(sessions, "hcc", ("705", "Võ Minh", ""), now)
    hear(sessions, "hcc", ("705", "Võ Văn Minh", "minh_vo"), now)  # a new name and @handle: written again
    assert "đã giao cho Võ Văn Minh (@minh_vo)" in say(sessions, "chutich", "giao 17 @minh_vo", HA, now)
    stranger = Incoming("telegram", "chat-nowhere", "706", "Ai đó", "chào")  # a chat bound to no unit
    speakers.remember(stranger, sessions, now)
    with sessions.begin() as session:
        assert session.scalars(select(Person.name).where(Person.user_id.in_(["705", "706"]))).all() == ["Võ Văn Minh"]


def test_a_long_name_is_asked_back_short(sessions, now, chat) -> None:
    hear(sessions, "hcc", LAN, now)
    reply = say(sessions, "chutich", "giao 17 cho " + "Nguyễn " * 500, HA, now)
    assert "chưa biết ai là «Nguyễn" in reply and len(reply) < 400 and person_on(sessions, "17") is None


@pytest.mark.parametrize("fast", [True, False])
def test_undo_puts_the_person_back(sessions, now, chat, fast: bool) -> None:
    hear(sessions, "hcc", LAN_TRAN, now)
    say(sessions, "hcc", "nhận 17", LAN, now)
    say(sessions, "chutich", "giao 17 cho Trần Thị Lan", HA, now, fast)
    assert person_on(sessions, "17") == "Trần Thị Lan"
    assert "hoàn tác «giao cho» Trần Thị Lan" in say(sessions, "chutich", "hoàn tác 17", HA, now, fast)
    assert person_on(sessions, "17") == "Nguyễn Thị Lan"
    assert "hoàn tác «nhận nhiệm vụ»" in say(sessions, "hcc", "hoàn tác 17", LAN, now, fast)
    assert person_on(sessions, "17") is None
    with sessions.begin() as session:  # the status is as it was: only the person moved
        assert session.scalar(select(Occurrence.status).join(Task).where(Task.number == "17")) == "open"


def test_a_unit_cannot_undo_over_the_chairmans_assignment(sessions, now, chat) -> None:
    hear(sessions, "hcc", LAN_TRAN, now)
    say(sessions, "hcc", "nhận 17", LAN, now)
    say(sessions, "chutich", "giao 17 cho Trần Thị Lan", HA, now)
    refused = say(sessions, "hcc", "hoàn tác 17", LAN, now)  # its own «nhận», since replaced by the chairman
    assert "sau «nhận nhiệm vụ» đã có thay đổi khác («giao cho» Trần Thị Lan của Đỗ Thu Hà)" in refused
    assert person_on(sessions, "17") == "Trần Thị Lan"


def test_my_own_tasks_in_any_chat_of_the_plan(sessions, now, chat) -> None:
    say(sessions, "hcc", "nhận 17", LAN, now)
    say(sessions, "hcc", "em nhận 18 ạ", LAN, now)
    for unit in ("hcc", "kt"):
        mine = say(sessions, unit, "việc của tôi", LAN, now)
        assert mine.startswith("Nhiệm vụ đang mở của Nguyễn Thị Lan") and "] 17 " in mine and "] 18 " in mine
        assert len(mine.splitlines()) == 3  # the header and her two tasks, not the unit's others
    none = say(sessions, "hcc", "viec cua em a", LAN_TRAN, now)
    assert "chưa nhận nhiệm vụ nào" in none and "«việc»" in none


def _reminder(sessions, number: str, platform: str, now: datetime):
    with sessions.begin() as session:
        occurrence = session.scalar(select(Occurrence).join(Task).where(Task.number == number))
        job = Job(1, occurrence.task.plan_id, "due", f"occurrence:{occurrence.id}", occurrence.id, now, platform, "-1")
        return message_of(load(session, [job]), job, now)


def test_a_reminder_names_the_person(sessions, now, chat) -> None:
    due = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
    assert "Người thực hiện" not in _reminder(sessions, "17", "telegram", due).text
    say(sessions, "hcc", "nhận 17", LAN, now)  # with a handle: "@lan_hcc", which Telegram links itself
    message = _reminder(sessions, "17", "telegram", due)
    assert message.text.endswith("👤 Người thực hiện: @lan_hcc") and not message.mentions
    say(sessions, "hcc", "nhận 17", LAN_TRAN, now)  # without: the name, and a mention by user id
    message = _reminder(sessions, "17", "telegram", due)
    assert message.text.endswith("👤 Người thực hiện: Trần Thị Lan")
    assert [(m.text, m.user_id) for m in message.mentions] == [("Trần Thị Lan", "702")]
    zalo = _reminder(sessions, "17", "zalo", due)  # a Telegram user in a Zalo chat: the name alone
    assert zalo.text.endswith("Trần Thị Lan") and not zalo.mentions

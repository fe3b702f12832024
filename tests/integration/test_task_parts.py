"""A coordinating unit's part of a task, on SQLite and PostgreSQL. Task 17 of the seed plan is led by hcc and
coordinated by vhxh (the focal point), vp, kt and dvsn: each coordinator's chat reports its own part, which
informs and never closes the task; «xong 17» from a coordinator is pointed to the part form; «hoàn tác 17»
puts a part back (on the status commands' Connection and on the Session alike); «nv 17» shows each part; the
lead's reminders say how many parts are done; the counts stay the lead's."""

from __future__ import annotations

from datetime import datetime
from itertools import count

import pytest
from sqlalchemy import func, select, update

from bot.core import texts
from bot.core.context import Incoming, Reply
from bot.core.service import respond
from jobs.claims import Job
from jobs.notices import message_of
from jobs.preload import load
from plan_data.lifecycle import State
from storage.models import ChatBinding, Occurrence, Reminder, StatusChange, Task, TaskPart, Unit
from tests.conftest import VN
from tests.support.chat import seeded_chat

_messages = count(5000)
COORDINATORS = ("vhxh", "vp", "kt", "dvsn")  # task 17's, in the plan's order; hcc leads it


def say(sessions, unit: str, text: str, now: datetime, fast: bool = True) -> str:
    incoming = Incoming("telegram", f"chat-{unit}", f"user-{unit}", f"Cán bộ {unit}", text, chat_title=f"Tổ {unit}",
                        message_id=str(next(_messages)), addressed=True)
    reply = respond(incoming, sessions, now, fast=fast)
    assert isinstance(reply, Reply)
    return reply.text


def parts_of(sessions, number: str = "17") -> dict[str, tuple[str, int]]:
    with sessions.begin() as session:
        query = (select(TaskPart.unit_code, TaskPart.status, TaskPart.progress)
                 .join(Occurrence, Occurrence.id == TaskPart.occurrence_id).join(Task).where(Task.number == number))
        return {code: (status, progress) for code, status, progress in session.execute(query)}


def state_of(sessions, number: str = "17") -> tuple[str, int]:
    with sessions.begin() as session:
        occurrence = session.scalar(select(Occurrence).join(Task).where(Task.number == number, Occurrence.seq == 0))
        return occurrence.status, occurrence.progress


def name(sessions, code: str) -> str:
    with sessions.begin() as session:
        return session.scalar(select(Unit.name).where(Unit.code == code))


@pytest.fixture
def chat(sessions, now):
    return seeded_chat(sessions, now)


@pytest.mark.parametrize("fast", [True, False])
def test_xong_from_a_coordinator_is_not_taken_as_done(sessions, now, chat, fast) -> None:
    for said in ("xong 17", "xong 17 rồi ạ", "td 17 100%"):
        reply = say(sessions, "kt", said, now, fast=fast)
        assert reply == texts.PART_USE_FORM.format(numbers="17", number="17", me=name(sessions, "kt"), unit=name(sessions, "hcc"))
    assert state_of(sessions) == (State.OPEN.value, 0)
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(StatusChange)) == 0


def test_a_coordinator_reports_its_part_and_the_task_stays_the_leads(sessions, now, chat) -> None:
    summary = say(sessions, "chutich", "tổng hợp", now)
    reply = say(sessions, "kt", "dạ em xong phần 17 rồi ạ", now)
    assert "Phòng Kinh tế" in reply and "(1/4 đơn vị phối hợp đã xong)" in reply and "hoàn tác 17" in reply
    reply = say(sessions, "vp", "td phan 17 50% nhe", now)
    assert "50%" in reply and "(1/4 đơn vị phối hợp đã xong)" in reply
    assert parts_of(sessions) == {"kt": ("done", 100), "vp": ("open", 50)}
    assert state_of(sessions) == (State.OPEN.value, 0)  # the parts inform: the task is the lead's
    assert say(sessions, "chutich", "tổng hợp", now) == summary  # and so is every count
    assert "Phòng Kinh tế đã báo xong phần phối hợp rồi" in say(sessions, "kt", "phần 17 xong", now)
    assert say(sessions, "vp", "phần 17: 100%", now).count("(2/4 đơn vị") == 1
    assert "đúng hạn" in say(sessions, "hcc", "xong 17", now)  # the lead closes it, whatever the parts say
    assert state_of(sessions)[0] == State.DONE.value


def test_hoan_tac_puts_a_part_back(sessions, now, chat) -> None:
    say(sessions, "vp", "td phần 17 40%", now)
    say(sessions, "vp", "xong phần 17", now)
    say(sessions, "kt", "xong phần 17", now)
    undone = say(sessions, "vp", "hoàn tác 17", now)  # the status commands' Connection
    assert undone.startswith("↩️") and "«báo xong phần phối hợp»" in undone
    assert parts_of(sessions) == {"vp": ("open", 40), "kt": ("done", 100)}  # vp's own, not kt's
    say(sessions, "vp", "hoan tac 17", now, fast=False)  # the Session
    assert parts_of(sessions) == {"kt": ("done", 100)}
    nothing = say(sessions, "vp", "hoàn tác 17", now)  # vp has nothing left; kt's part is not vp's to take back
    assert nothing == texts.NOT_YOURS.format(number="17", unit=name(sessions, "hcc"), me=name(sessions, "vp"))
    assert parts_of(sessions) == {"kt": ("done", 100)}
    say(sessions, "kt", "hoàn tác 17", now, fast=False)
    assert parts_of(sessions) == {}
    assert state_of(sessions) == (State.OPEN.value, 0)


def test_nv_shows_each_part_and_its_history(sessions, now, chat) -> None:
    assert "Phần phối hợp (0/4 đã xong)" in say(sessions, "hcc", "nv 17", now)
    say(sessions, "kt", "xong phần 17", now)
    say(sessions, "dvsn", "tiến độ phần việc 17: 30%", now)
    shown = say(sessions, "chutich", "nv 17", now)
    names = [name(sessions, code) for code in COORDINATORS]
    line = next(line for line in shown.splitlines() if line.startswith("• Phần phối hợp"))
    assert line == texts.PART_LINE.format(done=1, total=4, parts=" · ".join((
        texts.PART_STATE_NONE.format(unit=names[0]), texts.PART_STATE_NONE.format(unit=names[1]),
        texts.PART_STATE_DONE.format(unit=names[2], by="Cán bộ kt", day="02/03/2026"),
        texts.PART_STATE_PROGRESS.format(unit=names[3], percent=30))))
    assert "báo xong phần phối hợp: Phòng Kinh tế" in shown
    assert f"cập nhật phần phối hợp 30%: {names[3]}" in shown


@pytest.mark.parametrize(("unit", "said", "expected"), [
    ("hcc", "xong phần 17", texts.PART_IS_LEAD),  # the lead reports the task itself
    ("chutich", "xong phần 17", texts.PART_NOT_COORDINATING),  # the chairman has no part
    ("kt", "xong phần BC-hcc", texts.PART_NOT_COORDINATING),  # kt does not coordinate BC-hcc
])
def test_a_part_is_only_the_coordinators_own(sessions, now, chat, unit, said, expected) -> None:
    number = said.split()[-1]
    reply = say(sessions, unit, said, now)
    assert reply == expected.format(number=number, me=name(sessions, unit), unit=name(sessions, "hcc"))
    assert parts_of(sessions, number) == {}


def _reminder(sessions, number: str, now: datetime) -> str:
    with sessions.begin() as session:
        occurrence = session.scalar(select(Occurrence).join(Task).where(Task.number == number))
        job = Job(1, occurrence.task.plan_id, "due", f"occurrence:{occurrence.id}", occurrence.id, now, "telegram", "-1")
        return message_of(load(session, [job]), job, now).text


def test_the_leads_reminder_says_how_many_parts_are_done(sessions, now, chat) -> None:
    due = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
    assert _reminder(sessions, "17", due).endswith("🤝 Phối hợp: 0/4 đơn vị đã xong phần việc")
    say(sessions, "kt", "xong phần 17", now)
    say(sessions, "vp", "td phần 17 60%", now)
    assert _reminder(sessions, "17", due).endswith("🤝 Phối hợp: 1/4 đơn vị đã xong phần việc")
    # task 5: led by the focal point, its only coordinator: no part to count, nothing said of parts
    assert "🤝" not in _reminder(sessions, "5", due) and "Phần phối hợp" not in say(sessions, "vhxh", "nv 5", now)


def notices(sessions) -> list[tuple[str, str, str]]:
    with sessions.begin() as session:
        rows = session.execute(select(Reminder.chat, Reminder.subject, Reminder.text).where(Reminder.kind == "notice")
                               .order_by(Reminder.id))
        return [tuple(row) for row in rows]


@pytest.mark.parametrize("asker", ["hcc", "chutich"])
def test_the_lead_or_the_chairman_asks_the_parts_not_done(sessions, now, chat, asker) -> None:
    say(sessions, "kt", "xong phần 17", now)
    reply = say(sessions, asker, "hỏi phần 17 nhé", now, fast=False)
    waiting = [name(sessions, code) for code in ("vhxh", "vp", "dvsn")]
    with sessions.begin() as session:
        content = session.scalar(select(Task.content).where(Task.number == "17"))
    assert reply == texts.PART_ASK_OK.format(task=texts.task_name("17", content), units=", ".join(waiting), no_chat="")
    sent = notices(sessions)
    assert [chat for chat, _subject, _text in sent] == ["telegram:chat-vhxh", "telegram:chat-vp", "telegram:chat-dvsn"]
    assert all("xong phần 17" in text and name(sessions, asker) in text for _chat, _subject, text in sent)
    assert state_of(sessions) == (State.OPEN.value, 0) and parts_of(sessions) == {"kt": ("done", 100)}


def test_asking_the_parts_is_refused_to_a_coordinator_and_said_when_all_are_done(sessions, now, chat) -> None:
    refused = say(sessions, "kt", "hỏi phần 17", now, fast=False)
    assert refused == texts.NOT_YOURS.format(number="17", unit=name(sessions, "hcc"), me=name(sessions, "kt"))
    for code in COORDINATORS:
        say(sessions, code, "xong phần 17", now)
    assert "(4/4)" in say(sessions, "hcc", "hỏi phần 17", now, fast=False)
    assert notices(sessions) == []
    assert say(sessions, "vhxh", "hỏi phần 5", now, fast=False).endswith("không có đơn vị phối hợp nào để hỏi.")


def test_a_coordinator_with_no_chat_is_named_not_skipped(sessions, now, chat) -> None:
    with sessions.begin() as session:
        vp = session.scalar(select(Unit.id).where(Unit.code == "vp"))
        session.execute(update(ChatBinding).where(ChatBinding.unit_id == vp).values(active=False))
    reply = say(sessions, "hcc", "hỏi phần 17", now, fast=False)
    assert reply.endswith(texts.PART_ASK_NO_CHAT.format(units=name(sessions, "vp")))
    assert "telegram:chat-vp" not in [chat for chat, _subject, _text in notices(sessions)]

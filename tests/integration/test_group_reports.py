"""No report lost, no guess made (issue 23, point 5), through the core on a real database: a group report
in any polite form is taken, several tasks are each answered for, what may be a report is asked about once
and nothing is recorded until someone says yes."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.core import texts
from bot.core.context import ConfirmButton, Incoming
from bot.core.service import respond
from storage.invites import bind_directly
from storage.models import Occurrence, StatusChange, Task
from storage.queries import pick_plan, unit_by_code
from tests.support.chat import seeded_chat
from tests.support.messages import BOT, REPORT, TALK, UNSURE, compose

VHXH_OPEN = ("2", "3", "4", "6", "23", "25", "26", "27", "31", "32", "33", "34", "35")  # vhxh's, open on 02/03


def group(sessions, now, unit: str, text: str, user: str = "Trần B", message: str = "501"):
    return respond(Incoming("telegram", f"chat-{unit}", "u1", user, text, chat_title=f"Tổ {unit}",
                            message_id=message), sessions, now, bot_username=BOT)


def changes(sessions) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(StatusChange))


@pytest.mark.parametrize(("unit", "text", "number"), [
    ("vhxh", "Xong 27 nhé", "27"), ("hcc", "Xong 17 ạ", "17"), ("hcc", "xong 17 roi a", "17"),
    ("hcc", "em xong 17 rồi ạ", "17"), ("hcc", "ok xong 17", "17"), ("vhxh", "27 xong rồi ạ 👍", "27")])
def test_a_report_with_polite_words_is_taken(sessions, now, unit: str, text: str, number: str) -> None:
    talk = seeded_chat(sessions, now)
    reply = group(sessions, now, unit, text)
    assert reply is not None and f"NV {number}" in reply.text and "đã ghi nhận hoàn thành" in reply.text
    assert talk.occurrence(number).status == "done" and talk.occurrence(number).note == ""  # no filler as a note


def test_several_tasks_each_taken_and_the_one_done_before_said(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("vhxh", "xong 31", at=now - timedelta(days=3))
    reply = group(sessions, now, "vhxh", "xong 27, 31 đã ban hành")
    assert "NV 27" in reply.text and "đã ghi nhận hoàn thành" in reply.text
    assert "NV 31" in reply.text and "đã hoàn thành ngày 27/02/2026" in reply.text
    assert talk.occurrence("27").status == "done" and talk.occurrence("27").note == "đã ban hành"


@pytest.mark.parametrize("text", ["xong 17, 19 roi", "xong 17, 19 da nop", "17 va 19 da xong roi a"])
def test_two_tasks_without_diacritics_one_done_before_are_not_dropped(sessions, now, text: str) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "xong 17", at=now - timedelta(days=1))
    reply = group(sessions, now, "hcc", text)
    assert reply is not None and "NV 19" in reply.text and "đã hoàn thành ngày 01/03/2026" in reply.text
    assert talk.occurrence("19").status == "done"


def test_fillers_are_not_the_note_of_the_report(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    group(sessions, now, "hcc", "xong 17 rồi ạ")
    group(sessions, now, "hcc", "xong 18 đã nộp kế hoạch ạ")
    group(sessions, now, "hcc", "xong 19 nhé")
    assert [talk.occurrence(n).note for n in ("17", "18", "19")] == ["", "đã nộp kế hoạch", ""]
    with sessions.begin() as session:
        assert sorted(session.scalars(select(StatusChange.note))) == ["", "", "đã nộp kế hoạch"]


def test_what_may_be_a_report_is_asked_about_once_and_nothing_is_recorded(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    asked = group(sessions, now, "hcc", "anh Nam xong 17 hôm qua")
    assert asked.text == "Ghi nhận NV 17 xong?"
    yes, no = asked.buttons
    assert isinstance(yes, ConfirmButton) and yes.command == "xong 17" and no.command == ""
    assert talk.occurrence("17").status == "open" and changes(sessions) == 0
    assert group(sessions, now, "hcc", "Lan xong 29 rồi") is None  # 29 is kt's: nothing to ask this chat
    assert group(sessions, now, "hcc", "Lan xong 99 rồi") is None


def test_in_the_citys_chat_report_shaped_talk_gets_nothing(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    with sessions.begin() as session:
        plan = pick_plan(session)
        bind_directly(session, unit_by_code(session, plan.id, "thanhpho"), "telegram", "chat-thanhpho", "city", now)
    for text in ("Lan xong 17 rồi", "xong 17 đã nộp kế hoạch", "anh Nam xong 1 hôm qua"):
        assert group(sessions, now, "thanhpho", text) is None, text
    assert talk.occurrence("17").status == "open"


def test_the_yes_records_the_report_asked_about_with_its_author_message_and_note(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    asked = "anh Nam xong 17 hôm qua"
    yes = Incoming("telegram", "chat-hcc", "u-nam", "Nguyễn Nam", "xong 17", message_id="501", addressed=True,
                   quoted=asked)
    reply = respond(yes, sessions, now, bot_username=BOT)
    assert "đã ghi nhận hoàn thành" in reply.text
    occurrence = talk.occurrence("17")
    assert (occurrence.status, occurrence.done_by, occurrence.note) == ("done", "Nguyễn Nam", "hôm qua")
    with sessions.begin() as session:
        change = session.scalar(select(StatusChange))
        assert (change.user_id, change.message_id, change.note) == ("u-nam", "501", "hôm qua")


def test_said_to_the_bot_a_question_is_answered_not_acted_on(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", "xong 17")
    asked = talk.say("hcc", "xong 19 chưa?")
    assert asked.text == "Ghi nhận NV 19 xong?" and talk.occurrence("19").status == "open"
    done = talk.text("hcc", "xong 17 chưa?")  # nothing to record: what stands in the way
    assert "đã hoàn thành ngày 02/03/2026" in done


def test_composed_group_messages_through_the_core(sessions, now) -> None:
    """Composed messages of every kind, naming one unit's tasks: a report answers for each task (taken, or
    done before), talk gets nothing, unsure gets the question; neither talk nor a question records anything."""
    seeded_chat(sessions, now)
    rng = random.Random(23)
    pool = tuple((n, (n,)) for n in VHXH_OPEN)
    for _ in range(40):
        message = compose(rng, pool)
        before = changes(sessions)
        reply = group(sessions, now, "vhxh", message.text)
        if message.kind == TALK:
            assert reply is None and changes(sessions) == before, message
        elif message.kind == UNSURE:
            assert reply is None or reply.text.startswith("Ghi nhận NV"), message
            assert changes(sessions) == before, message
        else:
            assert message.kind == REPORT and reply is not None, message
            assert all(f"NV {n}:" in reply.text or f"NV {n} " in reply.text for n in message.tasks), message


def test_group_talk_never_changes_a_task(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    for text in ("xong 17 chưa?", "chưa xong 17", "xong 17 thì báo anh", "nhớ xong 17", "khi nào xong 17",
                 "xong 2 cái rồi", "xong 17 à", "xong 20 %"):
        assert group(sessions, now, "hcc", text) is None, text
    assert talk.occurrence("17").status == "open" and changes(sessions) == 0
    with sessions.begin() as session:
        assert session.scalar(select(Occurrence.status).join(Task).where(Task.number == "17")) == "open"
    assert texts.ASK_DONE.format(numbers="17") == "Ghi nhận NV 17 xong?"

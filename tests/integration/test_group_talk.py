"""Real group talk, both ways, through the core: a report with a note after the numbers is taken (if the
numbers are tasks of this plan), talk about counts of things is not. Nothing is addressed to the bot here."""

from __future__ import annotations

import pytest

from bot.core.context import Incoming
from bot.core.service import respond
from tests.support.chat import seeded_chat

REPORTS = [
    ("xong 17 đã nộp kế hoạch", "17"),
    ("Xong 17 da nop ke hoach roi", "17"),
    ("hoàn thành 17 đã gửi UBND xã", "17"),
    ("đã xong 17", "17"),
    ("17 xong", "17"),
    ("xong rồi 17", "17"),
]
TALK = [
    "xong 2 cái rồi",
    "xong 3 bài",
    "xong 5 hồ sơ",
    "Xong 1 nửa rồi anh ơi",
    "xong 1/2 rồi",
    "anh xong 17 chưa",
    "xong rồi nhé",
    "đã xong",
    "xong 99 cho em nhé",  # 99 is not a task of this plan
    "hôm nay xong 17 chưa em",
    "xong 17 chưa?",
    "Đã xong 17 chưa em?",
    "xong 17 thì báo anh nhé",
    "hoàn thành 17 trước 30/6 nhé",
    "xong 3-4 hôm nữa",
    "xong 2 hôm qua rồi",
    "xong 20 phiếu",
    "xong 20 %",
    "xong 29 đã nộp",  # 29 is another unit's task (kt): not this chat's report
]


def test_in_the_chairmans_chat_a_question_changes_nothing(sessions, now) -> None:
    talk = seeded_chat(sessions, now)
    for text in ("xong 17 chưa?", "xong 17 đã nộp"):  # 17 is hcc's, not the chairman's own
        asked = respond(Incoming("telegram", "chat-chutich", "u9", "Chủ tịch", text), sessions, now,
                        bot_username="NhacViecBot")
        assert asked is None
    assert talk.occurrence("17").status == "open"


def group_says(sessions, now, text: str):
    return respond(Incoming("telegram", "chat-hcc", "u1", "Trần B", text, chat_title="Tổ hcc"), sessions, now,
                   bot_username="NhacViecBot")


@pytest.mark.parametrize(("text", "number"), REPORTS)
def test_a_report_with_a_note_in_a_group_is_taken(sessions, now, text: str, number: str) -> None:
    talk = seeded_chat(sessions, now)
    reply = group_says(sessions, now, text)
    assert reply is not None and f"NV {number}" in reply.text and "đã ghi nhận hoàn thành" in reply.text
    assert talk.occurrence(number).status == "done"


@pytest.mark.parametrize("text", TALK)
def test_group_talk_is_left_alone(sessions, now, text: str) -> None:
    talk = seeded_chat(sessions, now)
    assert group_says(sessions, now, text) is None
    assert talk.occurrence("17").status == "open"


def test_talk_in_an_unbound_group_is_left_alone_too(sessions, now) -> None:
    seeded_chat(sessions, now)
    stranger = Incoming("zalo", "some-group", "u9", "Ai đó", "xong 17 đã nộp kế hoạch")
    assert respond(stranger, sessions, now, bot_username="NhacViecBot") is None

"""Every role × every command: who may do what, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.core import texts
from bot.core.context import Incoming
from bot.core.service import respond
from tests.support.chat import seeded_chat

OVERSEERS = {"vhxh", "chutich"}
ALL = {"vhxh", "vp", "kt", "hcc", "dvsn", "chutich"}

# (command, the chats it is allowed in); task 17 is hcc's, task 5 is coordinated by vhxh only.
MATRIX = [
    ("xong 17", OVERSEERS | {"hcc"}),
    ("td 17 50%", OVERSEERS | {"hcc"}),
    ("hoàn tác 17", OVERSEERS | {"hcc"}),
    ("hạn KH-hcc 20/12", OVERSEERS | {"hcc"}),
    ("gia hạn 17 30/6 chờ hướng dẫn", OVERSEERS),
    ("duyệt 17", OVERSEERS),
    ("nv 17", ALL),  # every unit coordinates task 17 ("Các cơ quan, chuyên môn, đơn vị liên quan")
    ("nv 5", OVERSEERS),
    ("việc", ALL),
    ("quá hạn", ALL),
    ("sắp tới 30 ngày", ALL),
    ("tổng hợp", ALL),
    ("hướng dẫn", ALL),
    ("báo cáo quý 1", OVERSEERS),
    ("xong phần 17", {"vhxh", "vp", "kt", "dvsn"}),  # its coordinators (the focal point among them), not its lead
    ("xong phần 5", set()),  # led by vhxh, coordinated by no other unit
]
REFUSALS = ("chỉ cập nhật được nhiệm vụ của mình", "Chỉ Chủ tịch UBND xã và đầu mối CCHC", "không thuộc",
            "Nhiệm vụ chỉ xong khi", "không phối hợp nhiệm vụ", "báo cả nhiệm vụ bằng")


@pytest.mark.parametrize("chat", sorted(ALL))
def test_permission_matrix(sessions, now, chat: str) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("chutich", "td 17 10%")  # so that "hoàn tác 17" has something to take back
    for command, allowed in MATRIX:
        answer = talk.text(chat, command)
        refused = any(marker in answer for marker in REFUSALS)
        assert refused == (chat not in allowed), f"{chat}: {command!r} -> {answer}"


@pytest.mark.parametrize("chat", sorted(ALL))
def test_refused_changes_change_nothing(sessions, now, chat: str) -> None:
    talk = seeded_chat(sessions, now)
    before = talk.occurrence("17")
    talk.text(chat, "gia hạn 17 30/6 lý do")
    talk.text(chat, "xong 17")
    after = talk.occurrence("17")
    if chat in OVERSEERS:
        assert (after.status, after.due) == ("done", before.due.replace(month=6, day=30))
    elif chat == "hcc":
        assert (after.status, after.due) == ("done", before.due)
    else:
        assert (after.status, after.progress, after.due) == (before.status, before.progress, before.due)


def test_an_unbound_chat_learns_nothing(sessions, now) -> None:
    seeded_chat(sessions, now)
    for command, _ in MATRIX:
        reply = respond(Incoming("telegram", "stranger", "9", "Ai đó", command, addressed=True), sessions, now)
        assert reply.text == texts.UNBOUND, command

"""Text from people that SQLite takes and PostgreSQL refuses (or that no file format can hold) is cleaned
at the entrance, with the same bounds on both databases: nothing crashes, nothing is lost that was
readable, and every stored text column holds what a person could see."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core import texts
from bot.core.context import Incoming
from bot.core.service import MAX_MESSAGE, respond
from storage.invites import create_invite
from storage.models import NAME_LENGTH, ChatBinding, Occurrence, StatusChange, Task
from storage.queries import pick_plan, unit_by_code
from tests.support.chat import seeded_chat

LONG_NAME = "Nguyễn " * 60  # 420 characters: a Telegram first and last name can be that long
HOSTILE = ["đã nộp\x00 bản ký", "ghi chú\x0bxuống dòng", "ảnh \x01\x02 lạ", "mất nửa \ud800 ký tự", "\x7f\x1b[31m đỏ"]


def say(sessions, now, text: str, *, chat: str = "chat-hcc", user: str = "Trần B", title: str = "Tổ hcc",
        evidence: dict | None = None):
    return respond(Incoming("telegram", chat, "u1", user, text, chat_title=title, message_id="9",
                            addressed=True, evidence=evidence), sessions, now)


@pytest.mark.parametrize("note", HOSTILE)
def test_notes_with_control_characters_and_lone_surrogates_are_stored_clean(sessions, now, note: str) -> None:
    seeded_chat(sessions, now)
    reply = say(sessions, now, f"xong 17: {note}", evidence={"type": "document", "file_name": f"bc{note}.pdf"})
    assert reply is not None and "đã ghi nhận hoàn thành" in reply.text
    with sessions.begin() as session:
        change = session.scalar(select(StatusChange))
        stored = session.scalar(select(Occurrence.note).join(Task).where(Task.number == "17"))
    for value in (stored, change.note, change.evidence["file_name"]):
        assert value.isprintable() or "\n" in value
        assert "\x00" not in value and not any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    visible = [c for c in note if c.isprintable() and c != " " and not 0xD800 <= ord(c) <= 0xDFFF]
    assert [c for c in stored if c not in " \n�"] == visible  # what a person could read is all kept


def test_an_over_long_display_name_is_cut_to_what_every_database_holds(sessions, now) -> None:
    seeded_chat(sessions, now)
    assert "đã ghi nhận" in say(sessions, now, "xong 17", user=LONG_NAME).text
    with sessions.begin() as session:
        change = session.scalar(select(StatusChange))
        done_by = session.scalar(select(Occurrence.done_by).join(Task).where(Task.number == "17"))
    assert len(change.user_name) == len(done_by) == NAME_LENGTH and change.user_name.endswith("…")


def test_a_chat_title_of_300_characters_is_cut_when_the_chat_is_bound(sessions, now) -> None:
    seeded_chat(sessions, now)
    with sessions.begin() as session:
        code = create_invite(session, unit_by_code(session, pick_plan(session).id, "kt"), now).code
    reply = respond(Incoming("zalo", "g-kt", "u2", "Lê C", f"/lienket {code}", chat_title="Nhóm " * 60,
                             addressed=True), sessions, now)
    assert "Đã liên kết" in reply.text
    with sessions.begin() as session:
        binding = session.scalar(select(ChatBinding).where(ChatBinding.chat_id == "g-kt"))
    assert len(binding.title) <= NAME_LENGTH


@pytest.mark.parametrize("chat", ["x" * 100, "g\x00g", "nhóm\ud800"])
def test_an_id_no_platform_sends_is_refused_before_the_database(sessions, now, chat: str) -> None:
    seeded_chat(sessions, now)
    assert say(sessions, now, "xong 17", chat=chat).text == texts.MALFORMED_CHAT
    with sessions.begin() as session:
        assert session.scalar(select(StatusChange)) is None


def test_an_over_long_message_gets_a_sentence_not_a_parse(sessions, now) -> None:
    seeded_chat(sessions, now)
    reply = say(sessions, now, "xong 17 " + "a" * MAX_MESSAGE)
    assert f"quá {MAX_MESSAGE}" in reply.text
    group = respond(Incoming("telegram", "chat-hcc", "u1", "B", "xong 17 " + "a" * MAX_MESSAGE), sessions, now)
    assert group is None  # group talk that long is nobody's command

"""A code for people (`nhacviec invite hcc --people N`): each officer of the unit types it in their own 1:1 chat
with the bot. It binds up to N distinct 1:1 chats, only to its own unit, never a group chat, and a chat that
keeps guessing codes still waits; the unit's reminders then reach each personal chat once, beside the group.

A 1:1 chat is known by the channel (Incoming.private: Telegram's chat type "private", Zalo's chat_type
"PRIVATE"); here the Incoming is made as the channels make it. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from bot.core.context import Incoming
from bot.core.service import respond
from jobs.engine import ReminderEngine
from storage.invites import MAX_FAILED, code_chats, create_invite
from storage.models import ChatBinding, ChatLink, Invite, Reminder
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.chat import seeded_chat

QUARTER_END = datetime(2026, 3, 31, 7, 0, tzinfo=VN)  # hcc has reminders at 08:00 that day

# how officers type it, with and without diacritics, politely; {code} is the code
PHRASINGS = ("/lienket {code}", "liên kết {code}", "lien ket {code}", "Liên kết {code} giúp em", "lien ket {code} ạ",
             "/lienket {code_lower}")


def say(sessions, text: str, chat: str, private: bool = True, platform: str = "zalo", at: datetime = QUARTER_END) -> str:
    incoming = Incoming(platform, chat, f"u-{chat}", f"Cán bộ {chat}", text, chat_title=f"Zalo {chat}",
                        addressed=True, private=private)
    return respond(incoming, sessions, at).text


def people_code(sessions, unit: str, people: int, at: datetime = QUARTER_END) -> str:
    with sessions.begin() as session:
        return create_invite(session, unit_by_code(session, pick_plan(session).id, unit), at, people).code


def units_of(sessions, platform: str = "zalo") -> dict[str, str]:
    with sessions.begin() as session:
        bindings = session.scalars(select(ChatBinding).where(ChatBinding.platform == platform)).all()
        return {b.chat_id: b.unit.code for b in bindings}


def test_a_code_for_people_binds_n_personal_chats_then_refuses_the_next_and_any_group(sessions) -> None:
    seeded_chat(sessions, QUARTER_END)
    code = people_code(sessions, "hcc", len(PHRASINGS))
    for n, phrasing in enumerate(PHRASINGS):
        reply = say(sessions, phrasing.format(code=code, code_lower=code.lower()), f"p{n}")
        assert "Đã liên kết chat riêng này với Trung tâm Phục vụ hành chính công" in reply, phrasing
        assert "nhắc việc của đơn vị sẽ đến đây" in reply
    assert "Đã liên kết chat riêng" in say(sessions, f"/lienket {code}", "p0")  # a chat of the code again: no new place
    assert "đã đủ số người" in say(sessions, f"/lienket {code}", "one-too-many")
    group = say(sessions, f"liên kết {code} nhé", "group-1", private=False)
    assert "dành cho chat riêng của từng cán bộ" in group
    telegram_group = say(sessions, f"/lienket {code}", "chat-kt", private=False, platform="telegram")
    assert "dành cho chat riêng" in telegram_group
    assert units_of(sessions) == {f"p{n}": "hcc" for n in range(len(PHRASINGS))}
    assert units_of(sessions, "telegram")["chat-kt"] == "kt"  # the group kept its unit
    with sessions.begin() as session:
        invite = session.scalar(select(Invite).where(Invite.code == code))
        assert code_chats(session, invite.id) == {("zalo", f"p{n}") for n in range(len(PHRASINGS))}
        outcomes = session.scalars(select(ChatLink.outcome).where(ChatLink.invite_id == invite.id)
                                   .order_by(ChatLink.id)).all()
    assert outcomes == ["bound"] * (len(PHRASINGS) + 1) + ["full", "group", "group"]


def test_a_one_use_code_still_binds_a_group_once(sessions) -> None:
    seeded_chat(sessions, QUARTER_END)
    code = people_code(sessions, "kt", 0)
    assert "Đã liên kết nhóm này với Phòng Kinh tế" in say(sessions, f"/lienket {code}", "group-kt", private=False)
    assert "không đúng, đã dùng" in say(sessions, f"/lienket {code}", "another", private=True)


def test_a_code_for_people_moves_a_bound_chat_only_to_its_unit_and_only_when_typed_again(sessions) -> None:
    seeded_chat(sessions, QUARTER_END)
    kt, hcc = people_code(sessions, "kt", 2), people_code(sessions, "hcc", 2)
    say(sessions, f"/lienket {kt}", "lan")
    asked = say(sessions, f"/lienket {hcc}", "lan")
    assert "đang liên kết với Phòng Kinh tế" in asked and f"gõ lại: /lienket {hcc}" in asked
    assert units_of(sessions) == {"lan": "kt"}
    say(sessions, f"/lienket {kt}", "lan")  # another code between: the move is asked again, not confirmed
    assert "gõ lại" in say(sessions, f"/lienket {hcc}", "lan")
    moved = say(sessions, f"/lienket {hcc}", "lan")
    assert "Đã chuyển chat riêng này sang Trung tâm Phục vụ hành chính công" in moved
    assert units_of(sessions) == {"lan": "hcc"}


def test_wrong_codes_still_hold_a_chat_before_it_may_use_a_code_for_people(sessions) -> None:
    seeded_chat(sessions, QUARTER_END)
    code = people_code(sessions, "hcc", 5)
    for guess in range(MAX_FAILED):
        assert "không đúng" in say(sessions, f"/lienket SAI{guess:05d}", "guesser")
    assert "sai mã liên kết nhiều lần" in say(sessions, f"/lienket {code}", "guesser")
    assert units_of(sessions) == {}


def test_the_units_reminder_reaches_each_personal_chat_once_beside_the_group(sessions) -> None:
    people = 3
    seeded_chat(sessions, QUARTER_END)
    code = people_code(sessions, "hcc", people)
    for n in range(people):
        say(sessions, f"/lienket {code}", f"p{n}")
    engine = ReminderEngine(sessions, lambda: QUARTER_END, {})
    engine.plan_ahead(QUARTER_END)
    engine.plan_ahead(QUARTER_END)  # again: nothing written twice
    with sessions.begin() as session:
        per_chat = dict(session.execute(select(Reminder.chat, func.count()).where(Reminder.kind != "snooze")
                                        .group_by(Reminder.chat)).all())
        keys = session.execute(select(Reminder.subject, Reminder.kind, Reminder.due_at)
                               .where(Reminder.chat == "telegram:chat-hcc")).all()
        for subject, kind, due_at in keys:
            chats = session.scalars(select(Reminder.chat).where(
                Reminder.subject == subject, Reminder.kind == kind, Reminder.due_at == due_at,
                Reminder.chat.in_([f"zalo:p{n}" for n in range(people)] + ["telegram:chat-hcc"]))).all()
            assert sorted(chats) == sorted([f"zalo:p{n}" for n in range(people)] + ["telegram:chat-hcc"])
    assert keys, "hcc has reminders on 31/03"
    assert {per_chat[f"zalo:p{n}"] for n in range(people)} == {per_chat["telegram:chat-hcc"]}

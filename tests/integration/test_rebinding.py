"""A bound chat is never moved silently: a code of another unit or commune asks for the same code again,
every attempt is recorded, and a chat that keeps guessing codes is made to wait."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from bot.core.context import Incoming
from bot.core.service import respond
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.invites import MAX_FAILED, create_invite
from storage.loader import load_plan
from storage.models import ChatBinding, ChatLink, Unit
from storage.queries import pick_plan, unit_by_code
from tests.support.chat import seeded_chat


def code_for(sessions, now, unit: str, commune: str | None = None) -> str:
    with sessions.begin() as session:
        return create_invite(session, unit_by_code(session, pick_plan(session, commune).id, unit), now).code


def say(sessions, now, text: str, chat: str = "chat-hcc") -> str:
    return respond(Incoming("telegram", chat, "u7", "Phạm D", text, addressed=True), sessions, now).text


def bound_unit(sessions, chat: str = "chat-hcc") -> tuple[str, str]:
    with sessions.begin() as session:
        binding = session.scalar(select(ChatBinding).where(ChatBinding.chat_id == chat))
        return binding.unit.code, binding.unit.plan.commune


def test_a_code_of_a_stronger_role_asks_before_it_moves_the_group(sessions, now) -> None:
    seeded_chat(sessions, now)
    code = code_for(sessions, now, "chutich")
    asked = say(sessions, now, f"/lienket {code}")
    assert "đang liên kết với Trung tâm Phục vụ hành chính công" in asked and f"gõ lại: /lienket {code}" in asked
    assert bound_unit(sessions) == ("hcc", "Nam An Phụ")
    assert "Đã chuyển nhóm này sang Chủ tịch UBND xã" in say(sessions, now, f"/lienket {code}")
    assert bound_unit(sessions) == ("chutich", "Nam An Phụ")
    with sessions.begin() as session:
        links = session.scalars(select(ChatLink).order_by(ChatLink.id)).all()
        units = {u.id: u.code for u in session.scalars(select(Unit))}
    assert [(link.outcome, units[link.from_unit_id], units[link.to_unit_id]) for link in links] == [
        ("asked", "hcc", "chutich"), ("moved", "hcc", "chutich")]
    assert links[-1].user_name == "Phạm D"


def test_a_code_of_another_commune_asks_too(sessions, now) -> None:
    seeded_chat(sessions, now)
    with sessions.begin() as session:
        load_plan(session, replace(read_plan(BUNDLED_PLAN).for_commune("An Lão")), now)
    code = code_for(sessions, now, "hcc", "An Lão")
    assert "mã này là của Trung tâm Phục vụ hành chính công (An Lão)" in say(sessions, now, f"/lienket {code}")
    assert bound_unit(sessions) == ("hcc", "Nam An Phụ")


def test_the_confirmation_must_come_from_the_same_chat(sessions, now) -> None:
    seeded_chat(sessions, now)
    code = code_for(sessions, now, "chutich")
    say(sessions, now, f"/lienket {code}", chat="chat-hcc")
    assert "đang liên kết với Phòng Kinh tế" in say(sessions, now, f"/lienket {code}", chat="chat-kt")
    assert bound_unit(sessions, "chat-hcc") == ("hcc", "Nam An Phụ")
    assert bound_unit(sessions, "chat-kt") == ("kt", "Nam An Phụ")


def test_wrong_codes_are_limited_per_chat(sessions, now) -> None:
    seeded_chat(sessions, now)
    for guess in range(MAX_FAILED):
        assert "không đúng" in say(sessions, now, f"/lienket WRONG{guess:03d}", chat="stranger")
    good = code_for(sessions, now, "vp")
    assert "sai mã liên kết nhiều lần" in say(sessions, now, f"/lienket {good}", chat="stranger")
    assert "Đã liên kết" in say(sessions, now, f"/lienket {good}", chat="another")  # other chats are not held


def test_a_chat_the_bot_was_removed_from_is_not_moved_silently_either(sessions, now) -> None:
    seeded_chat(sessions, now)
    with sessions.begin() as session:
        session.scalar(select(ChatBinding).where(ChatBinding.chat_id == "chat-hcc")).active = False
    code = code_for(sessions, now, "chutich")
    assert "gõ lại: /lienket" in say(sessions, now, f"/lienket {code}")
    assert bound_unit(sessions) == ("hcc", "Nam An Phụ")

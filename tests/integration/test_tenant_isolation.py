"""Two tenants in one database (issue 28): an update is handled in the tenant of the bot it arrived on, never in
another's. A chat bound in tenant A and spoken to through B's bot is refused and changes nothing, whatever it
types; an invite of A typed to B's bot is an unknown code; the province role sees its own tenant's communes,
in the chat and on the board. The channels stamp Incoming.tenant/bot (their own tests); here it is set directly.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import MetaData, select, text

from bot.core import registry, speakers, texts
from bot.core.context import Incoming
from bot.core.service import respond
from bot.web import pages
from plan_data.access import scope_of
from plan_data.permissions import Role
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.invites import MAX_FAILED, bind_directly, create_invite
from storage.loader import load_plan
from storage.models import ChatBinding, ChatLink, Plan
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN

NOW = datetime(2026, 4, 15, 9, tzinfo=VN)
A, B = "hai-phong", "ha-noi"
BOT_A, BOT_B = "111111", "222222"
# The rows a chat's command may change: each compared before and after a refused update (chat_links, which
# records every try of a code, is the one table a refused «liên kết» writes to, as for any unknown code)
WATCHED = ("plans", "units", "tasks", "people", "occurrences", "status_changes", "explanations", "chat_bindings",
           "invites", "task_parts", "access_links", "reminders")


def seed(sessions) -> None:
    """Tenant A: Nam An Phụ and An Lão (Hải Phòng); tenant B: Đông Anh (Hà Nội). Each with a bound unit's chat,
    the chairman's and the city's."""
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        for commune, province, tenant, bot in (("Nam An Phụ", "Hải Phòng", A, BOT_A), ("An Lão", "Hải Phòng", A, BOT_A),
                                               ("Đông Anh", "Hà Nội", B, BOT_B)):
            plan_id = load_plan(session, replace(spec.for_commune(commune), province=province), NOW).plan_id
            session.get(Plan, plan_id).tenant = tenant
            for code in ("hcc", "chutich", "thanhpho"):
                binding = bind_directly(session, unit_by_code(session, plan_id, code), "telegram",
                                        f"{code}-{commune}", "", NOW)
                binding.bot = bot


def say(sessions, chat: str, words: str, tenant: str, bot: str, user: str = "u1"):
    incoming = Incoming("telegram", chat, user, "Cán bộ", words, addressed=True, tenant=tenant, bot=bot,
                        message_id="9")
    return respond(incoming, sessions, NOW)


def rows(sessions) -> dict[str, list[tuple]]:
    tables = MetaData()
    with sessions() as session:
        tables.reflect(session.connection(), only=WATCHED)
        return {name: sorted(map(tuple, session.execute(select(tables.tables[name])).all()), key=repr)
                for name in WATCHED}


def typed_by_a_chat() -> list[str]:
    """Every command a bound chat can type, as its registry entry shows it (its example, else its word), with
    and without diacritics, and politely."""
    examples = {entry.example or entry.word for entry in registry.ENTRIES}
    return sorted({*examples, "xong 17", "hoàn tác 17", "giao 17 @lan", "tien do 17 50% a", "gia hạn 17 đến 30/6 nhé",
                   "giúp em xong 17 ạ", "nhận 17", "bảng", "lịch", "thu hồi bảng"})


def test_an_update_through_another_tenants_bot_changes_nothing(sessions) -> None:
    seed(sessions)
    before = rows(sessions)
    for chat in ("hcc-Nam An Phụ", "chutich-Nam An Phụ", "thanhpho-Nam An Phụ"):
        for words in typed_by_a_chat():
            reply = say(sessions, chat, words, B, BOT_B)
            assert reply is not None and reply.text == texts.OTHER_TENANT, (chat, words, reply)
            incoming = Incoming("telegram", chat, "u-new", "Người Mới", words, tenant=B, bot=BOT_B)
            speakers.remember(incoming, sessions, NOW)  # who spoke is not recorded either
    assert rows(sessions) == before
    # the same chat through its own tenant's bot is served, and its «xong» is recorded: the refusal was the tenant's
    assert "đã ghi nhận hoàn thành" in say(sessions, "hcc-Nam An Phụ", "xong 17", A, BOT_A).text
    assert rows(sessions)["status_changes"] != before["status_changes"]


def test_group_talk_through_another_tenants_bot_is_left_alone(sessions) -> None:
    seed(sessions)
    talk = Incoming("telegram", "hcc-Nam An Phụ", "u1", "Cán bộ", "Xong 27, 31 đã ban hành", tenant=B, bot=BOT_B)
    assert respond(talk, sessions, NOW) is None  # talk shaped like a report, not to this bot: no reply in the group
    assert say(sessions, "chat-never-linked", "việc", B, BOT_B).text == texts.UNBOUND


def link(sessions, chat: str, code: str, tenant: str, bot: str) -> str:
    return say(sessions, chat, f"/lienket {code}", tenant, bot).text


def test_an_invite_opens_only_in_its_own_tenant(sessions) -> None:
    seed(sessions)
    with sessions.begin() as session:
        code_a = create_invite(session, unit_by_code(session, pick_plan(session, "Nam An Phụ").id, "kt"), NOW).code
        code_b = create_invite(session, unit_by_code(session, pick_plan(session, "Đông Anh").id, "kt"), NOW).code
    unknown = link(sessions, "new-group", "ABCDEFGH", B, BOT_B)
    assert link(sessions, "new-group", code_a, B, BOT_B) == unknown.replace("ABCDEFGH", code_a)  # as an unknown code
    # a chat bound in A is not moved to B's unit through B's bot, even with B's own valid code
    assert link(sessions, "hcc-Nam An Phụ", code_b, B, BOT_B) == texts.OTHER_TENANT
    with sessions.begin() as session:
        bound = session.scalars(select(ChatBinding.chat_id)).all()
        assert "new-group" not in bound
        moved = session.scalar(select(ChatBinding).where(ChatBinding.chat_id == "hcc-Nam An Phụ"))
        assert (moved.unit.code, moved.unit.plan.tenant, moved.bot) == ("hcc", A, BOT_A)
    assert "Đã liên kết" in link(sessions, "new-group", code_a, A, BOT_A)  # the code was never spent by B's try
    with sessions.begin() as session:
        joined = session.scalar(select(ChatBinding).where(ChatBinding.chat_id == "new-group"))
        assert (joined.unit.code, joined.unit.plan.commune, joined.bot) == ("kt", "Nam An Phụ", BOT_A)


def test_another_tenants_code_counts_as_a_failed_try(sessions) -> None:
    seed(sessions)
    with sessions.begin() as session:
        code_a = create_invite(session, unit_by_code(session, pick_plan(session, "Nam An Phụ").id, "kt"), NOW).code
    for _ in range(MAX_FAILED):
        link(sessions, "prober", code_a, B, BOT_B)
    assert link(sessions, "prober", code_a, B, BOT_B) == texts.LINK_LIMITED
    with sessions.begin() as session:
        outcomes = session.scalars(select(ChatLink.outcome).where(ChatLink.chat_id == "prober")).all()
    assert outcomes.count("bad-code") == MAX_FAILED


def test_the_province_role_sees_only_its_tenant(sessions) -> None:
    seed(sessions)
    say(sessions, "hcc-Đông Anh", "xong 17", B, BOT_B)
    summary_a = say(sessions, "thanhpho-Nam An Phụ", "tổng hợp", A, BOT_A).text
    summary_b = say(sessions, "thanhpho-Đông Anh", "tong hop a", B, BOT_B).text
    assert "• Nam An Phụ" in summary_a and "• An Lão" in summary_a and "Đông Anh" not in summary_a
    assert "• Đông Anh" in summary_b and "Nam An Phụ" not in summary_b and "An Lão" not in summary_b
    overdue_a = say(sessions, "thanhpho-Nam An Phụ", "quá hạn", A, BOT_A).text
    overdue_b = say(sessions, "thanhpho-Đông Anh", "qua han", B, BOT_B).text
    assert "Nam An Phụ:" in overdue_a and "An Lão:" in overdue_a and "Đông Anh" not in overdue_a
    assert "Đông Anh:" in overdue_b and "Nam An Phụ" not in overdue_b
    with sessions() as session:
        plans = {p.commune: p for p in session.scalars(select(Plan))}
        city_a = scope_of(Role.CITY, plans["Nam An Phụ"].id, "thanhpho", "Hải Phòng", A)
        page = pages.scope_page(session, city_a, NOW.date(), lambda path: f"/b/t/{path}")
        assert "Nam An Phụ" in page and "An Lão" in page and "Đông Anh" not in page
        assert pages.within(session, city_a, plans["An Lão"].id, NOW.date()).tenant == A
        with pytest.raises(pages.NotInScope):
            pages.within(session, city_a, plans["Đông Anh"].id, NOW.date())


def test_a_plan_moved_to_another_tenant_takes_its_board_links_with_it(sessions) -> None:
    """A city's link names its tenant (access_links.tenant): its chat's plan moved away, the link stops opening."""
    from storage.access_links import issue, scope_opened

    seed(sessions)
    with sessions.begin() as session:
        plan = pick_plan(session, "Nam An Phụ")
        scope = scope_of(Role.CITY, plan.id, "thanhpho", "Hải Phòng", A)
        link_id = issue(session, "telegram", "thanhpho-Nam An Phụ", "board", scope, "x", NOW, NOW.replace(month=5))
    with sessions() as session:
        assert scope_opened(session, link_id, "board", NOW) == scope
    with sessions.begin() as session:
        session.execute(text("UPDATE plans SET tenant = :b WHERE commune = 'Nam An Phụ'"), {"b": B})
    with sessions() as session:
        assert scope_opened(session, link_id, "board", NOW) is None


def test_a_plan_moved_to_a_tenant_stops_its_chats_of_other_bots_until_they_link_through_its_own(sessions) -> None:
    """Moved to B, Nam An Phụ's chats bound through A's bot are stopped (no reminder leaves by a bot that would
    refuse their replies); one linked again through B's bot with a code is served by it, and only it."""
    from storage.tenancy import assign

    seed(sessions)
    with sessions.begin() as session:
        plan = pick_plan(session, "Nam An Phụ")
        assert assign(session, [plan], B, [BOT_B]) == 3  # hcc, chutich, thanhpho: all bound through A's bot
        code = create_invite(session, unit_by_code(session, plan.id, "hcc"), NOW).code
    with sessions() as session:
        stopped = session.execute(select(ChatBinding.chat_id, ChatBinding.active).join(Plan)
                                  .where(Plan.commune == "Nam An Phụ")).all()
        assert stopped and not any(active for _chat, active in stopped)
    assert say(sessions, "hcc-Nam An Phụ", "xong 17", B, BOT_B).text == texts.UNBOUND
    assert say(sessions, "hcc-Nam An Phụ", "xong 17", A, BOT_A).text == texts.UNBOUND
    assert "Đã liên kết" in link(sessions, "hcc-Nam An Phụ", code, B, BOT_B)
    assert "đã ghi nhận hoàn thành" in say(sessions, "hcc-Nam An Phụ", "xong 17", B, BOT_B).text
    with sessions() as session:
        again = session.scalar(select(ChatBinding).where(ChatBinding.chat_id == "hcc-Nam An Phụ"))
        assert (again.active, again.bot) == (True, BOT_B)

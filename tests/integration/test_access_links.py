"""«bảng», «lịch» and «thu hồi bảng» on SQLite and PostgreSQL: each chat's link shows what the chat may see,
and opens until it expires, is revoked from its chat, or its chat leaves the unit it was given for; a forged
or tampered link never opens. Then the commands as typed (marks or none, polite), and in the console chat."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.channels.console import run_console
from bot.core import texts
from bot.core.access import OFF, Access
from bot.web.access import resolve
from plan_data.access import BOARD, CITY, COMMUNE, FEED, UNIT, Scope
from storage.invites import bind_directly
from storage.models import AccessLink, ChatBinding
from storage.queries import pick_plan, unit_by_code
from tests.support.chat import Chat, seeded_chat

ACCESS = Access("https://nhacviec.example.vn", "khoa-ky-bang-theo-doi-cua-xa")
LINK = re.compile(r"https://nhacviec\.example\.vn/(?:b/([^/\s]+)/|lich/([^/\s]+)\.ics)")


def token_in(text: str) -> str:
    found = LINK.search(text)
    assert found, text
    return found[1] or found[2]


def opened(chat: Chat, token: str, kind: str = BOARD, after: timedelta = timedelta(0),
           access: Access = ACCESS) -> Scope | None:
    return resolve(token, chat.sessions, lambda: chat.now + after, access, kind)


@pytest.fixture
def chat(sessions, now) -> Chat:
    chat = replace(seeded_chat(sessions, now), access=ACCESS)
    with sessions.begin() as session:  # the city's chat, on the seed plan's role «thanhpho»
        city = unit_by_code(session, pick_plan(session).id, "thanhpho")
        bind_directly(session, city, "telegram", "chat-thanhpho", "Sở Nội vụ", now)
    return chat


def test_each_chat_gets_links_to_what_it_may_see(chat: Chat) -> None:
    with chat.sessions.begin() as session:
        plan = pick_plan(session)
        plan_id, province, commune = plan.id, plan.province, plan.commune
    expected = {"chutich": Scope(COMMUNE, plan_id, None, None), "vhxh": Scope(COMMUNE, plan_id, None, None),
                "kt": Scope(UNIT, plan_id, "kt", None), "thanhpho": Scope(CITY, None, None, province)}
    for code, scope in expected.items():
        board = chat.text(code, "bảng")
        assert opened(chat, token_in(board)) == scope, code
        assert "chat-" not in board and "dùng được đến 01/04/2026" in board
    assert f"toàn xã {commune}" in chat.text("chutich", "bảng") and "của Phòng Kinh tế" in chat.text("kt", "bảng")
    feed = chat.say("kt", "lịch")
    token = token_in(feed.text)
    assert f"webcal://nhacviec.example.vn/lich/{token}.ics" in feed.text and "02/03/2027" in feed.text
    assert [f.name.endswith(".ics") for f in feed.files] == [True]  # the file, as «lịch» always sent it
    assert opened(chat, token, FEED) == expected["kt"] and opened(chat, token, BOARD) is None
    assert opened(chat, token_in(chat.text("vhxh", "lịch")), FEED) == expected["vhxh"]
    city = chat.say("thanhpho", "lịch")
    assert city.text == texts.CITY_NO_CALENDAR and city.files == ()


def test_a_link_opens_until_it_expires_or_its_chat_revokes_it(chat: Chat) -> None:
    board, feed = token_in(chat.text("kt", "bảng")), token_in(chat.text("kt", "lịch"))
    other = token_in(chat.text("vp", "bảng"))
    assert opened(chat, board, after=timedelta(days=29, hours=23)) is not None
    assert opened(chat, board, after=timedelta(days=30)) is None  # expired
    assert opened(chat, feed, FEED, after=timedelta(days=364)) is not None  # a feed lasts a year
    link_id = ACCESS.link_id(board, BOARD)
    forged = Access(ACCESS.public_url, "mot-khoa-khac-cua-ke-gia-mao").token(link_id, BOARD)
    assert opened(chat, forged) is None  # the right row, signed with another secret
    swapped = ACCESS.link_id(other, BOARD) + board[board.index("."):]  # another row's id under this signature
    assert opened(chat, swapped) is None and opened(chat, other) is not None
    assert chat.text("kt", "thu hồi bảng") == texts.LINKS_REVOKED.format(count=2)  # the board and the feed
    assert opened(chat, board) is None and opened(chat, feed, FEED) is None
    assert opened(chat, other) is not None  # another chat's revocation leaves its links alone
    assert chat.text("kt", "thu hồi bảng") == texts.NO_LINK_TO_REVOKE
    assert opened(chat, token_in(chat.text("kt", "bảng"))) is not None  # a new link opens again
    with chat.sessions.begin() as session:
        revoked = session.scalars(select(AccessLink).where(AccessLink.revoked_at.is_not(None))).all()
        assert {(r.chat_id, r.kind, r.revoked_by, r.revoked_at) for r in revoked} == {
            ("chat-kt", BOARD, "Nguyễn Văn A", chat.now), ("chat-kt", FEED, "Nguyễn Văn A", chat.now)}


def test_a_chat_that_leaves_its_unit_loses_its_links(chat: Chat) -> None:
    moved, removed = token_in(chat.text("kt", "bảng")), token_in(chat.text("hcc", "lịch"))
    stays = token_in(chat.text("vp", "bảng"))
    with chat.sessions.begin() as session:
        vp = unit_by_code(session, pick_plan(session).id, "vp")
        bind_directly(session, vp, "telegram", "chat-kt", "Tổ kt", chat.now)  # the chat is now vp's
        session.scalar(select(ChatBinding).where(ChatBinding.chat_id == "chat-hcc")).active = False
    assert opened(chat, moved) is None and opened(chat, removed, FEED) is None
    assert opened(chat, stays) is not None


def test_without_a_url_or_a_secret_the_chat_is_told_what_to_set(chat: Chat) -> None:
    off = replace(chat, access=OFF)
    assert off.text("kt", "bảng") == texts.BOARD_OFF.format(missing=OFF.missing())
    assert "NHACVIEC_PUBLIC_URL" in off.text("chutich", "bảng")
    calendar = off.say("kt", "lịch")
    assert calendar.text == texts.FEED_OFF.format(missing=OFF.missing()) and len(calendar.files) == 1
    assert "NHACVIEC_BOARD_SECRET" in replace(chat, access=Access(ACCESS.public_url, "ngan")).text("kt", "bảng")
    with chat.sessions.begin() as session:
        assert session.scalars(select(AccessLink)).all() == []  # nothing issued while off


# The commands as officers type them: marks or none, a slash, polite words before and after
PHRASINGS = [
    ("bảng", BOARD), ("bang", BOARD), ("/bang", BOARD), ("Bảng ạ", BOARD), ("BANG THEO DOI", BOARD),
    ("cho em xin bảng nhé", BOARD), ("gửi em bảng ạ", BOARD), ("xem bảng giúp em", BOARD), ("/bang@NhacViecBot", BOARD),
    ("lịch", FEED), ("lich a", FEED), ("cho em xin lịch ạ", FEED), ("gui em lich nhe", FEED), ("/lich", FEED),
    ("lịch hạn nhé", FEED), ("em xin lich han a", FEED),
    ("thu hồi bảng", "revoke"), ("thu hoi bang nhe", "revoke"), ("dạ em thu hồi bảng ạ", "revoke"),
    ("/thuhoibang", "revoke"), ("hủy đường dẫn bảng giúp em", "revoke"), ("Thu Hồi Đường Dẫn", "revoke"),
]


@pytest.mark.parametrize(("typed", "kind"), PHRASINGS)
def test_the_commands_as_typed(sqlite_chat: Chat, typed: str, kind: str) -> None:
    reply = replace(sqlite_chat, access=ACCESS).say("kt", typed)
    with sqlite_chat.sessions.begin() as session:
        plan_id = pick_plan(session).id
    if kind == "revoke":
        assert reply.text in (texts.NO_LINK_TO_REVOKE, *(texts.LINKS_REVOKED.format(count=n) for n in range(1, 99)))
        return
    assert opened(sqlite_chat, token_in(reply.text), kind) == Scope(UNIT, plan_id, "kt", None), typed


def test_the_console_chat_gives_and_revokes_links(sqlite_chat: Chat, tmp_path) -> None:
    lines = iter(["bang a", "cho em xin lịch nhé", "thu hoi bang giup em", "thoát"])
    out = io.StringIO()
    run_console(sqlite_chat.sessions, lambda: sqlite_chat.now, None, "dvsn", read=lambda _: next(lines), out=out,
                files_dir=tmp_path, user="lan", access=ACCESS)
    said = out.getvalue()
    board, feed = LINK.findall(said)[:2]
    assert opened(sqlite_chat, board[0]) is None and opened(sqlite_chat, feed[1], FEED) is None  # revoked at the end
    assert "webcal://" in said and texts.LINKS_REVOKED.format(count=2) in said
    assert [p.suffix for p in tmp_path.iterdir()] == [".ics"]  # the calendar file beside the feed's links

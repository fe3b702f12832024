"""The Telegram channel end to end: the real python-telegram-bot Application, polling over real HTTP
against the local Bot API stand-in, on a real database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import select, text
from telegram.ext import Application

from bot.channels.telegram import build_application
from bot.channels.telegram_channel import TelegramSettings
from bot.core import texts
from bot.core.service import MESSAGE_BUDGET
from storage.db import make_engine, make_sessions
from storage.invites import create_invite
from storage.migrate import upgrade
from storage.models import ChatBinding, Occurrence, StatusChange, Task
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.chat import seeded_chat
from tests.support.fake_bot_api import FakeBotApi

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
GROUP = -1001234


class Bot:
    def __init__(self, api: FakeBotApi, app: Application, sessions) -> None:
        self.api, self.app, self.sessions = api, app, sessions

    def invite(self, unit: str) -> str:
        with self.sessions.begin() as session:
            return create_invite(session, unit_by_code(session, pick_plan(session).id, unit), NOW).code

    async def reply_to(self, text: str, chat_id: int = GROUP, timeout: float = 5.0, **kwargs) -> dict:
        start = len(self.api.sent)
        self.api.push_message(text, chat_id=chat_id, **kwargs)
        return await self.api.wait_for(lambda c: c["method"] == "sendMessage", start=start, timeout=timeout)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[Bot]:
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    seeded_chat(sessions, NOW)
    async with FakeBotApi() as api:
        settings = TelegramSettings(_env_file=None, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url,
                            TELEGRAM_BASE_FILE_URL=api.base_file_url)
        app = build_application(settings, sessions, lambda: NOW)
        async with app:
            await app.post_init(app)
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=1)
            yield Bot(api, app, sessions)
            await app.updater.stop()
            await app.stop()
    engine.dispose()


async def test_a_group_binds_marks_done_and_undoes(bot: Bot) -> None:
    async def body() -> None:
        code = bot.invite("hcc")
        linked = await bot.reply_to(f"/lienket@NhacViecBot {code}")
        assert "Đã liên kết nhóm này với Trung tâm Phục vụ hành chính công" in linked["text"]
        done = await bot.reply_to("xong 17: đã ban hành kế hoạch", first_name="Bình")
        assert "NV 17" in done["text"] and "đúng hạn" in done["text"]
        [[undo_button]] = done["reply_markup"]["inline_keyboard"]
        with bot.sessions.begin() as session:
            change = session.scalar(select(StatusChange))
            assert (change.platform, change.chat_id, change.user_name) == ("telegram", str(GROUP), "Bình")
        # the button undoes exactly the change of the message it answers
        assert undo_button["callback_data"] == f"hoàn tác 17 #{change.message_id}"
        start = len(bot.api.sent)
        bot.api.push_callback(undo_button["callback_data"], chat_id=GROUP)
        answered = await bot.api.wait_for("answerCallbackQuery", start=start)
        assert "hoàn tác" in answered["text"]
        undone = await bot.api.wait_for("sendMessage", start=start)
        assert "đã hoàn tác «báo xong» của Bình" in undone["text"]

    await asyncio.wait_for(body(), 30)


async def test_group_talk_is_ignored_and_commands_are_not(bot: Bot) -> None:
    async def body() -> None:
        await bot.reply_to(f"/lienket {bot.invite('kt')}")
        start = len(bot.api.sent)
        bot.api.push_message("chào cả nhà, chiều nay họp lúc 14h", chat_id=GROUP)
        bot.api.push_message("17 người tham dự", chat_id=GROUP)
        bot.api.push_message("xong 2 cái rồi anh ơi", chat_id=GROUP)
        reply = await bot.reply_to("/quahan@NhacViecBot")
        assert "Quá hạn" in reply["text"] or "Không có nhiệm vụ nào quá hạn" in reply["text"]
        # updates are handled in order, so by now the two lines of talk were seen and left unanswered
        assert [c["method"] for c in bot.api.sent[start:]] == ["sendMessage"]
        edited = bot.api.message_update("/xong 17", chat_id=GROUP)
        edited["edited_message"] = edited.pop("message")  # correcting a typo must not run the command again
        bot.api.push_update(edited)
        unknown = await bot.reply_to("/xomg 17")
        assert "«xong»" in unknown["text"]
        stranger = await bot.reply_to("/viec", chat_id=-1009999)
        assert "chưa được liên kết" in stranger["text"]

    await asyncio.wait_for(body(), 30)


async def test_menu_private_chat_and_evidence(bot: Bot) -> None:
    async def body() -> None:
        [menu] = bot.api.calls_of("setMyCommands")
        names = [c["command"] for c in menu["commands"]]
        assert {"xong", "quahan", "viec", "tonghop", "lienket"} <= set(names)
        chat = 4242
        await bot.reply_to(f"lienket {bot.invite('hcc')}", chat_id=chat, chat_type="private", user_id=chat)
        detail = await bot.reply_to("17", chat_id=chat, chat_type="private", user_id=chat)
        assert "Nhiệm vụ 17" in detail["text"] and detail["reply_markup"]["inline_keyboard"]
        photo = await bot.reply_to("xong 17 ảnh quyết định", chat_id=chat, chat_type="private", user_id=chat,
                                   caption_photo=True)
        assert "NV 17" in photo["text"]
        with bot.sessions.begin() as session:
            evidence = session.scalar(select(StatusChange.evidence))
        assert evidence["type"] == "photo" and evidence["file_id"]

    await asyncio.wait_for(body(), 30)


async def test_a_group_upgraded_to_a_supergroup_keeps_its_binding(bot: Bot) -> None:
    async def body() -> None:
        old, new, newer = -4001, -1004001, -1004002
        await bot.reply_to(f"/lienket {bot.invite('vp')}", chat_id=old, chat_type="group")
        service = bot.api.message_update("", chat_id=old, chat_type="group")
        service["message"].pop("text", None)
        service["message"]["migrate_to_chat_id"] = new
        bot.api.push_update(service)
        reply = await bot.reply_to("/viec", chat_id=new)
        assert "Văn phòng HĐND và UBND xã" in reply["text"]
        bot.api.fail_next("sendMessage", status=400, description="Bad Request: group chat was upgraded to a "
                          "supergroup chat", migrate_to_chat_id=newer)
        resent = await bot.reply_to("/viec", chat_id=new)
        assert resent["chat_id"] in (newer, str(newer))
        with bot.sessions.begin() as session:
            moved = session.scalars(select(ChatBinding).where(ChatBinding.chat_id.in_([str(old), str(new), str(newer)])))
            assert [(b.chat_id, b.unit.code) for b in moved] == [(str(newer), "vp")]

    await asyncio.wait_for(body(), 30)


async def test_webhook_mode_takes_updates_with_the_right_secret_only(database_url: str) -> None:
    import aiohttp

    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_sessions(engine)
    seeded_chat(sessions, NOW)
    secret = "bi-mat-cua-xa-nam-an-phu"
    async with FakeBotApi() as api:
        settings = TelegramSettings(_env_file=None, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url,
                            TELEGRAM_BASE_FILE_URL=api.base_file_url)
        app = build_application(settings, sessions, lambda: NOW)
        port = _free_port()
        async with app:
            await app.start()
            await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="telegram",
                                            webhook_url="https://xa.example/telegram", secret_token=secret)
            [hook] = api.calls_of("setWebhook")
            assert hook["url"] == "https://xa.example/telegram" and hook["secret_token"] == secret
            update = api.message_update("/viec", chat_id=-1009)
            async with aiohttp.ClientSession() as http:
                url = f"http://127.0.0.1:{port}/telegram"
                wrong = await http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "sai"})
                assert wrong.status == 403
                right = await http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})
                assert right.status == 200
            reply = await api.wait_for("sendMessage", timeout=10)
            assert "chưa được liên kết" in reply["text"] and len(api.messages()) == 1
            await app.updater.stop()
            await app.stop()
    engine.dispose()


async def test_a_report_in_doubt_is_asked_and_the_yes_records_it_as_its_author_made_it(bot: Bot) -> None:
    """Issue 23: "anh Nam xong 17 hôm qua" may be a report or not. One question, with ✅ and ✗; the ✗
    records nothing; the ✅, tapped by anyone, records that message's report: its author, its message, its
    note."""
    async def body() -> None:
        await bot.reply_to(f"/lienket {bot.invite('hcc')}")
        start = len(bot.api.sent)
        asked = bot.api.push_message("anh Nam xong 17 hôm qua", chat_id=GROUP, user_id=7, first_name="Bình")
        question = await bot.api.wait_for("sendMessage", start=start)
        assert question["text"] == "Ghi nhận NV 17 xong?"
        yes, no = question["reply_markup"]["inline_keyboard"][0]
        assert (yes["callback_data"], no["callback_data"]) == ("✅xong 17", "✗")
        asked_id = asked["message"]["message_id"]
        [question_message] = bot.api.replies_to(GROUP, asked_id)
        start = len(bot.api.sent)
        bot.api.push_callback(no["callback_data"], chat_id=GROUP, message_id=question_message["message_id"],
                              user_id=9, first_name="Chi")
        toast = await bot.api.wait_for("answerCallbackQuery", start=start)
        assert toast["text"] == texts.DISMISSED
        with bot.sessions.begin() as session:
            assert session.scalar(select(StatusChange)) is None
        start = len(bot.api.sent)
        bot.api.push_callback(yes["callback_data"], chat_id=GROUP, message_id=question_message["message_id"],
                              user_id=9, first_name="Chi")
        done = await bot.api.wait_for("sendMessage", start=start)
        assert "NV 17" in done["text"] and "đã ghi nhận hoàn thành" in done["text"]
        assert [c["method"] for c in bot.api.sent[start:]].count("sendMessage") == 1
        with bot.sessions.begin() as session:
            change = session.scalar(select(StatusChange))
            assert (change.user_id, change.user_name, change.message_id, change.note) == \
                ("7", "Bình", str(asked_id), "hôm qua")

    await asyncio.wait_for(body(), 30)


async def test_polite_group_reports_are_taken_and_questions_left_alone(bot: Bot) -> None:
    async def body() -> None:
        await bot.reply_to(f"/lienket {bot.invite('hcc')}")
        start = len(bot.api.sent)
        bot.api.push_message("xong 17 chưa em?", chat_id=GROUP)
        bot.api.push_message("chưa xong 18 đâu", chat_id=GROUP)
        done = await bot.reply_to("Xong 17 ạ")
        assert "NV 17" in done["text"] and "đã ghi nhận hoàn thành" in done["text"]
        assert [c["method"] for c in bot.api.sent[start:]] == ["sendMessage"]  # the two questions: no answer

    await asyncio.wait_for(body(), 30)


async def test_a_message_past_its_time_budget_gets_the_error_reply_and_changes_nothing(bot: Bot, caplog) -> None:
    """Issue 24: the whole handler has a time budget. A command held up (here by another writer's lock on
    what it must change) gets the error reply when the budget is spent; the bot answers the next message;
    and what the held command did is rolled back, not committed late."""
    async def body() -> None:
        await bot.reply_to(f"/lienket {bot.invite('vhxh')}")
        bot.app.bot_data["budget"] = 1.0
        engine = bot.sessions.kw["bind"]
        with engine.connect() as holder, holder.begin():
            holder.execute(text("UPDATE occurrences SET note = note"))  # another writer, holding on
            held = await bot.reply_to("hạn 7 20/11", timeout=15)
            assert held["text"] == texts.ERROR_REPLY
            bot.app.bot_data["budget"] = MESSAGE_BUDGET
            after = await bot.reply_to("/viec", timeout=15)  # the lock still held: a reader goes on
            assert after["text"].startswith("Nhiệm vụ đang mở")
        for _ in range(100):  # the held command gets its lock now, finds its time spent, and rolls back
            if any("over its time budget" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.1)
        assert any("over its time budget" in r.getMessage() for r in caplog.records)
        with bot.sessions.begin() as session:
            assert session.scalar(select(StatusChange)) is None
            due = session.scalar(select(Occurrence.due).join(Task).where(Task.number == "7"))
            assert due is None

    caplog.set_level(logging.WARNING)
    await asyncio.wait_for(body(), 60)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_the_chairman_taps_for_an_explanation_and_the_unit_answers(bot: Bot) -> None:
    """«giải trình» over Telegram: the ❓ under the chairman's «quá hạn» asks the lead unit (task 1, vhxh's, due
    14/01), whose group answers with a reason and a proposed date."""
    unit_group = -1005678

    async def body() -> None:
        await bot.reply_to(f"/lienket {bot.invite('chutich')}")
        await bot.reply_to(f"/lienket {bot.invite('vhxh')}", chat_id=unit_group)
        overdue = await bot.reply_to("/quahan")
        buttons = [b for row in overdue["reply_markup"]["inline_keyboard"] for b in row]
        assert 0 < len(buttons) <= 3 and buttons[0]["callback_data"] == "yêu cầu giải trình 1"
        start = len(bot.api.sent)
        bot.api.push_callback(buttons[0]["callback_data"], chat_id=GROUP)
        asked = await bot.api.wait_for("sendMessage", start=start)
        assert "đã yêu cầu Phòng Văn hóa - Xã hội giải trình" in asked["text"]
        answer = await bot.reply_to("giai trinh 1: cho y kien UBND thanh pho, de xuat han moi 30/3 a",
                                    chat_id=unit_group)
        assert "đã ghi nhận giải trình, đề xuất hạn mới 30/03/2026" in answer["text"]
        with bot.sessions.begin() as session:
            rows = session.execute(text("SELECT kind, chat FROM reminders WHERE kind LIKE 'explain%'")).all()
        assert ("explain", f"telegram:{unit_group}") in rows and ("explain-answer", f"telegram:{GROUP}") in rows

    await asyncio.wait_for(body(), 30)


async def test_the_chairman_assigns_in_the_group_and_the_unit_reports_it(bot: Bot) -> None:
    """«giao» (issue 26, point 1) through the real application: in the menu, typed with the bot's name, refused
    to a unit, then reported by the lead's group as any task."""
    async def body() -> None:
        [menu] = bot.api.calls_of("setMyCommands")
        assert "giao" in [c["command"] for c in menu["commands"]]
        chairman, unit = -1005555, -1006666
        await bot.reply_to(f"/lienket {bot.invite('chutich')}", chat_id=chairman)
        await bot.reply_to(f"/lienket {bot.invite('kt')}", chat_id=unit)
        refused = await bot.reply_to("/giao kt: Kiểm tra quỹ đất, hạn 20/03/2026", chat_id=unit)
        assert "Chỉ Chủ tịch UBND xã và đầu mối CCHC" in refused["text"]
        given = await bot.reply_to("/giao@NhacViecBot kt: Báo cáo thu ngân sách quý I, hạn 20/03/2026, theo CV "
                                   "12/UBND-VP nhé", chat_id=chairman, first_name="Hùng")
        assert "Đã giao G1" in given["text"] and "20/03/2026 (Thứ Sáu)" in given["text"]
        done = await bot.reply_to("xong g1 đã nộp báo cáo", chat_id=unit)
        assert "NV G1" in done["text"] and "đúng hạn" in done["text"]
        with bot.sessions.begin() as session:
            task = session.scalar(select(Task).where(Task.number == "G1"))
            assert (task.assigned_by, task.source_document) == ("Hùng", "CV 12/UBND-VP")
            assert task.occurrences[0].status == "done"

    await asyncio.wait_for(body(), 30)

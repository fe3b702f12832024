"""The fake Bot API server, exercised with the real python-telegram-bot over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import Awaitable
from typing import Any, TypeVar

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.fake_bot_api import FakeBotApi, running_fake_api

T = TypeVar("T")

GROUP = -100123


async def bounded(awaitable: Awaitable[T], seconds: float = 20.0) -> T:
    """Every test body runs under this, so a bug cannot hang the suite."""
    return await asyncio.wait_for(awaitable, seconds)


def build_app(api: FakeBotApi, *, use_helper: bool = False) -> Application:
    if use_helper:
        app = api.application_builder().build()
    else:
        app = ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url).build()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    async def xong(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, f"Đã ghi nhận xong: {' '.join(context.args or [])}")

    app.add_handler(CommandHandler("xong", xong))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


def test_module_is_importable_without_a_loop() -> None:
    api = FakeBotApi()
    update = api.message_update("/xong@NhacViecBot 17")
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 17}]
    with pytest.raises(RuntimeError):
        _ = api.base_url


async def test_polling_application_replies_over_http() -> None:
    async def body() -> None:
        async with running_fake_api() as api:
            app = build_app(api)
            async with app:
                await app.start()
                await app.updater.start_polling(poll_interval=0, timeout=1)
                try:
                    api.push_update(api.message_update("/xong@OtherBot 1"))  # addressed to another bot
                    api.push_update(api.message_update("/xong@NhacViecBot 17"))
                    api.push_update(api.message_update("chào tổ", chat_type="private", user_id=777))
                    cmd = await api.wait_for(lambda c: c["method"] == "sendMessage" and c["text"].startswith("Đã"))
                    echo = await api.wait_for(lambda c: c["method"] == "sendMessage" and c["text"].startswith("echo"))
                finally:
                    await app.updater.stop()
                    await app.stop()

            assert cmd["chat_id"] == GROUP
            assert cmd["text"] == "Đã ghi nhận xong: 17"
            assert echo["chat_id"] == 777
            assert echo["text"] == "echo: chào tổ"
            # reply_text only quotes (sends reply_parameters) in groups, not in private chats
            assert "reply_parameters" not in echo
            # "/xong@OtherBot" is ignored by CommandHandler and by the ~COMMAND echo: only 2 replies
            assert [m["chat_id"] for m in api.messages()] == [GROUP, 777]
            assert api.messages(chat_id=777) == [echo]
            # the bot introduced itself and cleared the webhook before polling
            methods = [c["method"] for c in api.calls]
            assert methods[0] == "getMe"
            assert "deleteWebhook" in methods
            assert "getUpdates" in methods
            # updater.stop() confirmed every fetched update with a last getUpdates(offset=...)
            assert api.pending_updates == 0
            last_poll = [c for c in api.calls if c["method"] == "getUpdates"][-1]
            assert last_poll["timeout"] == 0

    await bounded(body())


async def test_process_update_reply_reaches_server() -> None:
    async def body() -> None:
        async with running_fake_api() as api:
            app = build_app(api)
            async with app:
                update = Update.de_json(api.message_update("xong 17"), app.bot)
                assert update.message is not None and update.message.chat.title == "Tổ HCC"
                await app.process_update(update)
            [reply] = api.messages(chat_id=GROUP)
            assert reply["text"] == "echo: xong 17"
            # in a group reply_text quotes: reply_parameters is JSON-encoded in the form, decoded here
            assert reply["reply_parameters"]["message_id"] == update.message.message_id

    await bounded(body())


async def test_callback_query_is_answered_and_message_edited() -> None:
    async def body() -> None:
        async with running_fake_api() as api:
            app = build_app(api, use_helper=True)
            assert app.bot.base_url == f"{api.base_url}{api.token}"

            async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
                query = update.callback_query
                assert query is not None
                await query.answer("Đã ghi nhận")
                await query.edit_message_text(f"Đã xong việc {query.data}")

            app.add_handler(CallbackQueryHandler(on_button))
            async with app:
                keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Xong", callback_data="done:17")]])
                sent = await app.bot.send_message(GROUP, "Việc 17 sắp đến hạn", reply_markup=keyboard)
                assert sent.reply_markup == keyboard  # the Message came back with the inline keyboard
                await app.start()
                await app.updater.start_polling(poll_interval=0, timeout=1)
                try:
                    update = api.push_update(api.callback_update("done:17", message_id=sent.message_id))
                    answer = await api.wait_for("answerCallbackQuery")
                    edit = await api.wait_for("editMessageText")
                finally:
                    await app.updater.stop()
                    await app.stop()

            assert answer["callback_query_id"] == update["callback_query"]["id"]
            assert answer["text"] == "Đã ghi nhận"
            assert edit["chat_id"] == GROUP and edit["message_id"] == sent.message_id
            assert edit["text"] == "Đã xong việc done:17"
            state = api.message(GROUP, sent.message_id)
            assert state is not None and state["text"] == "Đã xong việc done:17"
            assert "reply_markup" not in state  # edit without reply_markup drops the keyboard

    await bounded(body())


# RetryAfter.__init__ itself reads the deprecated int-valued `retry_after` (PTB 22.x, PTB_TIMEDELTA unset)
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_injected_failures_raise_ptb_errors() -> None:
    async def body() -> None:
        async with running_fake_api() as api, Bot(api.token, base_url=api.base_url) as bot:
            api.fail_next("sendMessage", status=429, retry_after=1)
            with pytest.raises(RetryAfter) as retry:
                await bot.send_message(GROUP, "a")
            retry_after: Any = retry.value.retry_after  # int, or timedelta with PTB_TIMEDELTA=1
            seconds = retry_after.total_seconds() if isinstance(retry_after, dtm.timedelta) else retry_after
            assert seconds == 1

            api.fail_next("sendMessage", status=403)
            with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
                await bot.send_message(GROUP, "b")

            api.fail_next("sendMessage", status=400, migrate_to_chat_id=-1009999)
            with pytest.raises(ChatMigrated) as migrated:
                await bot.send_message(-123, "c")
            assert migrated.value.new_chat_id == -1009999

            api.fail_next("sendMessage", status=502, count=2)
            for _ in range(2):
                with pytest.raises(NetworkError) as bad_gateway:
                    await bot.send_message(GROUP, "d")
                assert type(bad_gateway.value) is NetworkError  # not BadRequest (a NetworkError subclass)

            api.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
            with pytest.raises(BadRequest, match="(?i)chat not found"):
                await bot.send_message(GROUP, "e")

            # failures are used up: the next call goes through
            ok = await bot.send_message(GROUP, "f")
            assert ok.text == "f" and ok.chat.id == GROUP
            assert [m["text"] for m in api.messages()] == ["f"]
            assert [(r["text"], r["_error_code"]) for r in api.rejected] == [
                ("a", 429), ("b", 403), ("c", 400), ("d", 502), ("d", 502), ("e", 400),
            ]

    await bounded(body())


async def test_delay_unknown_method_and_bad_token() -> None:
    async def body() -> None:
        async with running_fake_api() as api:
            async with Bot(api.token, base_url=api.base_url) as bot:
                api.delay_next("sendMessage", 2.0)
                with pytest.raises(TimedOut):
                    await bot.send_message(GROUP, "chậm", read_timeout=0.3)
                # like real Telegram, the message may have been delivered although the client gave up
                assert api.messages()[-1]["text"] == "chậm"

                with pytest.raises(EndPointNotFound):
                    await bot.do_api_request("noSuchMethod")

            with pytest.raises(InvalidToken):
                async with Bot("999:WRONG", base_url=api.base_url):
                    pass

    await bounded(body())


async def test_get_updates_long_poll_offset_and_conflict() -> None:
    async def body() -> None:
        async with running_fake_api() as api, Bot(api.token, base_url=api.base_url) as bot:
            loop = asyncio.get_running_loop()
            started = loop.time()
            assert await bot.get_updates(timeout=1) == ()
            assert 0.8 < loop.time() - started < 3

            loop.call_later(0.2, api.push_message, "mới")
            started = loop.time()
            [first] = await bot.get_updates(timeout=5)
            assert loop.time() - started < 2  # answered as soon as the update arrived
            assert first.message is not None and first.message.text == "mới"

            api.push_message("thứ hai")
            again = await bot.get_updates(timeout=0)
            assert [u.update_id for u in again] == [first.update_id, first.update_id + 1]  # not confirmed yet
            rest = await bot.get_updates(offset=first.update_id + 1, timeout=0)
            assert [u.message.text for u in rest if u.message] == ["thứ hai"]
            assert await bot.get_updates(offset=first.update_id + 2, timeout=0) == ()
            assert api.pending_updates == 0

            await bot.set_webhook("https://example.invalid/hook")
            assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"
            with pytest.raises(Conflict):
                await bot.get_updates(timeout=0)
            assert await bot.delete_webhook()

    await bounded(body())


async def test_uploads_commands_and_html_checks() -> None:
    async def body() -> None:
        async with running_fake_api() as api, Bot(
            api.token, base_url=api.base_url, base_file_url=api.base_file_url
        ) as bot:
            content = b"PK\x03\x04 bao cao tien do " * 10
            message = await bot.send_document(
                GROUP, InputFile(content, filename="bao_cao.docx"), caption="Báo cáo tuần"
            )
            call = api.calls_of("sendDocument")[-1]
            assert call["document"] == {"filename": "bao_cao.docx", "size": len(content)}
            assert call["caption"] == "Báo cáo tuần" and call["chat_id"] == GROUP
            assert message.document is not None
            assert message.document.file_name == "bao_cao.docx"
            assert message.document.file_size == len(content)
            # the upload can be fetched back through getFile + base_file_url
            tg_file = await bot.get_file(message.document.file_id)
            assert bytes(await tg_file.download_as_bytearray()) == content

            photo = await bot.send_photo(GROUP, b"\x89PNG fake image", filename="anh.png")
            assert api.calls_of("sendPhoto")[-1]["photo"] == {"filename": "anh.png", "size": 15}
            assert photo.photo and photo.photo[-1].file_size == 15

            commands = [BotCommand("xong", "Báo xong việc"), BotCommand("viec", "Danh sách việc")]
            assert await bot.set_my_commands(commands)
            [recorded] = api.calls_of("setMyCommands")
            assert recorded["commands"] == [
                {"command": "xong", "description": "Báo xong việc"},
                {"command": "viec", "description": "Danh sách việc"},
            ]
            assert await bot.get_my_commands() == tuple(commands)
            with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
                await bot.set_my_commands([BotCommand("Xong-Viec", "sai")])

            html = await bot.send_message(GROUP, "<b>Hạn</b> &lt;17/5&gt;", parse_mode="HTML")
            assert html.text == "Hạn <17/5>"
            assert api.messages()[-1]["text"] == "<b>Hạn</b> &lt;17/5&gt;"
            with pytest.raises(BadRequest, match="(?i)can't parse entities"):
                await bot.send_message(GROUP, "hạn <17/5>", parse_mode="HTML")
            with pytest.raises(BadRequest, match="(?i)message is too long"):
                await bot.send_message(GROUP, "x" * 4097)
            with pytest.raises(BadRequest, match="(?i)message is not modified"):
                await bot.edit_message_text("Hạn <17/5>", chat_id=GROUP, message_id=html.message_id)

            chat = await bot.get_chat(GROUP)
            assert chat.id == GROUP and chat.type == "supergroup"
            await bot.send_chat_action(GROUP, "typing")
            assert api.calls_of("sendChatAction")[-1]["action"] == "typing"

    await bounded(body())


async def test_message_update_shapes() -> None:
    api = FakeBotApi()
    photo = api.message_update("/xong 3 ảnh", caption_photo=True)["message"]
    assert photo["caption"] == "/xong 3 ảnh" and "text" not in photo
    assert photo["caption_entities"][0]["length"] == 5
    assert len(photo["photo"]) == 2
    private = api.message_update("hi", chat_type="private", user_id=5)["message"]
    assert private["chat"] == {"id": 5, "type": "private", "first_name": "An"}
    update = api.message_update("🙂 no command")
    assert "entities" not in update["message"]
    u1, u2 = api.message_update("a"), api.message_update("b")
    assert u2["update_id"] == u1["update_id"] + 1
    parsed = Update.de_json(api.callback_update("x:1"), Bot(api.token))
    assert parsed.callback_query is not None and parsed.callback_query.data == "x:1"

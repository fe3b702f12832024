"""The Telegram channel: thin. An update becomes an Incoming, the core answers, the answer is sent back."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatType, MessageLimit
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.channels import answering
from bot.channels.channel import Limits
from bot.channels.events import log_update
from bot.channels.outbox import cut, utf16_units, with_commands
from bot.core import texts
from bot.core.access import OFF, Access
from bot.core.context import Button, ConfirmButton, Incoming, Reply
from bot.core.registry import telegram_menu
from bot.core.service import MESSAGE_BUDGET
from bot.ops.logs import mask
from bot.ops.metrics import replied
from jobs.dispatch import ChatGone, ChatMoved, DeliveryError, MaybeSent, RetryLater, Transient
from jobs.messages import Attachment, Mention
from jobs.pace import Pace
from plan_data.tenants import DEFAULT, BotRef
from storage.queries import migrate_chat

log = logging.getLogger(__name__)
PLATFORM = "telegram"
OWN = BotRef(DEFAULT, PLATFORM, DEFAULT)  # the deployment's own bot (TELEGRAM_BOT_TOKEN)
CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts
CONFIRM = "✅"  # callback data of a ConfirmButton: this mark, then the report's command
NOTHING = "✗"  # callback data of a button with nothing to run
# a reminder's sendMessage may wait this long to be written and answered (PTB's default is 5 s): a timeout
# is "maybe sent" and may repeat a message, so it should be rare; the engine's tick still ends in time
SEND_TIMEOUT = 8.0
# what Telegram takes: 4,096 characters a message, buttons, uploads; about 30 messages a second in all and
# 20 a minute into one group (jobs.pace)
LIMITS = Limits(MessageLimit.MAX_TEXT_LENGTH, buttons=True, files=True, pace=Pace())


class BotAddress(Protocol):
    """Where the bot is reached: the token and the Bot API's URLs (bot.channels.telegram_channel's settings)."""

    telegram_token: SecretStr | None
    telegram_base_url: str
    telegram_base_file_url: str


def build_application(settings: BotAddress, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                      updates_request: BaseRequest | None = None, access: Access = OFF, bot: BotRef = OWN
                      ) -> Application:
    """Every handler registered in one place; `updates_request`: getUpdates' own (bot.ops.health watches it);
    `access`: the board's and the feeds' links, for «bảng» and «lịch» (bot.core.access); `bot`: which bot of
    which tenant the token is, stamped on every Incoming (never taken from a message)."""
    assert settings.telegram_token is not None
    builder = (ApplicationBuilder().token(settings.telegram_token.get_secret_value())
               .base_url(settings.telegram_base_url).base_file_url(settings.telegram_base_file_url)
               .post_init(set_menu))
    if updates_request is not None:
        builder = builder.get_updates_request(updates_request)
    app = builder.build()
    app.bot_data.update(sessions=sessions, clock=clock, access=access, bot_ref=bot)
    # new messages only: an edited "xong 71" -> "xong 17" must not run again as a second command. First, as
    # the update nearly every one is: PTB tries handlers in order, and no update matches two of these
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & (filters.TEXT | filters.CAPTION)
                                   & ~filters.StatusUpdate.ALL, on_message))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_error_handler(on_error)
    return app


class TelegramSender:
    """The reminder engine's way into Telegram: Bot API errors become jobs.dispatch's four kinds."""

    platform = PLATFORM

    def __init__(self, bot: Bot, timeout: float = SEND_TIMEOUT) -> None:
        self.bot, self.timeout = bot, timeout

    async def send(self, chat_id: str, text: str, buttons: tuple[Button, ...] = (),
                   mentions: tuple[Mention, ...] = (), files: tuple[Attachment, ...] = ()) -> None:
        try:
            await self._send(chat_id, text, buttons, mentions, files)
        except DeliveryError as problem:  # its text is stored (reminders.error) and told the focal point
            raise type(problem)(*_masked_args(problem, self.bot.token)) from None

    async def _send(self, chat_id: str, text: str, buttons: tuple[Button, ...], mentions: tuple[Mention, ...],
                    files: tuple[Attachment, ...]) -> None:
        parts = cut(text, LIMITS)
        timeouts = {"read_timeout": self.timeout, "write_timeout": self.timeout}
        for index, part in enumerate(parts):
            markup = keyboard(Reply(part, buttons)) if index == len(parts) - 1 else None
            await _delivered(self.bot.send_message(int(chat_id), part, reply_markup=markup,
                                                    entities=mention_entities(part, mentions), **timeouts))
        for file in files:  # the meeting's agenda: after its line, as a reply's files come
            await _delivered(self.bot.send_document(int(chat_id), file.data, filename=file.name,
                                                    caption=file.caption or None, **timeouts))


async def _delivered(request: Awaitable[object]) -> None:
    """One Bot API request of a reminder; its errors as jobs.dispatch's kinds."""
    try:
        await request
    except RetryAfter as busy:
        wait = busy.retry_after
        raise RetryLater(wait.total_seconds() if isinstance(wait, timedelta) else float(wait)) from busy
    except ChatMigrated as moved:
        raise ChatMoved(str(moved.new_chat_id)) from moved
    except Forbidden as gone:
        raise ChatGone(str(gone)) from gone
    except BadRequest as refused:
        if "chat not found" in str(refused).lower():
            raise ChatGone(str(refused)) from refused
        raise DeliveryError(str(refused)) from refused
    except TimedOut as problem:  # the request left: Telegram may have posted it all the same
        raise MaybeSent(str(problem)) from problem
    except NetworkError as problem:  # BadRequest is a NetworkError too: caught above
        raise Transient(str(problem)) from problem


def mention_entities(part: str, mentions: tuple[Mention, ...]) -> list[MessageEntity] | None:
    """A "text_mention" entity for each person named without an @username, at the name's last place in this
    part of the message, measured as the Bot API does (UTF-16 code units): the name links to the person, who
    is notified. A part without the name has none."""
    entities = []
    for mention in mentions:
        at = part.rfind(mention.text)
        if at < 0 or not mention.user_id.isdigit():
            continue
        user = User(int(mention.user_id), mention.text, is_bot=False)
        entities.append(MessageEntity(MessageEntity.TEXT_MENTION, utf16_units(part[:at]), utf16_units(mention.text),
                                      user=user))
    return entities or None


def _masked_args(problem: DeliveryError, token: str) -> tuple[object, ...]:
    """The error's arguments with the bot's token hidden: an API error that echoes the token (a URL, a
    proxy's page) must not put it into the database or a notice."""
    if isinstance(problem, RetryLater):
        return (problem.seconds,)
    if isinstance(problem, ChatMoved):
        return (problem.new_chat_id,)
    return (mask(str(problem), token),)


async def set_menu(app: Application) -> None:
    """The Vietnamese command menu Telegram shows when "/" is typed."""
    await app.bot.set_my_commands([BotCommand(name, text[:256]) for name, text in telegram_menu()])


def incoming_from(message: Message, bot_id: int, text: str | None = None, user=None, bot: BotRef = OWN) -> Incoming:
    """The message as the core sees it, on `bot`: its tenant and key come from the token it arrived on."""
    user = user or message.from_user
    reply_to = message.reply_to_message
    to_bot = bool(reply_to and reply_to.from_user and reply_to.from_user.id == bot_id)
    return Incoming(
        platform=PLATFORM, chat_id=str(message.chat_id), user_id=str(user.id if user else ""),
        user_name=user.full_name if user else "", user_handle=(user.username or "") if user else "", text=text if text is not None else (message.text or message.caption or ""),
        chat_title=message.chat.title or message.chat.full_name or "", message_id=str(message.message_id),
        addressed=message.chat.type == ChatType.PRIVATE or to_bot or text is not None,
        evidence=evidence_of(message) if text is None else None, private=message.chat.type == ChatType.PRIVATE,
        tenant=bot.tenant, bot=bot.key,
    )


def _bot_of(context: ContextTypes.DEFAULT_TYPE) -> BotRef:
    return context.bot_data.get("bot_ref", OWN)


def evidence_of(message: Message) -> dict[str, str] | None:
    """A photo or document sent with "xong 17 …" as its caption is kept as the task's product."""
    if message.photo:
        photo = message.photo[-1]
        return {"type": "photo", "file_id": photo.file_id, "file_unique_id": photo.file_unique_id}
    if message.document:
        document = message.document
        return {"type": "document", "file_id": document.file_id, "file_unique_id": document.file_unique_id,
                "file_name": document.file_name or "", "mime_type": document.mime_type or ""}
    return None


async def answered(context: ContextTypes.DEFAULT_TYPE, incoming: Incoming, update_id: int | None) -> Reply | None:
    """The core's reply (bot.channels.answering: a status command on the loop, the rest in a worker thread,
    all within the time budget), counted and logged."""
    reply = await answering.answered(incoming, context.bot_data["sessions"], context.bot_data["clock"](),
                                     context.bot.username, context.bot_data.get("budget", MESSAGE_BUDGET),
                                     context.bot_data.get("access", OFF))
    if reply is not None:  # /metrics counts replies per tenant and bot, the log has one line per update
        replied(PLATFORM, incoming.tenant, incoming.bot).inc()
    log_update(context.bot_data["sessions"], incoming, update_id, reply)
    return reply


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text, or a file with a caption: the core decides whether it was meant for the bot."""
    message = update.effective_message
    reply = await answered(context, incoming_from(message, context.bot.id, bot=_bot_of(context)), update.update_id)
    if reply is not None:
        await send_reply(context, message.chat_id, reply, reply_to=message.message_id, thread=_thread(message))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A tapped ✅ Xong / 📋 Chi tiết: run its command as the tapping user typed it. The ✅ under the bot's
    question about a message records that message's report, by its author; the ✗ does nothing."""
    query = update.callback_query
    data = query.data or ""
    if query.message is None or not isinstance(query.message, Message) or data == NOTHING:
        await query.answer(texts.DISMISSED if data == NOTHING else None)
        return
    if data.startswith(CONFIRM):
        incoming = confirmation(query.message, data.removeprefix(CONFIRM), context.bot.id, query.from_user,
                                _bot_of(context))
    else:
        incoming = incoming_from(query.message, context.bot.id, text=data, user=query.from_user, bot=_bot_of(context))
    reply = await answered(context, incoming, update.update_id)
    await query.answer(texts.short_title(reply.text, 190) if reply else None)
    if reply is not None:
        await send_reply(context, query.message.chat_id, reply, reply_to=query.message.message_id,
                         thread=_thread(query.message))


def _thread(message: Message) -> int | None:
    """In a forum group, answer in the topic the message came from."""
    return message.message_thread_id if message.is_topic_message else None


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group upgraded to a supergroup gets a new id; its binding follows it."""
    message = update.effective_message
    old, new = (message.chat_id, message.migrate_to_chat_id) if message.migrate_to_chat_id else (
        message.migrate_from_chat_id, message.chat_id)
    with context.bot_data["sessions"].begin() as session:
        migrate_chat(session, PLATFORM, str(old), str(new))


def callback_data(button: Button) -> str:
    """What a tap sends back: the command; a ✅ under a question marked as such; nothing to do for ✗."""
    if isinstance(button, ConfirmButton):
        return CONFIRM + button.command
    return button.command or NOTHING


def confirmation(question: Message, command: str, bot_id: int, tapper, bot: BotRef = OWN) -> Incoming:
    """A ✅ under the bot's question: the report of the message it answered, made by that message's author
    with that message (its evidence too), whoever tapped; the tapper's own when the message is gone."""
    original = question.reply_to_message
    if original is None or original.from_user is None:
        return incoming_from(question, bot_id, text=command, user=tapper, bot=bot)
    asked = incoming_from(original, bot_id, bot=bot)
    return replace(asked, text=command, addressed=True, quoted=asked.text)


def visible_text(reply: Reply) -> str:
    """The reply's text, with the command of a button too long for Telegram's callback data written out
    to type (a question about many tasks): a button is never lost in silence."""
    unfit = tuple(b for b in reply.buttons if b.command and len(callback_data(b).encode()) > CALLBACK_LIMIT)
    return with_commands(Reply(reply.text, unfit)) if unfit else reply.text


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    buttons = [InlineKeyboardButton(b.label, callback_data=callback_data(b)) for b in reply.buttons
               if len(callback_data(b).encode()) <= CALLBACK_LIMIT]
    return InlineKeyboardMarkup([buttons]) if buttons else None


async def send_reply(context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply, reply_to: int | None = None,
                     thread: int | None = None) -> None:
    """The reply in as many messages as Telegram's limit needs, the buttons under the last one."""
    parts = cut(visible_text(reply), LIMITS)
    for index, part in enumerate(parts):
        markup = keyboard(reply) if index == len(parts) - 1 else None
        try:
            quoted = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and index == 0 else None
            await context.bot.send_message(chat_id, part, reply_markup=markup, reply_parameters=quoted,
                                           message_thread_id=thread)
        except ChatMigrated as moved:
            with context.bot_data["sessions"].begin() as session:
                migrate_chat(session, PLATFORM, str(chat_id), str(moved.new_chat_id))
            chat_id = moved.new_chat_id
            await context.bot.send_message(chat_id, part, reply_markup=markup)
    for file in reply.files:
        if file.kind == "photo":
            await context.bot.send_photo(chat_id, file.data, caption=file.caption or None, message_thread_id=thread)
        else:
            await context.bot.send_document(chat_id, file.data, filename=file.name, caption=file.caption or None,
                                            message_thread_id=thread)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log and carry on: one bad update never stops the bot."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update failed: %s", type(context.error).__name__, exc_info=context.error,
              extra={"event": "update", "update": update_id, "outcome": "error"})

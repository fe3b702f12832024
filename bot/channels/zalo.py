"""The Zalo channel: thin. An update becomes an Incoming, the core answers, the answer goes back as text.

Zalo has no buttons and no edits: where Telegram shows buttons, the commands to type are shown. While
group bots are in testing, a bot sees only the group messages that @mention it or quote it; a private
chat is always meant for the bot. Every message Zalo accepts counts against the month (jobs.quota).
"""

from __future__ import annotations

import asyncio
import logging
import unicodedata
from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from bot.channels.answering import answered
from bot.channels.channel import Limits
from bot.channels.events import log_update
from bot.channels.links import LIFETIME, FileLinks, unit_key
from bot.channels.outbox import cut, utf16_units, with_commands
from bot.channels.zalo_api import IDLE, QUOTA, ZaloApi, ZaloError, webhook_route
from bot.core import texts
from bot.core.access import OFF, Access
from bot.core.context import Button, Incoming, Reply
from bot.core.service import MESSAGE_BUDGET
from bot.ops.metrics import replied
from jobs.dispatch import ChatGone, DeliveryError, MaybeSent, Transient
from jobs.messages import Attachment, Mention
from jobs.pace import Pace
from jobs.quota import MonthlyBudget, QuotaSpent
from plan_data.tenants import DEFAULT, BotRef
from plan_data.zone import VN

if TYPE_CHECKING:
    from bot.web.server import WebServer

log = logging.getLogger(__name__)
PLATFORM = "zalo"
OWN = BotRef(DEFAULT, PLATFORM, DEFAULT)  # the deployment's own bot (ZALO_BOT_TOKEN)
MAX_TEXT = 1900  # Zalo takes 2,000 UTF-16 units in one sendMessage; the rest is a margin
TEXT_EVENTS = ("message.text.received", "message.image.received")  # an image's caption may say "xong 17"
WEBHOOK_PATH = "/zalo"
REPLY_BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0)  # seconds between tries of a reply: about 30 s in all
# no buttons, no uploads (files go as links: bot.channels.links); the engine's pace, as for Telegram
LIMITS = Limits(MAX_TEXT, utf16_units, buttons=False, files=False, pace=Pace())


def zalo_text(reply: Reply, links: dict[str, str] | None = None, until: str = "") -> str:
    """Buttons cannot be tapped on Zalo: the commands they stand for are shown to type instead. Files
    cannot be uploaded either: each comes as its signed link (bot.channels.links) when the bot has a
    public URL, else the reply says how to get it."""
    lines = [with_commands(reply)] if reply.text or reply.buttons else []
    for file in reply.files:
        name = file.caption or file.name
        url = (links or {}).get(file.name)
        lines.append(texts.ZALO_FILE_LINK.format(name=name, url=url, until=until) if url else
                     texts.ZALO_FILE.format(name=name))
    return "\n".join(lines)


def parts(reply: Reply, links: dict[str, str] | None = None, until: str = "") -> list[str]:
    """The reply in messages Zalo takes (2,000 UTF-16 units, less a margin), cut on line boundaries."""
    return [part for part in cut(zalo_text(reply, links, until), LIMITS) if part.strip()]


def mentioned(text: str, names: Sequence[str]) -> str | None:
    """Which of the bot's names the message @mentions (Zalo writes a mention as "@Display name")."""
    folded = unicodedata.normalize("NFC", text).casefold()
    for name in sorted(names, key=len, reverse=True):
        if f"@{unicodedata.normalize('NFC', name).casefold()}" in folded:
            return name
    return None


def quotes_bot(message: dict[str, Any], bot_id: str) -> bool:
    """A message quoting the bot's own is for the bot. Zalo does not document how a quote is carried yet;
    both Telegram-like names are accepted."""
    quoted = message.get("reply_to_message") or message.get("quote")
    sender = quoted.get("from") if isinstance(quoted, dict) else None
    return bool(bot_id) and isinstance(sender, dict) and str(sender.get("id")) == bot_id


def incoming_from(update: dict[str, Any], bot_id: str, bot: BotRef = OWN) -> Incoming | None:
    """A text message, or an image with a caption, as the core sees it, on `bot` (its tenant and key from the
    token it arrived on, never from the message); None for stickers and the like."""
    message = update.get("message") or {}
    user, chat = message.get("from") or {}, message.get("chat") or {}
    text = message.get("text") or message.get("caption") or ""
    if update.get("event_name") not in TEXT_EVENTS or not text or user.get("is_bot"):
        return None
    private = str(chat.get("chat_type", "")).upper() == "PRIVATE"
    name = str(user.get("display_name") or user.get("name") or "")
    photo = message.get("photo_url") or message.get("photo")
    return Incoming(
        platform=PLATFORM, chat_id=str(chat.get("id", "")), user_id=str(user.get("id", "")), user_name=name,
        text=str(text), chat_title=f"Zalo {name}" if private else "",
        message_id=str(message["message_id"]) if message.get("message_id") else None,
        addressed=private or quotes_bot(message, bot_id),
        evidence={"type": "photo", "url": str(photo)} if photo else None, private=private,
        tenant=bot.tenant, bot=bot.key,
    )


async def send_counted(api: ZaloApi, budget: MonthlyBudget, chat_id: str, text: str, method: str = "sendMessage",
                       **params: Any) -> None:
    """Every message Zalo accepts counts against the month; a 429 ends the month for Zalo."""
    try:
        if method == "sendMessage":
            params["text"] = text
        await api.call(method, chat_id=chat_id, **params)
    except ZaloError as problem:
        if problem.code == QUOTA:
            budget.mark_spent()
        raise
    budget.spend()


def delivery_error(problem: ZaloError) -> DeliveryError:
    """Zalo's errors as jobs.dispatch's kinds, so the engine's retry rules apply as for Telegram."""
    if problem.code == QUOTA:
        return QuotaSpent(str(problem))
    if problem.code == 0 and "Timeout" in str(problem) and "ConnectTimeout" not in str(problem):
        return MaybeSent(str(problem))  # the request left; Zalo may have posted it all the same
    if problem.code in (0, IDLE) or problem.code >= 500:
        return Transient(str(problem))
    if problem.code == 403:
        return ChatGone(str(problem))
    return DeliveryError(str(problem))


class ZaloSender:
    """The reminder engine's way into Zalo. The engine reads `budget` to hold reminders once the month is
    spent and to combine them when it runs short. `publish`: a reminder's files at their signed links for the
    chat (ZaloChannel.publish), when the bot has a public URL; else the message says how to ask for them."""

    platform = PLATFORM

    def __init__(self, api: ZaloApi, budget: MonthlyBudget,
                 publish: Callable[[str, Reply], dict[str, str]] | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.api, self.budget, self.publish, self.clock = api, budget, publish, clock

    async def send(self, chat_id: str, text: str, buttons: tuple[Button, ...] = (),
                   mentions: tuple[Mention, ...] = (), files: tuple[Attachment, ...] = ()) -> None:
        """`mentions`: Zalo's messages carry none; the person's name is in the text already."""
        reply = Reply(text, buttons, files)
        links = await asyncio.to_thread(self.publish, chat_id, reply) if files and self.publish and self.clock else {}
        until = (self.clock() + LIFETIME).astimezone(VN).strftime("%H:%M %d/%m/%Y") if links and self.clock else ""
        for part in parts(reply, links, until):
            try:
                await send_counted(self.api, self.budget, chat_id, part)
            except ZaloError as problem:
                raise delivery_error(problem) from None


class ZaloChannel:
    """Long polling or the webhook bring updates; one worker answers them in order."""

    def __init__(self, api: ZaloApi, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                 budget: MonthlyBudget, links: FileLinks | None = None, access: Access = OFF,
                 bot: BotRef = OWN) -> None:
        self.api, self.sessions, self.clock, self.budget = api, sessions, clock, budget
        self.links, self.access, self.bot = links, access, bot
        self.bot_id, self.names = "", ()
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.port: int | None = None  # where the web server listens for Zalo (its webhook, its files' links)
        self._tasks: list[asyncio.Task[None]] = []
        self._seen: deque[tuple[str, str]] = deque(maxlen=500)  # a webhook may deliver a message twice
        self.sleep = asyncio.sleep
        self.replies_given_up = 0
        self.time_budget = MESSAGE_BUDGET  # seconds a message may take (bot.channels.answering)

    async def start(self, webhook_url: str | None = None, secret: str = "", web: WebServer | None = None,
                    listen: str = "0.0.0.0", port: int = 0, path: str = WEBHOOK_PATH, serve_links: bool = True
                    ) -> None:
        """Learns the bot's names (for @mentions), then long-polls, or registers the webhook. The webhook's
        route (at `path`: each bot its own) and the files' links (once for every bot: `serve_links`) are added
        to `web`, which listens on listen:port from then on (it serves once every channel has started; a post
        that comes before waits)."""
        me = await self.api.call("getMe") or {}
        self.bot_id = str(me.get("id", ""))
        self.names = tuple(str(me[key]) for key in ("display_name", "account_name", "name") if me.get(key))
        routes = ([webhook_route(path, secret, self.updates.put_nowait)] if webhook_url else []) + (
            [self.links.route()] if self.links and serve_links else [])
        if routes:
            assert web is not None, "a webhook or files' links need the web server"
            web.add(*routes)
            self.port = web.listen(listen, port)
        if webhook_url:
            await self.api.call("setWebhook", url=webhook_url, secret_token=secret)
        else:
            await self.api.call("deleteWebhook")  # getUpdates answers nothing while a webhook is set
            self._tasks.append(asyncio.create_task(self._poll()))
        self._tasks.append(asyncio.create_task(self._work()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.api.aclose()

    async def _poll(self) -> None:
        pause = 1.0
        while True:
            try:
                update = await self.api.next_update()
            except ZaloError as problem:
                log.warning("Zalo getUpdates failed (%s): trying again in %.0fs", problem, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 60.0)
                continue
            pause = 1.0
            if update is not None:
                self.updates.put_nowait(update)

    async def _work(self) -> None:
        """One update at a time, in order; one bad update never stops the channel."""
        while True:
            update = await self.updates.get()
            try:
                await self.handle(update)
            except Exception:
                log.exception("Zalo update failed")
            finally:
                self.updates.task_done()

    async def handle(self, update: dict[str, Any]) -> None:
        incoming = incoming_from(update, self.bot_id, self.bot)
        if incoming is None or self._repeated(incoming):
            return
        name = mentioned(incoming.text, self.names) or (self.names[0] if self.names else None)
        # a status command here, on the loop (a few statements); anything heavier (a list, a report, a chart)
        # off it, since the loop also serves Telegram and the reminders; all within the time budget
        reply = await answered(incoming, self.sessions, self.clock(), name, self.time_budget, self.access)
        log_update(self.sessions, incoming, incoming.message_id, reply)  # issue 17; its plan comes from a cache
        if reply is not None:
            replied(PLATFORM, self.bot.tenant, self.bot.key).inc()  # issue 17: /metrics counts replies, per bot
            await self.reply(incoming.chat_id, reply)

    def _repeated(self, incoming: Incoming) -> bool:
        key = (incoming.chat_id, incoming.message_id or "")
        if incoming.message_id and key in self._seen:
            return True
        self._seen.append(key)
        return False

    async def reply(self, chat_id: str, reply: Reply) -> None:
        """Someone asked: the answer goes whatever the budget says, until Zalo itself says it is spent. A busy
        Zalo (429, 5xx, no answer) is tried again with backoff for about 30 s; an answer given up is logged
        and counted, never dropped in silence."""
        if not self.budget.replies_allowed():
            self._given_up(chat_id, "the month's Zalo quota is spent")
            return
        links = await asyncio.to_thread(self.publish, chat_id, reply) if reply.files and self.links else {}
        until = (self.clock() + LIFETIME).astimezone(VN).strftime("%H:%M %d/%m/%Y") if links else ""
        for file in reply.files:  # the chart itself shows in the chat: sendPhoto takes its link
            if file.kind == "photo" and file.name in links:
                await self._send_part(chat_id, "", "sendPhoto", photo=links[file.name], caption=file.caption or file.name)
        for part in parts(reply, links, until):
            if not await self._send_part(chat_id, part):
                return

    def publish(self, chat_id: str, reply: Reply) -> dict[str, str]:
        """Each file of the reply at its link for this chat's unit; none for a chat not bound."""
        assert self.links is not None
        unit = unit_key(self.sessions, PLATFORM, chat_id)
        return {f.name: self.links.publish(unit, f) for f in reply.files} if unit else {}

    async def _send_part(self, chat_id: str, part: str, method: str = "sendMessage", **params: Any) -> bool:
        if method == "sendMessage":
            params["text"] = part
        for pause in (*REPLY_BACKOFF, None):
            try:
                await self.api.call(method, chat_id=chat_id, **params)
            except ZaloError as problem:
                if pause is not None and (problem.code in (QUOTA, 0) or problem.code >= 500):
                    log.warning("Zalo reply to %s: %s; trying again in %gs", chat_id, problem, pause)
                    await self.sleep(pause)
                    continue
                if problem.code == QUOTA:
                    self.budget.mark_spent()
                self._given_up(chat_id, str(problem))
                return False
            self.budget.spend()
            return True
        return False

    def _given_up(self, chat_id: str, why: str) -> None:
        self.replies_given_up += 1
        log.error("Zalo reply to %s given up (%d so far): %s", chat_id, self.replies_given_up, why)

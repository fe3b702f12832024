"""The Telegram channel as `nhacviec run` and `nhacviec doctor` see it (bot.channels.channel): its settings, its
start (long polling, or the webhook on the bot's web server) and stop, its sender, its doctor checks.

The handlers and the sender are in bot/channels/telegram.py, the webhook's inbox in telegram_webhook.py.
python-telegram-bot is imported when the channel starts or is checked, never by the other commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import Field, SecretStr
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.bots import ServedBot, checked, served_bots, tenants_or_none
from bot.channels.channel import Clock, Limits, set_and_not_blank
from bot.core import texts
from bot.ops import texts as t
from bot.ops.findings import Finding
from bot.ops.settings import ChannelSettings, Settings

if TYPE_CHECKING:
    from bot.ops.health import ChannelWatch
    from bot.web.server import WebServer
    from jobs.dispatch import Sender

PATH = "/telegram"  # the deployment's own bot's webhook; a tenant's bot's is /telegram/<its key>
PENDING_WARN = 100  # updates waiting: a bot that runs keeps this near 0


class TelegramSettings(ChannelSettings):
    telegram_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field("https://api.telegram.org/bot", alias="TELEGRAM_BASE_URL")
    telegram_base_file_url: str = Field("https://api.telegram.org/file/bot", alias="TELEGRAM_BASE_FILE_URL")
    webhook_url: str | None = Field(None, alias="NHACVIEC_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, alias="NHACVIEC_WEBHOOK_SECRET")
    webhook_listen: str = Field("0.0.0.0", alias="NHACVIEC_WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, alias="NHACVIEC_WEBHOOK_PORT")

    def configured(self) -> bool:
        return set_and_not_blank(self.telegram_token)

    def secret(self) -> str | None:
        return self.webhook_secret.get_secret_value() if self.webhook_secret else None


class TelegramBot:
    """One token's python-telegram-bot Application, started by hand rather than by run_polling (which would take
    the whole loop for itself): a webhook is a route on the bot's web server, beside /healthz and /readyz.
    Every Incoming it makes carries its bot's tenant and key (bot.channels.telegram.incoming_from)."""

    def __init__(self, bot: ServedBot, settings: TelegramSettings, sessions: sessionmaker[Session], clock: Clock,
                 access) -> None:
        self.bot, self.settings, self.sessions, self.clock, self.access = bot, settings, sessions, clock, access
        self.app = None
        self._seen: Callable[[], float | None] = lambda: None  # when Telegram last answered a poll, or posted

    async def start(self, server: WebServer) -> None:
        """The command menu, then the webhook (its route on `server`, which listens where Telegram posts:
        NHACVIEC_WEBHOOK_LISTEN:NHACVIEC_WEBHOOK_PORT) or long polling."""
        from telegram import Update

        from bot.channels.telegram import build_application
        from bot.channels.telegram_webhook import WatchedRequest, WebhookInbox, set_webhook

        settings, bot = self.settings, self.bot
        polls = WatchedRequest(connection_pool_size=1)
        address = settings.model_copy(update={"telegram_token": bot.token})
        self.app = app = build_application(address, self.sessions, self.clock, updates_request=polls,
                                           access=self.access, bot=bot.ref)
        await app.initialize()
        await app.post_init(app)  # the command menu (set_menu)
        if bot.webhook_url:
            inbox = WebhookInbox(app, bot.secret, bot.path)
            server.add(inbox.route())
            server.listen(settings.webhook_listen, settings.webhook_port)
            await set_webhook(app, bot.webhook_url, bot.secret)
            self._seen = lambda: inbox.last_post
        else:
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            self._seen = lambda: polls.last_answer
        await app.start()

    async def stop(self) -> None:
        app = self.app
        if app is None:
            return
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()  # nothing to do for an application that never initialized

    def sender(self) -> Sender:
        from bot.channels.telegram import TelegramSender

        assert self.app is not None, "started first"
        return TelegramSender(self.app.bot)

    def watch(self) -> ChannelWatch:
        from bot.ops.health import ChannelWatch

        return ChannelWatch(Telegram.name, "webhook" if self.bot.webhook_url else "polling", self._seen,
                            self.bot.ref.tenant, self.bot.ref.key)


def telegram_bots(settings: Settings) -> list[ServedBot]:
    """Every Telegram bot of the deployment: its own (TELEGRAM_BOT_TOKEN), then each tenant's."""
    section = settings.channel(TelegramSettings)
    return served_bots(Telegram.name, section.telegram_token, section.secret(), section.webhook_url, PATH,
                       tenants_or_none(settings))


class Telegram:
    """Every Telegram bot of the deployment in the one event loop: one Application per token (TelegramBot)."""

    name = "telegram"
    Section = TelegramSettings
    served = True

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.settings, self.sessions, self.clock = settings.channel(TelegramSettings), sessions, clock
        self.access = settings.access()  # «bảng», «lịch»: the board's and the feeds' links
        self.bots = [TelegramBot(bot, self.settings, sessions, clock, self.access) for bot in telegram_bots(settings)]

    @property
    def limits(self) -> Limits:
        from bot.channels.telegram import LIMITS

        return LIMITS

    async def start(self, server: WebServer) -> None:
        """Each bot in turn: its menu, then its webhook's route on `server` or its poller; none starts when one
        on a webhook has no secret of its own (SetupError)."""
        checked([bot.bot for bot in self.bots], texts.TELEGRAM_SECRET_NEEDED)
        for bot in self.bots:
            await bot.start(server)

    async def stop(self) -> None:
        for bot in reversed(self.bots):  # also after a start that failed half-way: a bot not started does nothing
            await bot.stop()

    def senders(self) -> dict[str, Sender]:
        """Each bot's sender by its route (plan_data.tenants.route): "telegram" for the deployment's own."""
        return {bot.bot.ref.route: bot.sender() for bot in self.bots}

    def watches(self) -> list[ChannelWatch]:
        return [bot.watch() for bot in self.bots]

    @staticmethod
    async def remote_findings(settings: Settings) -> list[Finding]:
        """getMe and getWebhookInfo of every bot, each line named by its tenant and key when there are several."""
        bots = telegram_bots(settings)
        if not bots:
            return [Finding("info", t.TG_NO_TOKEN, t.TG_NO_TOKEN_FIX)]
        found: list[Finding] = []
        for bot in bots:
            named = t.BOT_NAMED.format(bot=bot.label) if len(bots) > 1 or not bot.own else ""
            found += [replace(f, text=named + f.text) for f in await bot_findings(bot, settings)]
        return found

    @staticmethod
    def stored_findings(session: Session, now: datetime, settings: Settings) -> list[Finding]:
        """Nothing: Telegram keeps nothing of its own in the database (its pace is the engine's, jobs.pace)."""
        return []


async def bot_findings(bot: ServedBot, settings: Settings) -> list[Finding]:
    """One bot's getMe and getWebhookInfo: its token is never printed; errors are shown by their kind and the
    Bot API's description, with every secret hidden."""
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError

    section = settings.channel(TelegramSettings)
    api = Bot(bot.token.get_secret_value(), base_url=section.telegram_base_url,
              base_file_url=section.telegram_base_file_url)
    try:
        async with api:
            me = api.bot
            info = await api.get_webhook_info()
    except InvalidToken as problem:
        return [Finding("error", t.TG_TOKEN_BAD.format(error=_hidden(str(problem), settings)), t.TG_TOKEN_BAD_FIX)]
    except NetworkError as problem:  # BadRequest is a NetworkError: Telegram answered, but not ok
        return [Finding("error", t.TG_UNREACHABLE.format(error=_hidden(f"{type(problem).__name__}: {problem}",
                                                                       settings)), t.TG_UNREACHABLE_FIX)]
    except TelegramError as problem:
        return [Finding("error", t.TG_TOKEN_BAD.format(error=_hidden(str(problem), settings)), t.TG_TOKEN_BAD_FIX)]
    found = [Finding("ok", t.TG_TOKEN_OK.format(username=me.username, id=me.id))]
    return found + webhook_findings(bot, info)


def _hidden(text: str, settings: Settings) -> str:
    for secret in settings.secrets():
        text = text.replace(secret, "***")
    return text


def webhook_findings(bot: ServedBot, info) -> list[Finding]:
    found: list[Finding] = []
    pending = info.pending_update_count or 0
    if bot.webhook_url:
        if info.url != bot.webhook_url:
            found.append(Finding("warn", t.TG_WEBHOOK_MISSING.format(wanted=bot.webhook_url, url=info.url or "—"),
                                 t.TG_WEBHOOK_MISSING_FIX))
        else:
            found.append(Finding("ok", t.TG_WEBHOOK_OK.format(url=info.url, pending=pending)))
        if not bot.secret:
            found.append(Finding("warn", t.TG_NO_SECRET, t.TG_NO_SECRET_FIX))
    elif info.url:
        found.append(Finding("warn", t.TG_WEBHOOK_UNWANTED.format(url=info.url), t.TG_WEBHOOK_UNWANTED_FIX))
    else:
        found.append(Finding("ok", t.TG_POLLING.format(pending=pending)))
    if pending > PENDING_WARN:
        found.append(Finding("warn", t.TG_PENDING.format(pending=pending), t.TG_PENDING_FIX))
    if info.last_error_date:
        at = info.last_error_date.astimezone(_zone()).strftime("%H:%M %d/%m/%Y")
        found.append(Finding("warn", t.TG_LAST_ERROR.format(at=at, error=info.last_error_message or "?"),
                             t.TG_LAST_ERROR_FIX))
    return found


def _zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Ho_Chi_Minh")

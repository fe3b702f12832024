"""The Telegram channel as `nhacviec run` and `nhacviec doctor` see it (bot.channels.channel): its settings, its
start (long polling, or the webhook on the bot's web server) and stop, its sender, its doctor checks.

The handlers and the sender are in bot/channels/telegram.py, the webhook's inbox in telegram_webhook.py.
python-telegram-bot is imported when the channel starts or is checked, never by the other commands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import Field, SecretStr
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.channel import Clock, Limits, SetupError, set_and_not_blank
from bot.core import texts
from bot.ops import texts as t
from bot.ops.findings import Finding
from bot.ops.settings import ChannelSettings, Settings, webhook_secret_ok

if TYPE_CHECKING:
    from bot.ops.health import ChannelWatch
    from bot.web.server import WebServer
    from jobs.dispatch import Sender

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


class Telegram:
    """python-telegram-bot's Application, started by hand rather than by run_polling (which would take the whole
    loop for itself): a webhook is a route on the bot's web server, beside /healthz and /readyz."""

    name = "telegram"
    Section = TelegramSettings
    served = True

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.settings, self.sessions, self.clock = settings.channel(TelegramSettings), sessions, clock
        self.access = settings.access()  # «bảng», «lịch»: the board's and the feeds' links
        self.app = None
        self._seen: Callable[[], float | None] = lambda: None  # when Telegram last answered a poll, or posted

    @property
    def limits(self) -> Limits:
        from bot.channels.telegram import LIMITS

        return LIMITS

    async def start(self, server: WebServer) -> None:
        """The command menu, then the webhook (its route on `server`, which listens where Telegram posts:
        NHACVIEC_WEBHOOK_LISTEN:NHACVIEC_WEBHOOK_PORT) or long polling."""
        from telegram import Update

        from bot.channels.telegram import build_application
        from bot.channels.telegram_webhook import WatchedRequest, WebhookInbox, set_webhook

        settings, secret = self.settings, self.settings.secret()
        if settings.webhook_url and not webhook_secret_ok(secret):
            raise SetupError(texts.TELEGRAM_SECRET_NEEDED)
        polls = WatchedRequest(connection_pool_size=1)
        self.app = app = build_application(settings, self.sessions, self.clock, updates_request=polls,
                                           access=self.access)
        await app.initialize()
        await app.post_init(app)  # the command menu (set_menu)
        if settings.webhook_url:
            inbox = WebhookInbox(app, secret)
            server.add(inbox.route())
            server.listen(settings.webhook_listen, settings.webhook_port)
            await set_webhook(app, settings.webhook_url, secret)
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

        return ChannelWatch(self.name, "webhook" if self.settings.webhook_url else "polling", self._seen)

    @staticmethod
    async def remote_findings(settings: Settings) -> list[Finding]:
        """getMe and getWebhookInfo: a token is never printed; errors are shown by their kind and the Bot
        API's description, with every secret hidden."""
        from telegram import Bot
        from telegram.error import InvalidToken, NetworkError, TelegramError

        section = settings.channel(TelegramSettings)
        if not section.configured():
            return [Finding("info", t.TG_NO_TOKEN, t.TG_NO_TOKEN_FIX)]
        assert section.telegram_token is not None
        bot = Bot(section.telegram_token.get_secret_value(), base_url=section.telegram_base_url,
                  base_file_url=section.telegram_base_file_url)
        try:
            async with bot:
                me = bot.bot
                info = await bot.get_webhook_info()
        except InvalidToken as problem:
            return [Finding("error", t.TG_TOKEN_BAD.format(error=_hidden(str(problem), settings)), t.TG_TOKEN_BAD_FIX)]
        except NetworkError as problem:  # BadRequest is a NetworkError: Telegram answered, but not ok
            return [Finding("error", t.TG_UNREACHABLE.format(error=_hidden(f"{type(problem).__name__}: {problem}",
                                                                           settings)), t.TG_UNREACHABLE_FIX)]
        except TelegramError as problem:
            return [Finding("error", t.TG_TOKEN_BAD.format(error=_hidden(str(problem), settings)), t.TG_TOKEN_BAD_FIX)]
        found = [Finding("ok", t.TG_TOKEN_OK.format(username=me.username, id=me.id))]
        return found + webhook_findings(section, info)

    @staticmethod
    def stored_findings(session: Session, now: datetime, settings: Settings) -> list[Finding]:
        """Nothing: Telegram keeps nothing of its own in the database (its pace is the engine's, jobs.pace)."""
        return []


def _hidden(text: str, settings: Settings) -> str:
    for secret in settings.secrets():
        text = text.replace(secret, "***")
    return text


def webhook_findings(settings: TelegramSettings, info) -> list[Finding]:
    found: list[Finding] = []
    pending = info.pending_update_count or 0
    if settings.webhook_url:
        if info.url != settings.webhook_url:
            found.append(Finding("warn", t.TG_WEBHOOK_MISSING.format(wanted=settings.webhook_url, url=info.url or "—"),
                                 t.TG_WEBHOOK_MISSING_FIX))
        else:
            found.append(Finding("ok", t.TG_WEBHOOK_OK.format(url=info.url, pending=pending)))
        if not settings.webhook_secret:
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

"""The Zalo channel as `nhacviec run` and `nhacviec doctor` see it (bot.channels.channel): its settings, its
start (long polling, or its webhook on the bot's web server, which also serves the files' signed links) and
stop, its sender, its doctor checks: the token, and the month's messages against ZALO_MONTHLY_BUDGET.

The updates and replies are in bot/channels/zalo.py, the Bot API in zalo_api.py; both are imported when the
channel starts or is checked, never by the other commands.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.channel import Clock, Limits, SetupError, set_and_not_blank
from bot.core import texts
from bot.ops import texts as t
from bot.ops.findings import Finding
from bot.ops.settings import ChannelSettings, Settings, webhook_secret_ok

if TYPE_CHECKING:
    from bot.channels.links import FileLinks
    from bot.ops.health import ChannelWatch
    from bot.web.server import WebServer
    from jobs.dispatch import Sender


class ZaloSettings(ChannelSettings):
    zalo_token: SecretStr | None = Field(None, alias="ZALO_BOT_TOKEN")
    zalo_base_url: str = Field("https://bot-api.zaloplatforms.com", alias="ZALO_BASE_URL")
    zalo_webhook_url: str | None = Field(None, alias="ZALO_WEBHOOK_URL")
    zalo_webhook_secret: SecretStr | None = Field(None, alias="ZALO_WEBHOOK_SECRET")
    zalo_webhook_listen: str = Field("0.0.0.0", alias="ZALO_WEBHOOK_LISTEN")
    zalo_webhook_port: int = Field(8444, alias="ZALO_WEBHOOK_PORT")
    zalo_monthly_budget: int = Field(3000, alias="ZALO_MONTHLY_BUDGET", gt=0)
    public_url: str | None = Field(None, alias="NHACVIEC_PUBLIC_URL")  # where the web server's /files/ is reached
    files_secret: SecretStr | None = Field(None, alias="NHACVIEC_FILES_SECRET")  # signs the files' links

    def configured(self) -> bool:
        return set_and_not_blank(self.zalo_token)

    def secret(self) -> str:
        return self.zalo_webhook_secret.get_secret_value() if self.zalo_webhook_secret else ""


class Zalo:
    """Zalo's Bot API over httpx; its webhook and the files' links on the bot's web server, on Zalo's own port
    (ZALO_WEBHOOK_LISTEN:ZALO_WEBHOOK_PORT)."""

    name = "zalo"
    Section = ZaloSettings
    served = True

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.settings, self.sessions, self.clock = settings.channel(ZaloSettings), sessions, clock
        self.access = settings.access()  # «bảng», «lịch»: the board's and the feeds' links
        self.files_dir = Path(settings.files_dir)
        self.channel = None

    @property
    def limits(self) -> Limits:
        from bot.channels.zalo import LIMITS

        return LIMITS

    async def start(self, server: WebServer) -> None:
        """Learns the bot's names, then polls, or registers the webhook; the webhook's route and the files'
        links go on `server`, which listens on ZALO_WEBHOOK_LISTEN:ZALO_WEBHOOK_PORT for them."""
        from bot.channels.zalo import ZaloChannel
        from bot.channels.zalo_api import ZaloApi, ZaloError
        from bot.ops.metrics import ZALO_LIMIT
        from jobs.quota import MonthlyBudget

        settings, secret = self.settings, self.settings.secret()
        if settings.zalo_webhook_url and not webhook_secret_ok(secret):
            raise SetupError(texts.ZALO_SECRET_NEEDED)
        assert settings.zalo_token is not None
        links = self._file_links()
        budget = MonthlyBudget(self.sessions, self.clock, settings.zalo_monthly_budget)
        self.channel = ZaloChannel(ZaloApi(settings.zalo_token.get_secret_value(), settings.zalo_base_url),
                                   self.sessions, self.clock, budget, links, self.access)
        ZALO_LIMIT.set(settings.zalo_monthly_budget)
        try:
            await self.channel.start(settings.zalo_webhook_url, secret, server, settings.zalo_webhook_listen,
                                     settings.zalo_webhook_port)
        except ZaloError as problem:  # getMe or setWebhook refused: a wrong token, base URL or webhook URL
            raise SetupError(texts.ZALO_START_FAILED.format(error=problem)) from None

    def _file_links(self) -> FileLinks | None:
        """Signed links to files when NHACVIEC_PUBLIC_URL is set; it needs NHACVIEC_FILES_SECRET."""
        from bot.channels.links import MIN_SECRET, FileLinks

        if not self.settings.public_url:
            return None
        secret = self.settings.files_secret.get_secret_value() if self.settings.files_secret else ""
        if len(secret) < MIN_SECRET:
            raise SetupError(texts.FILES_SECRET_NEEDED.format(length=MIN_SECRET))
        return FileLinks(self.settings.public_url, secret, self.files_dir / "links", self.clock)

    async def stop(self) -> None:
        if self.channel is not None:
            await self.channel.stop()

    def sender(self) -> Sender:
        """The engine reads its `budget` to hold reminders once the month is spent."""
        from bot.channels.zalo import ZaloSender

        assert self.channel is not None, "started first"
        publish = self.channel.publish if self.channel.links else None  # files as signed links, as for replies
        return ZaloSender(self.channel.api, self.channel.budget, publish, self.channel.clock)

    def watch(self) -> ChannelWatch:
        from bot.ops.health import ChannelWatch

        assert self.channel is not None, "started first"
        api = self.channel.api
        return ChannelWatch(self.name, "webhook" if self.settings.zalo_webhook_url else "polling",
                            lambda: api.last_answer)

    @staticmethod
    async def remote_findings(settings: Settings) -> list[Finding]:
        """getMe: the token, whose errors come with the token hidden already (bot.channels.zalo_api)."""
        from bot.channels.zalo_api import ZaloApi, ZaloError

        section = settings.channel(ZaloSettings)
        if not section.configured():
            return [Finding("info", t.ZALO_NO_TOKEN)]
        assert section.zalo_token is not None
        api = ZaloApi(section.zalo_token.get_secret_value(), section.zalo_base_url)
        try:
            me = await api.call("getMe") or {}
        except ZaloError as problem:
            return [Finding("error", t.ZALO_TOKEN_BAD.format(error=problem), t.ZALO_TOKEN_BAD_FIX)]
        finally:
            await api.aclose()
        name = me.get("display_name") or me.get("account_name") or me.get("name") or me.get("id") or "?"
        return [Finding("ok", t.ZALO_TOKEN_OK.format(name=name))]

    @staticmethod
    def stored_findings(session: Session, now: datetime, settings: Settings) -> list[Finding]:
        """The month's messages against the budget (jobs.quota), also after the token was taken away."""
        from bot.ops.doctor import zalo_quota_findings
        from jobs.quota import month_of
        from storage.models import ZaloQuota

        section = settings.channel(ZaloSettings)
        row = session.scalar(select(ZaloQuota).where(ZaloQuota.bot == "", ZaloQuota.month == month_of(now)))
        if not section.configured() and row is None:
            return []
        return zalo_quota_findings(session, now, [("", section.zalo_monthly_budget)])  # a tenant's bots: theirs too

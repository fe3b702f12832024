"""The Zalo channel as `nhacviec run` and `nhacviec doctor` see it (bot.channels.channel): its settings, its
start (long polling, or its webhook on the bot's web server, which also serves the files' signed links) and
stop, its sender, its doctor checks: the token, and the month's messages against ZALO_MONTHLY_BUDGET.

The updates and replies are in bot/channels/zalo.py, the Bot API in zalo_api.py; both are imported when the
channel starts or is checked, never by the other commands.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.bots import ServedBot, checked, served_bots, tenants_or_none
from bot.channels.channel import Clock, Limits, SetupError, set_and_not_blank
from bot.core import texts
from bot.ops import texts as t
from bot.ops.findings import Finding
from bot.ops.settings import ChannelSettings, Settings
from plan_data.tenants import DEFAULT

if TYPE_CHECKING:
    from bot.channels.links import FileLinks
    from bot.channels.zalo import ZaloChannel
    from bot.ops.health import ChannelWatch
    from bot.web.server import WebServer
    from jobs.dispatch import Sender
    from jobs.quota import MonthlyBudget

WEBHOOK_PATH = "/zalo"  # the deployment's own bot's webhook; a tenant's bot's is /zalo/<its key>


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


def monthly_budget(sessions: sessionmaker[Session], clock: Clock, limit: int, bot: str) -> MonthlyBudget:
    """A Zalo bot's own month of messages (jobs.quota), counted by its key: the deployment's own bot's as
    before tenants, a tenant's bot's apart from every other's."""
    from jobs.quota import MonthlyBudget

    return MonthlyBudget(sessions, clock, limit, bot=bot)


def zalo_bots(settings: Settings) -> list[ServedBot]:
    """Every Zalo bot of the deployment: its own (ZALO_BOT_TOKEN), then each tenant's."""
    section = settings.channel(ZaloSettings)
    return served_bots(Zalo.name, section.zalo_token, section.secret(), section.zalo_webhook_url, WEBHOOK_PATH,
                       tenants_or_none(settings))


class Zalo:
    """Zalo's Bot API over httpx, one ZaloChannel (poller or webhook path) per token; the webhooks and the
    files' links on the bot's web server, on Zalo's own port (ZALO_WEBHOOK_LISTEN:ZALO_WEBHOOK_PORT)."""

    name = "zalo"
    Section = ZaloSettings
    served = True

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.settings, self.sessions, self.clock = settings.channel(ZaloSettings), sessions, clock
        self.access = settings.access()  # «bảng», «lịch»: the board's and the feeds' links
        self.files_dir = Path(settings.files_dir)
        self.bots = zalo_bots(settings)
        self.channels: list[tuple[ServedBot, ZaloChannel]] = []

    @property
    def limits(self) -> Limits:
        from bot.channels.zalo import LIMITS

        return LIMITS

    async def start(self, server: WebServer) -> None:
        """Learns each bot's names, then polls, or registers its webhook; the webhooks' routes and the files'
        links go on `server`, which listens on ZALO_WEBHOOK_LISTEN:ZALO_WEBHOOK_PORT for them."""
        checked(self.bots, texts.ZALO_SECRET_NEEDED)
        links = self._file_links()
        for index, bot in enumerate(self.bots):
            await self._start_one(bot, server, links, serve_links=index == 0)

    async def _start_one(self, bot: ServedBot, server: WebServer, links: FileLinks | None, serve_links: bool) -> None:
        from bot.channels.zalo import ZaloChannel
        from bot.channels.zalo_api import ZaloApi, ZaloError
        from bot.ops.metrics import ZALO_LIMIT

        settings = self.settings
        limit = bot.monthly_budget or settings.zalo_monthly_budget
        budget = monthly_budget(self.sessions, self.clock, limit, bot.ref.key)
        channel = ZaloChannel(ZaloApi(bot.token.get_secret_value(), settings.zalo_base_url), self.sessions,
                              self.clock, budget, links, self.access, bot.ref)
        self.channels.append((bot, channel))
        ZALO_LIMIT.labels(bot.ref.tenant, bot.ref.key).set(limit)
        try:
            await channel.start(bot.webhook_url, bot.secret or "", server, settings.zalo_webhook_listen,
                                settings.zalo_webhook_port, bot.path, serve_links)
        except ZaloError as problem:  # getMe or setWebhook refused: a wrong token, base URL or webhook URL
            error = str(problem) if bot.own else f"{bot.label}: {problem}"
            raise SetupError(texts.ZALO_START_FAILED.format(error=error)) from None

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
        for _bot, channel in reversed(self.channels):
            await channel.stop()

    def senders(self) -> dict[str, Sender]:
        """Each bot's sender by its route ("zalo" for the deployment's own); the engine reads its `budget` to
        hold that bot's reminders once its month is spent."""
        from bot.channels.zalo import ZaloSender

        found: dict[str, Sender] = {}
        for bot, channel in self.channels:
            publish = channel.publish if channel.links else None  # files as signed links, as for replies
            found[bot.ref.route] = ZaloSender(channel.api, channel.budget, publish, channel.clock)
        return found

    def watches(self) -> list[ChannelWatch]:
        from bot.ops.health import ChannelWatch

        return [ChannelWatch(self.name, "webhook" if bot.webhook_url else "polling",
                             lambda api=channel.api: api.last_answer, bot.ref.tenant, bot.ref.key)
                for bot, channel in self.channels]

    @staticmethod
    async def remote_findings(settings: Settings) -> list[Finding]:
        """getMe of every bot, each line named by its tenant and key when there are several."""
        bots = zalo_bots(settings)
        if not bots:
            return [Finding("info", t.ZALO_NO_TOKEN)]
        found: list[Finding] = []
        for bot in bots:
            named = t.BOT_NAMED.format(bot=bot.label) if len(bots) > 1 or not bot.own else ""
            found += [replace(f, text=named + f.text) for f in await bot_findings(bot, settings)]
        return found

    @staticmethod
    def stored_findings(session: Session, now: datetime, settings: Settings) -> list[Finding]:
        """Each Zalo bot's month of messages against its budget (jobs.quota), and how many days it lasts at its
        rate; the deployment's own also after its token was taken away."""
        from bot.ops.doctor import zalo_quota_findings
        from jobs.quota import month_of
        from storage.models import ZaloQuota

        section = settings.channel(ZaloSettings)
        bots = [(bot.ref.key, bot.monthly_budget or section.zalo_monthly_budget) for bot in zalo_bots(settings)]
        if not any(key == DEFAULT for key, _ in bots) and session.scalar(
                select(ZaloQuota.id).where(ZaloQuota.bot == DEFAULT, ZaloQuota.month == month_of(now))) is not None:
            bots.insert(0, (DEFAULT, section.zalo_monthly_budget))
        return zalo_quota_findings(session, now, bots)


async def bot_findings(bot: ServedBot, settings: Settings) -> list[Finding]:
    """One bot's getMe: its token, whose errors come with the token hidden already (bot.channels.zalo_api)."""
    from bot.channels.zalo_api import ZaloApi, ZaloError

    api = ZaloApi(bot.token.get_secret_value(), settings.channel(ZaloSettings).zalo_base_url)
    try:
        me = await api.call("getMe") or {}
    except ZaloError as problem:
        return [Finding("error", t.ZALO_TOKEN_BAD.format(error=problem), t.ZALO_TOKEN_BAD_FIX)]
    finally:
        await api.aclose()
    name = me.get("display_name") or me.get("account_name") or me.get("name") or me.get("id") or "?"
    return [Finding("ok", t.ZALO_TOKEN_OK.format(name=name))]

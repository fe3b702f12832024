"""The bots a channel serves in one process: the deployment's own (its token from TELEGRAM_BOT_TOKEN or
ZALO_BOT_TOKEN, tenant and bot key "") and each tenant's (bot.ops.tenants, NHACVIEC_TENANTS_FILE).

Each bot has its own webhook path on the one web server (the own bot's as before, a tenant's its path and the
bot's key) and its own secret: a post is checked against the secret of the path it came to, so a post signed
for one bot is refused on another's. A tenant's bot on a webhook without its own secret, or with another's,
does not start (SetupError naming the tenant). A token is never shown: a bot is named by its tenant and key.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from bot.channels.channel import SetupError
from bot.ops import texts as t
from bot.ops.settings import Settings, webhook_secret_ok
from bot.ops.tenants import Tenant
from plan_data.tenants import DEFAULT, BotRef


@dataclass(frozen=True)
class ServedBot:
    """One token a channel serves: who it is (ref), how it is reached (token), where its webhook posts."""

    ref: BotRef
    token: SecretStr
    secret: str | None = None  # its webhook's secret
    webhook_url: str | None = None  # None: long polling
    path: str = ""  # its webhook's path on the bot's web server
    monthly_budget: int | None = None  # Zalo: its messages a month (None: ZALO_MONTHLY_BUDGET)

    @property
    def own(self) -> bool:
        return self.ref.tenant == DEFAULT and self.ref.key == DEFAULT

    @property
    def label(self) -> str:
        """How /readyz, the log and the doctor name it: its tenant (or «mặc định») and its key, never its token."""
        return t.bot_label(self.ref.tenant, self.ref.key)


def served_bots(platform: str, own: SecretStr | None, own_secret: str | None, webhook_url: str | None,
                path: str, tenants: list[Tenant]) -> list[ServedBot]:
    """The deployment's own bot (when its token is set), then every tenant's bot of `platform`, in the file's
    order. On a webhook a tenant's bot posts to `path`/key, at the deployment's webhook URL followed by /key."""
    bots = []
    if own is not None and own.get_secret_value().strip():
        bots.append(ServedBot(BotRef(DEFAULT, platform, DEFAULT), own, own_secret, webhook_url or None, path))
    for tenant in tenants:
        for bot in tenant.bots_of(platform):
            secret = bot.webhook_secret.get_secret_value() if bot.webhook_secret else None
            url = f"{webhook_url.rstrip('/')}/{bot.ref.key}" if webhook_url else None
            bots.append(ServedBot(bot.ref, bot.token, secret, url, f"{path}/{bot.ref.key}", bot.monthly_budget))
    return bots


def checked(bots: list[ServedBot], own_refusal: str) -> list[ServedBot]:
    """The bots, once each on a webhook has a secret of its own; else SetupError: `own_refusal` for the
    deployment's own bot (as before tenants), the tenant and bot named for a tenant's."""
    seen: dict[str, ServedBot] = {}
    for bot in bots:
        if bot.webhook_url is None:
            continue
        if not webhook_secret_ok(bot.secret):
            raise SetupError(own_refusal if bot.own else t.TENANT_SECRET_NEEDED.format(bot=bot.label))
        assert bot.secret is not None
        if bot.secret in seen:
            raise SetupError(t.TENANT_SECRET_SHARED.format(bot=bot.label, other=seen[bot.secret].label))
        seen[bot.secret] = bot
    return bots



def tenants_or_none(settings: Settings) -> list[Tenant]:
    """The tenants, or none when their file is broken: for the doctor, which names the file's problems itself
    (bot.ops.doctor), and checks the deployment's own bots meanwhile. `nhacviec run` never starts on it."""
    from bot.ops.tenants import TenantsError

    try:
        return settings.tenants()
    except TenantsError:
        return []

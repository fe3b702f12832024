"""Tenants: the provinces (or any group of plans an operator chooses) that one deployment serves apart.

A tenant has its own bots, one or more per channel; each plan belongs to one tenant (plans.tenant); an update
is handled in the tenant of the bot it arrived on, never in one a message names. A chat bound under one tenant
neither reads nor changes another's plans, and an invite opens only in its own tenant.

The deployment's own tenant, DEFAULT (""), is what there was before tenants: the plans imported without one
and the tokens of TELEGRAM_BOT_TOKEN and ZALO_BOT_TOKEN, whose bot key is "" too, so that a deployment that
adds no tenant keeps every row as it was.

A bot is named by a key that is stable and public: the number before the colon of a Telegram or Zalo token
(the bot's own user id, which every member of its groups sees), else a short hash. The key, never the token,
is what the database keeps (chat_bindings.bot, the pace's slots, the quota's months).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

DEFAULT = ""  # the deployment's own tenant, and the key of its own bot per channel
KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")  # a tenant's key: "hai-phong", "hp", "tinh-01"
BOT_KEY_LENGTH = 32
_NUMBERED = re.compile(r"(\d{1,20}):\S+")


def tenant_key_ok(key: str) -> bool:
    return KEY.fullmatch(key) is not None


def bot_key(token: str) -> str:
    """The bot's public, stable name for a token: its number ("123456789" of "123456789:AA…"), else "h" and
    twelve hex digits of the token's SHA-256 (a token of another shape; the hash names it, never shows it)."""
    numbered = _NUMBERED.fullmatch(token.strip())
    if numbered:
        return numbered[1]
    return "h" + hashlib.sha256(token.strip().encode()).hexdigest()[:12]


@dataclass(frozen=True)
class BotRef:
    """One bot of one tenant on one channel: what an update arrived on, or what a reminder leaves by."""

    tenant: str
    platform: str  # telegram | zalo
    key: str  # bot_key of its token; DEFAULT for the deployment's own token

    @property
    def route(self) -> str:
        """The name the engine's senders and the pace know the bot by: the platform for the deployment's own
        bot (as before tenants), "platform/key" for a tenant's."""
        return route(self.platform, self.key)


def route(platform: str, bot: str) -> str:
    return platform if bot == DEFAULT else f"{platform}/{bot}"


def split_route(value: str) -> tuple[str, str]:
    """(platform, bot key) of a route."""
    platform, _, bot = value.partition("/")
    return platform, bot


def in_tenant(plan_tenant: str | None, tenant: str) -> bool:
    """Whether a plan of `plan_tenant` may be read or changed from a bot of `tenant`: only its own."""
    return (plan_tenant or DEFAULT) == tenant

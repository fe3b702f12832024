"""Every channel, listed once: the settings read at the entry point, the channels `nhacviec run` serves, the
terminal it falls back to, and the doctor's checks all come from this list (bot.channels.channel says what
a channel implements)."""

from __future__ import annotations

from typing import cast

from bot.channels.channel import Channel, Served, Terminal
from bot.channels.console import Console
from bot.channels.telegram_channel import Telegram
from bot.channels.zalo_channel import Zalo
from bot.ops.settings import Settings

# in the order `nhacviec run` starts them and `nhacviec doctor` checks them
CHANNELS: tuple[type[Channel], ...] = (Telegram, Zalo, Console)


def read_settings() -> Settings:
    """Every setting, the channels' own with the rest, from the environment and .env: once, at the entry point."""
    return Settings().with_channels(channel.Section() for channel in CHANNELS)


def served(settings: Settings) -> list[type[Served]]:
    """The channels `nhacviec run` serves together: every one with a token, the deployment's own or a tenant's
    (Settings.tenants(): TenantsError for a broken tenants' file, which nothing is served with)."""
    tenants = settings.tenants()
    return [cast(type[Served], channel) for channel in CHANNELS
            if channel.served and (settings.channel(channel.Section).configured()
                                   or any(tenant.bots_of(channel.name) for tenant in tenants))]


def terminal() -> type[Terminal]:
    """The channel that runs alone when none is served, or when asked (`nhacviec run --console`)."""
    return next(cast(type[Terminal], channel) for channel in CHANNELS if not channel.served)

"""Every setting, read once at the entry point from the environment or `.env`; tokens stay SecretStr.

The general settings are here; each channel's own (its token, its webhook) are its `ChannelSettings`,
declared in its module (bot/channels/) and read at the same moment (bot.channels.registry.read_settings).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from argparse import ArgumentTypeError
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, PrivateAttr, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.access import Access
from bot.ops.moments import cli_moment
from bot.ops.tenants import Tenant, TenantsError, read_tenants
from plan_data.access import BOARD_DAYS, FEED_DAYS
from storage.db import DEFAULT_URL, data_home, project_root

# the clone's .env (installed: the data folder's), then one in the current folder, which wins
FILES = SettingsConfigDict(env_file=((project_root() or data_home()) / ".env", ".env"), env_file_encoding="utf-8",
                           extra="ignore", populate_by_name=True)


class ChannelSettings(BaseSettings):
    """A channel's own settings, from the same environment and .env as the rest: a channel declares its fields
    (each with its variable's name as alias) in a subclass. This base, without fields, is the settings of a
    channel that needs none (the console)."""

    model_config = FILES

    def configured(self) -> bool:
        """Whether the channel has what it needs to run (a token): a channel that needs nothing always has."""
        return True

    def secrets(self) -> list[str]:
        """Every SecretStr of the section that is set: what the log must never show."""
        values = (getattr(self, name) for name in type(self).model_fields)
        return [value.get_secret_value() for value in values
                if isinstance(value, SecretStr) and value.get_secret_value()]


Section = TypeVar("Section", bound=ChannelSettings)


class Settings(BaseSettings):
    model_config = FILES

    database_url: str = Field(DEFAULT_URL, alias="NHACVIEC_DATABASE_URL")
    log_level: str = Field("INFO", alias="NHACVIEC_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field("text", alias="NHACVIEC_LOG_FORMAT")
    # /healthz, /readyz, /metrics: on the webhook's port when Telegram uses a webhook, else on this port
    # when it is set (polling mode); 127.0.0.1 unless told otherwise (a container: 0.0.0.0)
    health_port: int | None = Field(None, alias="NHACVIEC_HEALTH_PORT")
    health_listen: str = Field("127.0.0.1", alias="NHACVIEC_HEALTH_LISTEN")
    files_dir: str = Field(str(data_home() / "files"), alias="NHACVIEC_FILES_DIR")
    backup_dir: str = Field(str(data_home() / "backups"), alias="NHACVIEC_BACKUP_DIR")
    # the demo's moment, "dd/mm/yyyy" (08:00) or "dd/mm/yyyy HH:MM": as --date, on the demo database
    demo_now: datetime | None = Field(None, alias="NHACVIEC_TODAY")
    # the demo's database; by default beside the real SQLite file (var/nhacviec-thu.db), or that file in the data
    # folder for PostgreSQL (storage.db.demo_url)
    demo_database_url: str | None = Field(None, alias="NHACVIEC_DEMO_DATABASE_URL")
    # the web board («bảng») and the calendar feeds («lịch»): where the bot's web server is reached, the secret
    # that signs their links (bot.core.access), how many days a link opens. Without the URL or the secret, off.
    public_url: str = Field("", alias="NHACVIEC_PUBLIC_URL")
    board_secret: SecretStr | None = Field(None, alias="NHACVIEC_BOARD_SECRET")
    board_days: int = Field(BOARD_DAYS, ge=1, le=3660, alias="NHACVIEC_BOARD_DAYS")
    # where the web server listens for the board and the feeds when they are on (behind the proxy that
    # NHACVIEC_PUBLIC_URL reaches; `make run`: http://127.0.0.1:8080); a webhook's port serves them too
    web_port: int = Field(8080, ge=0, le=65535, alias="NHACVIEC_WEB_PORT")
    web_listen: str = Field("127.0.0.1", alias="NHACVIEC_WEB_LISTEN")
    feed_days: int = Field(FEED_DAYS, ge=1, le=3660, alias="NHACVIEC_FEED_DAYS")
    # the tenants served beside the deployment's own, with their bots (bot.ops.tenants): none when unset
    tenants_file: str = Field("", alias="NHACVIEC_TENANTS_FILE")

    @field_validator("demo_now", mode="before")
    @classmethod
    def _demo_moment(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return cli_moment(value) if value.strip() else None
            except ArgumentTypeError as problem:  # pydantic reports a ValueError as the setting's own error
                raise ValueError(str(problem)) from None
        return value

    @field_validator("database_url", "files_dir", "backup_dir", "demo_database_url", "board_days", "feed_days",
                     mode="before")
    @classmethod
    def _blank_is_default(cls, value: object, info) -> object:
        """A line left empty in .env ("NHACVIEC_DATABASE_URL=") means the default, not an empty setting."""
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[info.field_name].default
        return value

    @field_validator("health_port", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        """`NHACVIEC_HEALTH_PORT=` as .env.example leaves it: not set."""
        return None if isinstance(value, str) and not value.strip() else value

    # each channel's own settings, read with these at the entry point (bot.channels.registry.read_settings)
    _channels: dict[type[ChannelSettings], ChannelSettings] = PrivateAttr(default_factory=dict)
    _tenants: list[Tenant] | None = PrivateAttr(default=None)

    def tenants(self) -> list[Tenant]:
        """The tenants of NHACVIEC_TENANTS_FILE (read once; a token's variable from the environment or .env),
        or none. TenantsError names every problem of the file."""
        if self._tenants is None:
            path = self.tenants_file.strip()
            if not path:
                self._tenants = []
            else:
                from dotenv import dotenv_values

                environ = {name: value for file in FILES["env_file"] if Path(file).is_file()
                           for name, value in dotenv_values(file).items() if value is not None}
                self._tenants = read_tenants(Path(path), {**environ, **os.environ})
        return self._tenants

    def with_channels(self, sections: Iterable[ChannelSettings]) -> Settings:
        """These settings with the channels' own beside them."""
        copy = self.model_copy()
        copy._channels = {type(section): section for section in sections}
        return copy

    def channel(self, kind: type[Section]) -> Section:
        """A channel's own settings, as read at the entry point."""
        section = self._channels[kind]
        assert isinstance(section, kind)
        return section

    def secrets(self) -> list[str]:
        """What the log must never show: every channel's tokens (Bot API URLs carry them) and secrets, the
        tenants' bots' and the board's."""
        own = [secret] if (secret := self._board_secret()) else []
        try:
            read = self.tenants()
        except TenantsError:  # nothing is served with a broken file; what it holds is still hidden where read
            read = self._tenants or []
        tenants = [value.get_secret_value() for tenant in read for bot in tenant.bots
                   for value in (bot.token, bot.webhook_secret) if value is not None]
        return own + tenants + [secret for section in self._channels.values() for secret in section.secrets()]

    def access(self) -> Access:
        """What the board's and the feeds' links need (bot.core.access), as the chat and the web server use it."""
        return Access(self.public_url, self._board_secret(), self.board_days, self.feed_days)

    def _board_secret(self) -> str:
        """NHACVIEC_BOARD_SECRET; unset while NHACVIEC_PUBLIC_URL is set, this machine's own (local_secret)."""
        if self.board_secret and self.board_secret.get_secret_value():
            return self.board_secret.get_secret_value()
        return local_secret(data_home() / BOARD_SECRET_FILE) if self.public_url.strip() else ""


BOARD_SECRET_FILE = "board.secret"


def local_secret(path: Path) -> str:
    """A secret made once for this machine and kept in its data folder, readable by its owner only: `make run`
    with NHACVIEC_PUBLIC_URL alone serves the board. Several workers of one deployment share
    NHACVIEC_BOARD_SECRET instead (a link signed by one opens on all)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(32)
        with contextlib.suppress(FileExistsError):  # another process made it first: its secret is the one
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as file:
                file.write(secret)
        return path.read_text(encoding="ascii").strip()


_SECRET = re.compile(r"[A-Za-z0-9_-]{8,256}")


def webhook_secret_ok(secret: str | None) -> bool:
    """A webhook's secret, for Telegram and Zalo alike: 8 to 256 of A–Z, a–z, 0–9, "_" and "-" (what
    Telegram accepts as secret_token). A webhook without one would take a forged update from anyone."""
    return bool(secret) and _SECRET.fullmatch(secret) is not None

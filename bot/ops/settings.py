"""Every setting, read once at the entry point from the environment or `.env`; tokens stay SecretStr."""

from __future__ import annotations

import re
from argparse import ArgumentTypeError
from datetime import datetime
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.ops.moments import cli_moment
from storage.db import DEFAULT_URL, data_home, project_root


class Settings(BaseSettings):
    # the clone's .env (installed: the data folder's), then one in the current folder, which wins
    model_config = SettingsConfigDict(env_file=((project_root() or data_home()) / ".env", ".env"),
                                      env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    database_url: str = Field(DEFAULT_URL, alias="NHACVIEC_DATABASE_URL")
    log_level: str = Field("INFO", alias="NHACVIEC_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field("text", alias="NHACVIEC_LOG_FORMAT")
    # /healthz, /readyz, /metrics: on the webhook's port when Telegram uses a webhook, else on this port
    # when it is set (polling mode); 127.0.0.1 unless told otherwise (a container: 0.0.0.0)
    health_port: int | None = Field(None, alias="NHACVIEC_HEALTH_PORT")
    health_listen: str = Field("127.0.0.1", alias="NHACVIEC_HEALTH_LISTEN")
    telegram_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field("https://api.telegram.org/bot", alias="TELEGRAM_BASE_URL")
    telegram_base_file_url: str = Field("https://api.telegram.org/file/bot", alias="TELEGRAM_BASE_FILE_URL")
    webhook_url: str | None = Field(None, alias="NHACVIEC_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, alias="NHACVIEC_WEBHOOK_SECRET")
    webhook_listen: str = Field("0.0.0.0", alias="NHACVIEC_WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, alias="NHACVIEC_WEBHOOK_PORT")
    files_dir: str = Field(str(data_home() / "files"), alias="NHACVIEC_FILES_DIR")
    backup_dir: str = Field(str(data_home() / "backups"), alias="NHACVIEC_BACKUP_DIR")
    zalo_token: SecretStr | None = Field(None, alias="ZALO_BOT_TOKEN")
    zalo_base_url: str = Field("https://bot-api.zaloplatforms.com", alias="ZALO_BASE_URL")
    zalo_webhook_url: str | None = Field(None, alias="ZALO_WEBHOOK_URL")
    zalo_webhook_secret: SecretStr | None = Field(None, alias="ZALO_WEBHOOK_SECRET")
    zalo_webhook_listen: str = Field("0.0.0.0", alias="ZALO_WEBHOOK_LISTEN")
    zalo_webhook_port: int = Field(8444, alias="ZALO_WEBHOOK_PORT")
    # the demo's moment, "dd/mm/yyyy" (08:00) or "dd/mm/yyyy HH:MM": as --date, on the demo database
    demo_now: datetime | None = Field(None, alias="NHACVIEC_TODAY")
    # the demo's database; by default beside the real SQLite file (var/nhacviec-thu.db), or that file in the data
    # folder for PostgreSQL (storage.db.demo_url)
    demo_database_url: str | None = Field(None, alias="NHACVIEC_DEMO_DATABASE_URL")
    zalo_monthly_budget: int = Field(3000, alias="ZALO_MONTHLY_BUDGET", gt=0)
    public_url: str | None = Field(None, alias="NHACVIEC_PUBLIC_URL")  # where the Zalo server's /files/ is reached
    files_secret: SecretStr | None = Field(None, alias="NHACVIEC_FILES_SECRET")  # signs the files' links

    @field_validator("demo_now", mode="before")
    @classmethod
    def _demo_moment(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return cli_moment(value) if value.strip() else None
            except ArgumentTypeError as problem:  # pydantic reports a ValueError as the setting's own error
                raise ValueError(str(problem)) from None
        return value

    @field_validator("database_url", "files_dir", "backup_dir", "demo_database_url", mode="before")
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

    @property
    def has_telegram(self) -> bool:
        return bool(self.telegram_token and self.telegram_token.get_secret_value().strip())

    @property
    def has_zalo(self) -> bool:
        return bool(self.zalo_token and self.zalo_token.get_secret_value().strip())

    def secrets(self) -> list[str]:
        """What the log must never show: the tokens (Bot API URLs carry them) and the webhook secrets."""
        values = (self.telegram_token, self.webhook_secret, self.zalo_token, self.zalo_webhook_secret,
                  self.files_secret)
        return [value.get_secret_value() for value in values if value and value.get_secret_value()]


_SECRET = re.compile(r"[A-Za-z0-9_-]{8,256}")


def webhook_secret_ok(secret: str | None) -> bool:
    """A webhook's secret, for Telegram and Zalo alike: 8 to 256 of A–Z, a–z, 0–9, "_" and "-" (what
    Telegram accepts as secret_token). A webhook without one would take a forged update from anyone."""
    return bool(secret) and _SECRET.fullmatch(secret) is not None

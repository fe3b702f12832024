"""Every setting, read once at the entry point from the environment or `.env`; tokens stay SecretStr."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.db import DEFAULT_URL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    database_url: str = Field(DEFAULT_URL, alias="NHACVIEC_DATABASE_URL")
    log_level: str = Field("INFO", alias="NHACVIEC_LOG_LEVEL")
    telegram_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field("https://api.telegram.org/bot", alias="TELEGRAM_BASE_URL")
    telegram_base_file_url: str = Field("https://api.telegram.org/file/bot", alias="TELEGRAM_BASE_FILE_URL")
    webhook_url: str | None = Field(None, alias="NHACVIEC_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, alias="NHACVIEC_WEBHOOK_SECRET")
    webhook_listen: str = Field("0.0.0.0", alias="NHACVIEC_WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, alias="NHACVIEC_WEBHOOK_PORT")
    files_dir: str = Field("var/files", alias="NHACVIEC_FILES_DIR")
    zalo_token: SecretStr | None = Field(None, alias="ZALO_BOT_TOKEN")
    zalo_base_url: str = Field("https://bot-api.zaloplatforms.com", alias="ZALO_BASE_URL")
    zalo_webhook_url: str | None = Field(None, alias="ZALO_WEBHOOK_URL")
    zalo_webhook_secret: SecretStr | None = Field(None, alias="ZALO_WEBHOOK_SECRET")
    zalo_webhook_listen: str = Field("0.0.0.0", alias="ZALO_WEBHOOK_LISTEN")
    zalo_webhook_port: int = Field(8444, alias="ZALO_WEBHOOK_PORT")
    zalo_monthly_budget: int = Field(3000, alias="ZALO_MONTHLY_BUDGET", gt=0)
    public_url: str | None = Field(None, alias="NHACVIEC_PUBLIC_URL")  # where the Zalo server's /files/ is reached
    files_secret: SecretStr | None = Field(None, alias="NHACVIEC_FILES_SECRET")  # signs the files' links

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

"""Every setting, read once at the entry point from the environment or `.env`; tokens stay SecretStr."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.db import DEFAULT_URL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    database_url: str = Field(DEFAULT_URL, alias="NHACVIEC_DATABASE_URL")
    timezone: str = Field("Asia/Ho_Chi_Minh", alias="NHACVIEC_TIMEZONE")
    log_level: str = Field("INFO", alias="NHACVIEC_LOG_LEVEL")
    telegram_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field("https://api.telegram.org/bot", alias="TELEGRAM_BASE_URL")
    telegram_base_file_url: str = Field("https://api.telegram.org/file/bot", alias="TELEGRAM_BASE_FILE_URL")
    webhook_url: str | None = Field(None, alias="NHACVIEC_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, alias="NHACVIEC_WEBHOOK_SECRET")
    webhook_listen: str = Field("0.0.0.0", alias="NHACVIEC_WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, alias="NHACVIEC_WEBHOOK_PORT")
    files_dir: str = Field("var/files", alias="NHACVIEC_FILES_DIR")

    @property
    def has_telegram(self) -> bool:
        return bool(self.telegram_token and self.telegram_token.get_secret_value().strip())

"""The whole app wired to a local Bot API stand-in, as the Telegram e2e tests use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.settings import Settings
from tests.stubs.telegram_api import FakeBotApi

SECRET = "test-webhook-secret_1"
ADMIN_CHAT = 900
CUSTOMER_CHAT = 5551
WEBHOOK = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def telegram_settings(
    api: FakeBotApi, database_url: str, files: Path, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "files_dir": files,
        "public_base_url": "https://burbgigz.test",
        "telegram_bot_token": api.token,
        "telegram_api_base_url": api.base_url,
        "telegram_file_base_url": api.file_base_url,
        "telegram_webhook_secret": SECRET,
        "telegram_admin_chat_ids": (ADMIN_CHAT,),
    }
    return Settings(_env_file=None, **(values | overrides))


def telegram_env(api: FakeBotApi, database_url: str, files: Path, port: int) -> dict[str, str]:
    """The same settings as environment variables, for the service run as a process."""
    return {
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "FILES_DIR": str(files),
        "PUBLIC_BASE_URL": "https://burbgigz.test",
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_FILE_BASE_URL": api.file_base_url,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_ADMIN_CHAT_IDS": str(ADMIN_CHAT),
    }

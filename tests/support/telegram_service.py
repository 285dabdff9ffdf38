"""The whole app wired to a local Bot API stand-in, as the Telegram e2e tests use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.settings import Settings
from bot.wiring import DELIVERER, DISPATCHER
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import callback_update, contact_update, message_update

SECRET = "test-webhook-secret_1"
ADMIN_CHAT = 900
CUSTOMER_CHAT = 5551
WEBHOOK = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

Client = TestClient[web.Request, web.Application]


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
        # The stand-ins enforce no flood limits: pacing sends at Telegram's one a second per
        # chat would only make every test wait (tests/unit/test_pacing.py tests the pace).
        "telegram_messages_per_chat_per_second": 100,
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


async def service_settled(app: web.Application) -> None:
    """Every message the app accepted so far handled, and every reply it led to sent (or its
    failure recorded): after this, nothing more is on its way."""
    await app[DISPATCHER].settled()
    await app[DELIVERER].settled()


async def post_update(
    client: Client, update: dict[str, object], secret: str | None = SECRET
) -> int:
    """Telegram delivers `update` to the webhook; the status the app answered."""
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    response = await client.post(WEBHOOK, json=update, headers=headers)
    return response.status


async def book_with_buttons(client: Client, chat: int, phone: str, *, typed: bool = False) -> None:
    """A remote support session booked in a Telegram chat at the first free time; the phone
    number shared with the contact button, or only `typed`."""
    for update in (
        callback_update(chat, "menu.book", message_id=710),
        message_update(chat, "Laptop will not boot"),
        callback_update(chat, "service.remote-support", message_id=711),
        message_update(chat, "1"),  # the first free time
        message_update(chat, phone) if typed else contact_update(chat, phone),
        callback_update(chat, "booking.yes", message_id=712),
    ):
        assert await post_update(client, update) == 200

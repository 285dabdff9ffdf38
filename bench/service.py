"""A BurbGigz service process for the benchmarks: `python -m bot serve` in webhook mode, its
Telegram pointed at the Bot API stand-in of the bench's own process."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.stubs.service_process import clean_env
from tests.stubs.telegram_api import FakeBotApi

SECRET = "bench-secret"  # the webhook's, shared by the stand-in's updates
RATE = "100000"  # messages a second: Telegram's limits out of the way, the service measured
UNLIMITED = {
    "TELEGRAM_MAX_MESSAGES_PER_SECOND": RATE,
    "TELEGRAM_MESSAGES_PER_CHAT_PER_SECOND": RATE,
}


async def start_service(
    api: FakeBotApi, database_url: str, port: int, **settings: str
) -> asyncio.subprocess.Process:
    """`settings` (FILES_DIR=..., say) are added to or override the bench's defaults."""
    env = clean_env(
        **{
            "PORT": str(port),
            "DATABASE_URL": database_url,
            "PUBLIC_BASE_URL": "https://burbgigz.bench",
            "FILES_DIR": str(Path("var/bench-files").resolve()),
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "TELEGRAM_FILE_BASE_URL": api.file_base_url,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "LOG_LEVEL": "WARNING",
            **settings,
        }
    )
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "serve", env=env)

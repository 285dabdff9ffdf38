"""The service run as its own process beside the stand-ins: a clean environment, a free port,
and its /healthz to wait on."""

from __future__ import annotations

import asyncio
import os
import socket

import aiohttp

# Settings a developer may have exported must not leak into the service under test.
_SETTING_PREFIXES = (
    "DATABASE_",
    "TELEGRAM_",
    "TWILIO_",
    "SUPABASE_",
    "FILES_",
    "BUSINESS_",
    "LOG_",
    "SMTP_",
    "EMAIL_",
    "GOOGLE_",
)


def clean_env(**settings: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(_SETTING_PREFIXES)
        and k not in {"PORT", "HOST", "PUBLIC_BASE_URL", "ADMIN_TOKEN", "MIGRATIONS_DATABASE_URL"}
    }
    return env | settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_for_health(port: int, *, timeout: float = 30.0) -> bool:  # noqa: ASYNC109
    """Poll the service's /healthz until it answers 200; False when it never does."""
    deadline = asyncio.get_running_loop().time() + timeout
    async with aiohttp.ClientSession() as http:
        while asyncio.get_running_loop().time() < deadline:
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return True
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    return False

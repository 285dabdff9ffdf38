"""Fixtures of the SMS and WhatsApp end-to-end tests: the app between its stand-ins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser
from pytest_aiohttp import AiohttpClient, AiohttpServer

from bot.app import build_app
from bot.business import load_business
from tests.stubs.service_process import free_port
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.twilio_api import FakeTwilio
from tests.support.browser import launched_browser
from tests.support.clock import MovableClock
from tests.support.portal import TelegramSite
from tests.support.telegram_service import telegram_settings
from tests.support.twilio_service import Service, Start, twilio_settings
from tests.support.web_service import WebService, web_settings


@pytest.fixture
async def start(
    aiohttp_client: AiohttpClient, database_url: str, tmp_path: Path, clock: MovableClock
) -> AsyncIterator[Start]:
    async with AsyncExitStack() as stack:

        async def start(**overrides: Any) -> Service:
            twilio = await stack.enter_async_context(FakeTwilio(clock=clock.now))
            telegram = await stack.enter_async_context(FakeBotApi())
            settings = twilio_settings(
                twilio, telegram, database_url, tmp_path / "files", **overrides
            )
            client = await aiohttp_client(build_app(settings, load_business(None), clock=clock))
            stack.push_async_callback(client.close)  # the app stops before its stand-ins
            twilio.webhook_target = str(client.make_url("")).rstrip("/")
            return Service(client, twilio, telegram)

        yield start


@pytest.fixture
async def service(start: Start) -> Service:
    return await start()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async for launched in launched_browser():
        yield launched


@pytest.fixture
async def web(
    aiohttp_server: AiohttpServer, database_url: str, tmp_path: Path, clock: MovableClock
) -> WebService:
    """The app with no channel configured: its web chat, console and status pages."""
    port = free_port()
    settings = web_settings(database_url, tmp_path / "files", port)
    server = await aiohttp_server(build_app(settings, load_business(None), clock=clock), port=port)
    return WebService(server, f"http://127.0.0.1:{port}")


@pytest.fixture
async def telegram_site(
    aiohttp_client: AiohttpClient,
    database_url: str,
    tmp_path: Path,
    clock: MovableClock,
) -> AsyncIterator[TelegramSite]:
    """The app with Telegram (its stand-in) on a real port that is also its public address."""
    async with FakeBotApi() as telegram:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        settings = telegram_settings(
            telegram, database_url, tmp_path / "files", public_base_url=url
        )
        app = build_app(settings, load_business(None), clock=clock)
        client = await aiohttp_client(app, server_kwargs={"port": port})
        yield TelegramSite(client, app, telegram, url)
        await client.close()

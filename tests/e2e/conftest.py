"""Fixtures of the SMS and WhatsApp end-to-end tests: the app between its stand-ins, with the
`business` fixture's business file (the bundled one unless a test parametrizes another)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser
from pytest_aiohttp import AiohttpClient, AiohttpServer

from bot.app import build_app
from domain.business import BusinessConfig
from tests.stubs import databases
from tests.stubs.service_process import free_port
from tests.stubs.smtp_relay import FakeSmtpRelay
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.twilio_api import FakeTwilio
from tests.support.browser import launched_browser
from tests.support.clock import MovableClock
from tests.support.email_service import smtp_settings
from tests.support.hostile import Hostile
from tests.support.hostile_app import hostile_app
from tests.support.portal import TelegramSite
from tests.support.telegram_service import telegram_settings
from tests.support.twilio_service import Service, Start, twilio_settings
from tests.support.web_service import WebService, web_settings


@pytest.fixture
async def start(
    aiohttp_client: AiohttpClient,
    database_url: str,
    tmp_path: Path,
    clock: MovableClock,
    business: BusinessConfig,
) -> AsyncIterator[Start]:
    async with AsyncExitStack() as stack:

        async def start(**overrides: Any) -> Service:
            twilio = await stack.enter_async_context(FakeTwilio(clock=clock.now))
            telegram = await stack.enter_async_context(FakeBotApi())
            settings = twilio_settings(
                twilio, telegram, database_url, tmp_path / "files", **overrides
            )
            client = await aiohttp_client(build_app(settings, business, clock=clock))
            stack.push_async_callback(client.close)  # the app stops before its stand-ins
            twilio.webhook_target = str(client.make_url("")).rstrip("/")
            return Service(client, twilio, telegram)

        yield start


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def hostile_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database per hostile-input module and backend (its cases share one app)."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        yield databases.copy_sqlite(template, tmp_path_factory.mktemp("hostile") / "db.sqlite3")
        return
    name = databases.create_postgres_database(template=request.getfixturevalue("postgres_template"))
    yield databases.postgres_url(name)
    databases.drop_postgres_database(name)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def hostile(
    hostile_database: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Hostile]:
    async with hostile_app(hostile_database, tmp_path_factory.mktemp("hostile-files")) as app:
        yield app


@pytest.fixture
async def service(start: Start) -> Service:
    return await start()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async for launched in launched_browser():
        yield launched


@pytest.fixture
async def web(
    aiohttp_server: AiohttpServer,
    database_url: str,
    tmp_path: Path,
    clock: MovableClock,
    business: BusinessConfig,
) -> WebService:
    """The app with no channel configured: its web chat, console and status pages."""
    port = free_port()
    settings = web_settings(database_url, tmp_path / "files", port)
    server = await aiohttp_server(build_app(settings, business, clock=clock), port=port)
    return WebService(server, f"http://127.0.0.1:{port}")


@pytest.fixture
async def relay() -> AsyncIterator[FakeSmtpRelay]:
    async with FakeSmtpRelay() as relay:
        yield relay


@pytest.fixture
async def mailing(relay: FakeSmtpRelay, start: Start) -> Service:
    """The SMS and WhatsApp service with its e-mail channel on the SMTP stand-in (set up
    first, so that it stops last)."""
    return await start(**smtp_settings(relay))


@pytest.fixture
async def telegram_site(
    aiohttp_client: AiohttpClient,
    database_url: str,
    tmp_path: Path,
    clock: MovableClock,
    business: BusinessConfig,
) -> AsyncIterator[TelegramSite]:
    """The app with Telegram (its stand-in) on a real port that is also its public address."""
    async with FakeBotApi() as telegram:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        settings = telegram_settings(
            telegram, database_url, tmp_path / "files", public_base_url=url
        )
        app = build_app(settings, business, clock=clock)
        client = await aiohttp_client(app, server_kwargs={"port": port})
        yield TelegramSite(client, app, telegram, url)
        await client.close()

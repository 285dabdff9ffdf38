"""The one app the hostile-input suite runs per database: every channel on (Telegram, SMS and
WhatsApp, the web chat and the console) beside the stand-ins, a customer on each already said
hello, a visitor's chat page and the signed-in console open."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

from bot.app import build_app
from bot.business import load_business
from tests.stubs.media_trap import MediaTrap
from tests.stubs.service_process import free_port
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.twilio_api import FakeTwilio
from tests.support.hostile import Hostile, sms_menu, telegram_menu, web_menu
from tests.support.images import picture
from tests.support.twilio_service import twilio_settings
from tests.support.web_service import ADMIN_TOKEN, WebChat, csrf_of


@asynccontextmanager
async def hostile_app(database_url: str, files: Path) -> AsyncIterator[Hostile]:
    async with AsyncExitStack() as stack:
        twilio = await stack.enter_async_context(FakeTwilio())
        telegram = await stack.enter_async_context(FakeBotApi())
        trap = MediaTrap()
        await trap.start()
        stack.push_async_callback(trap.stop)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        settings = twilio_settings(
            twilio,
            telegram,
            database_url,
            files,
            public_base_url=url,  # http: cookies not Secure, so the tests' client keeps them
            admin_token=ADMIN_TOKEN,
            request_body_seconds=1.0,
            twilio_media_hosts=(*twilio.media_hosts, f"127.0.0.1:{trap.port}"),
        )
        twilio.public_base_url = twilio.webhook_target = url
        server = TestServer(build_app(settings, load_business(None)), port=port)
        await server.start_server()
        stack.push_async_callback(server.close)
        visitor = aiohttp.ClientSession(url, cookie_jar=aiohttp.CookieJar(unsafe=True))
        stack.push_async_callback(visitor.close)
        page = await (await visitor.get("/")).text()
        chat = await WebChat(visitor, url).open()
        stack.push_async_callback(chat.close)
        console, console_csrf = await _signed_in(url)
        stack.push_async_callback(console.close)
        console_chat = await WebChat(console, url, path="/admin/ws").open()
        stack.push_async_callback(console_chat.close)
        hostile = Hostile(
            server, twilio, telegram, trap, url, visitor, chat, csrf_of(page), console,
            console_chat, console_csrf, address=_address(visitor),
        )  # fmt: skip
        telegram.add_file("photo-1", picture("PNG", (60, 40)))
        for first in (telegram_menu, sms_menu, web_menu):  # each customer has said hello
            await first(hostile)
        await hostile.settled()
        yield hostile


async def _signed_in(url: str) -> tuple[aiohttp.ClientSession, str]:
    console = aiohttp.ClientSession(url, cookie_jar=aiohttp.CookieJar(unsafe=True))
    response = await console.post(
        "/admin/sign-in", data={"token": ADMIN_TOKEN}, headers={"Origin": url}
    )
    assert response.status == 200, await response.text()
    return console, csrf_of(await response.text())


def _address(visitor: aiohttp.ClientSession) -> str:
    """The visitor's web-chat address, from their session cookie's claims."""
    [cookie] = [c for c in visitor.cookie_jar if c.key == "bg_chat"]
    payload = cookie.value.split(".")[0]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["s"])

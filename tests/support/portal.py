"""Signing a customer in to the portal for a test, as a sign-in would: a session row and its
signed cookie, handed to an aiohttp client's cookie jar or to a Playwright browser context."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient
from playwright.async_api import BrowserContext
from yarl import URL

from bot.keys import SESSIONS
from bot.web.portal.session_cookie import COOKIE, new_session, ready_to_sign
from domain.customers import Channel, Customer
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import message_update
from tests.support.telegram_service import post_update, service_settled


async def portal_cookie(
    app: web.Application,
    customer_id: int,
    *,
    user_agent: str = "Test browser",
    client_address: str = "127.0.0.1",
) -> str:
    """A fresh session of the customer's; the value of the portal's cookie (`COOKIE`)."""
    await ready_to_sign(app)
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        value = await new_session(
            app, uow, customer_id, user_agent=user_agent, client_address=client_address
        )
        await uow.commit()
    return value


async def sign_in_client(
    client: aiohttp.ClientSession, app: web.Application, customer_id: int, base_url: str
) -> None:
    """The client's later requests come from a signed-in browser of the customer's."""
    value = await portal_cookie(app, customer_id)
    client.cookie_jar.update_cookies({COOKIE: value}, URL(base_url))


async def sign_in_browser(
    context: BrowserContext, app: web.Application, customer_id: int, base_url: str
) -> None:
    """The same for a Playwright browser context."""
    value = await portal_cookie(app, customer_id, user_agent="Playwright")
    await context.add_cookies([{"name": COOKIE, "value": value, "url": base_url}])


async def customer_id_of(app: web.Application, channel: Channel, address: str) -> int:
    """The id of the customer who writes from that address (they must have written)."""
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        customer = await uow.customers.by_identity(channel, address)
    assert customer is not None and customer.id is not None, f"nobody writes from {address}"
    return customer.id


async def a_customer(app: web.Application, name: str, phone: str | None = None) -> int:
    """A customer on record (as a first message would make one); their id."""
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        customer = await uow.customers.add(Customer(name=name, phone=phone))
        await uow.commit()
    assert customer.id is not None
    return customer.id


def form_csrf(html: str) -> str:
    """The CSRF token a portal page's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page carries no form token"
    return found.group(1)


SIGN_IN_CODE = re.compile(r"code is (\d{6})")
SIGN_IN_LINK = re.compile(r"(https?://\S+/portal/link/[A-Za-z0-9_-]+)")
SAME_ANSWER = "If {number} is a number we know, we've sent a code"


def code_in(text: str) -> str:
    found = SIGN_IN_CODE.search(text)
    assert found, f"no sign-in code in {text!r}"
    return found.group(1)


def link_in(text: str) -> str:
    found = SIGN_IN_LINK.search(text)
    assert found, f"no sign-in link in {text!r}"
    return found.group(1)


class PortalVisitor:
    """A browser on the sign-in pages of an app (a test client, or a session on a server),
    posting from the app's own pages."""

    def __init__(self, client: Any, origin: str) -> None:
        self.client, self.origin = client, origin.rstrip("/")

    async def ask_code(self, number: str) -> tuple[int, str]:
        page = await self.client.post(
            "/portal/sign-in", data={"number": number}, headers={"Origin": self.origin}
        )
        return page.status, html.unescape(await page.text())

    async def enter_code(self, number: str, code: str) -> Any:
        """The answer, not followed: 303 with the session cookie when the code is right."""
        return await self.client.post(
            "/portal/code",
            data={"number": number, "code": code},
            headers={"Origin": self.origin},
            allow_redirects=False,
        )

    async def spend(self, link: str) -> Any:
        return await self.client.post(
            URL(link).path, headers={"Origin": self.origin}, allow_redirects=False
        )

    async def page_as(self, signed_in: Any, path: str = "/portal/sessions") -> Any:
        """`path` opened with the session cookie `signed_in` (a 303's) set."""
        cookie = signed_in.cookies[COOKIE].value
        return await self.client.get(
            path, headers={"Cookie": f"{COOKIE}={cookie}"}, allow_redirects=False
        )


@dataclass
class TelegramSite:
    """The app with Telegram set up (its stand-in) on a real port, its public address that
    port, so links in the chat open in a browser: `url`, the webhook `client`, the `telegram`
    stand-in."""

    client: TestClient[web.Request, web.Application]
    app: web.Application
    telegram: FakeBotApi
    url: str

    async def says(self, chat: int, text: str) -> str:
        """The customer writes in their Telegram chat; the service's last answer there."""
        before = len(self.telegram.messages_to(chat))
        assert await post_update(self.client, message_update(chat, text)) == 200
        await service_settled(self.app)
        sent = self.telegram.messages_to(chat)
        assert len(sent) > before, f"no answer to {text!r}"
        return str(sent[-1]["text"])

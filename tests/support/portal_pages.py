"""The portal's pages as a signed-in customer sees them: a customer with a job booked in the
web chat, signed in on a browser of their own, and the technician's console beside them."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

import aiohttp
from aiohttp import web

from bot.keys import SESSIONS
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.telegram_updates import callback_update, command_update, message_update
from tests.support.portal import form_csrf, sign_in_client
from tests.support.telegram_service import ADMIN_CHAT, post_update, service_settled
from tests.support.twilio_service import Service
from tests.support.web_service import WebChat, WebService


async def owner_of(app: web.Application, reference: str) -> int:
    """The id of the customer whose job that is."""
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        job = await uow.jobs.by_reference(reference)
    assert job is not None, reference
    return job.customer_id


@dataclass
class PortalCustomer:
    """A customer with a booking (made in the web chat, or elsewhere), and a portal browser
    signed in as them."""

    chat: WebChat | None  # the chat they booked in, open
    portal: aiohttp.ClientSession
    reference: str
    customer_id: int
    url: str

    async def close(self) -> None:
        if self.chat is not None:
            await self.chat.close()

    async def page(self, path: str, status: int = 200) -> str:
        response = await self.portal.get(path)
        assert response.status == status, (path, response.status, await response.text())
        return await response.text()

    async def post(
        self, path: str, form: dict[str, str] | None = None, *, status: int = 200, **fields: str
    ) -> str:
        """A form of the portal sent as its page sends it: the page's token, from our origin."""
        csrf = form_csrf(await self.page("/portal/details"))
        data = {"csrf": csrf, **(form or {}), **fields}
        response = await self.portal.post(path, data=data, headers={"Origin": self.url})
        assert response.status == status, (path, response.status, await response.text())
        return await response.text()


async def booked_portal_customer(
    web: WebService, chat_session: aiohttp.ClientSession, portal: aiohttp.ClientSession
) -> PortalCustomer:
    """A customer who booked in the web chat (`chat_session`), signed in on `portal`."""
    await chat_session.get("/")
    chat = await WebChat(chat_session, web.url).open()
    reference, _ = await chat.book()
    app = web.server.app
    assert app is not None
    customer_id = await owner_of(app, reference)
    await sign_in_client(portal, app, customer_id, web.url)
    return PortalCustomer(chat, portal, reference, customer_id, web.url)


def told_technician(service: Service, words: str) -> list[str]:
    """What the technician's Telegram chat was sent that says `words`."""
    sent = service.telegram.messages_to(ADMIN_CHAT)
    said = [str(m.get("text") or m.get("caption")) for m in sent]
    return [text for text in said if words in text]


async def technician_says(service: Service, *updates: dict[str, object]) -> None:
    """The technician's Telegram chat sends these, each handled before the next."""
    for update in updates:
        assert await post_update(service.client, update) == 200
        await service_settled(service.client.app)


async def report_sent(service: Service, reference: str) -> None:
    """The technician makes the job's service report in Telegram and sends it."""
    await technician_says(service, command_update(ADMIN_CHAT, f"/report {reference}"))
    draft = [m for m in service.telegram.messages_to(ADMIN_CHAT) if "service report" in str(m)]
    keyboard = draft[-1]["reply_markup"]["inline_keyboard"]
    send = next(b["callback_data"] for row in keyboard for b in row if ".send." in str(b))
    await technician_says(service, callback_update(ADMIN_CHAT, send, message_id=820))


async def relayed(service: Service, words: str) -> None:
    """The technician's chat got `words`, once a web page's message has been handled (the
    page's message reaches the dispatcher a moment after the page shows it)."""
    for _ in range(500):
        await service_settled(service.client.app)
        if told_technician(service, words):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the technician was not told {words!r}")


async def portal_link_in_telegram(service: Service, chat: int) -> str:
    """The customer writes "open my portal" in Telegram; the path of the sign-in link sent."""
    assert await post_update(service.client, message_update(chat, "open my portal")) == 200
    await service_settled(service.client.app)
    texts = [str(m.get("text")) for m in service.telegram.messages_to(chat)]
    found = re.search(r"https?://\S+?(/portal/link/[A-Za-z0-9_-]+)", texts[-1])
    assert found, texts[-1]
    return found.group(1)

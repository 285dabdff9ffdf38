"""The portal's pages as a signed-in customer sees them: a customer with a job booked in the
web chat, signed in on a browser of their own, and the technician's console beside them."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from aiohttp import web

from bot.keys import SESSIONS
from storage.unit_of_work import SqlUnitOfWork
from tests.support.portal import form_csrf, sign_in_client
from tests.support.web_service import WebChat, WebService


async def owner_of(app: web.Application, reference: str) -> int:
    """The id of the customer whose job that is."""
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        job = await uow.jobs.by_reference(reference)
    assert job is not None, reference
    return job.customer_id


@dataclass
class PortalCustomer:
    """A web chat customer with a booking, and a portal browser signed in as them."""

    chat: WebChat
    portal: aiohttp.ClientSession
    reference: str
    customer_id: int
    url: str

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

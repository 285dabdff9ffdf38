"""GET /portal/chat: the web chat, signed in. It talks over GET /portal/chat/ws as the
customer's portal chat (a web chat address of its own, joined to their record: a browser's
web chat, signed out or not, never sees it live), and shows first what was said on their
other channels, so the whole conversation is in one place. POST /portal/chat/upload sends a
photo, as the chat page does."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from bot.keys import BUSINESS, SESSIONS
from bot.web.pages import chat_body, page
from bot.web.portal.session_cookie import Visit, signed_in
from bot.web.site import WEB_SITE
from bot.web.socket import chat_socket, same_origin
from bot.web.uploads import receive_photo
from domain.customers import Channel, ChannelIdentity, Customer
from handlers.shared.wording import channel_name
from storage.repositories.customer_history import channel_history
from storage.unit_of_work import SqlUnitOfWork

WS, UPLOAD = "/portal/chat/ws", "/portal/chat/upload"


@signed_in
async def chat_page(request: web.Request, visit: Visit) -> web.StreamResponse:
    site = request.app[WEB_SITE]
    info = request.app[BUSINESS].business
    body = chat_body(info, visit.csrf, ws=WS, upload=UPLOAD)
    return page(info, "Chat", body, script="chat.js", images=site.image_sources, chat=True)


@signed_in
async def chat_ws(request: web.Request, visit: Visit) -> web.StreamResponse:
    site = request.app[WEB_SITE]
    if not same_origin(request, site.base_url):
        raise web.HTTPForbidden(text="this page may not open the chat")
    address = await web_address(request, visit.customer)
    others = [i for i in visit.customer.identities if i.address != address]
    earlier = await channel_history(request.app[SESSIONS], others)
    events: list[dict[str, Any]] = [
        {
            "type": "message",
            "seq": -n - 1,  # before the web chat's own (positive) places
            "mine": said.mine,
            "text": f"[{channel_name(Channel(said.channel))}] {said.text}",
            "files": [],
        }
        for n, said in enumerate(earlier)
    ]
    return await chat_socket(request, site, address, earlier=events)


@signed_in
async def chat_upload(request: web.Request, visit: Visit) -> web.StreamResponse:
    address = await web_address(request, visit.customer)
    site = request.app[WEB_SITE]
    return await receive_photo(request, site.channel, address, seconds=2 * site.body_seconds)


async def web_address(request: web.Request, customer: Customer) -> str:
    """The customer's portal chat: the one on their record, else a new one joined to it (so
    the dispatcher knows who writes from it). "p…", never a browser's "c…" web chat."""
    for identity in customer.identities:
        if identity.channel is Channel.WEB and identity.address.startswith("p"):
            return identity.address
    address = "p" + secrets.token_urlsafe(18)
    assert customer.id is not None
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        await uow.customers.add_identity(customer.id, ChannelIdentity(Channel.WEB, address))
        await uow.commit()
    customer.identities.append(ChannelIdentity(Channel.WEB, address))
    return address

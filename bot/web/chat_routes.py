"""The customers' web chat: GET / (the page, and a signed session cookie that is their
identity on the WEB channel), GET /ws (the conversation), POST /upload (a photo)."""

from __future__ import annotations

import secrets

from aiohttp import web

from bot.keys import BUSINESS
from bot.web.pages import chat_body, page
from bot.web.site import WEB_SITE, WebSite
from bot.web.socket import chat_socket, same_origin
from bot.web.uploads import receive_photo

COOKIE = "bg_chat"
SESSION_SECONDS = 365 * 24 * 3600


async def chat_page(request: web.Request) -> web.Response:
    site = request.app[WEB_SITE]
    address = await customer_address(request, site)
    fresh = address is None
    if address is None:
        address = "c" + secrets.token_urlsafe(18)
    info = request.app[BUSINESS].business
    body = chat_body(info, await site.signer.csrf(address))
    response = page(info, "Chat", body, script="chat.js", images=site.image_sources, chat=True)
    if fresh:
        token = await site.signer.sign({"k": "chat", "s": address}, valid_seconds=SESSION_SECONDS)
        response.set_cookie(
            COOKIE,
            token,
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=site.secure_cookies,
        )
    return response


async def chat_ws(request: web.Request) -> web.StreamResponse:
    site = request.app[WEB_SITE]
    address = await customer_address(request, site)
    if address is None:
        raise web.HTTPForbidden(text="open the chat page first")
    if not same_origin(request, site.base_url):
        raise web.HTTPForbidden(text="this page may not open the chat")
    return await chat_socket(request, site, address)


async def chat_upload(request: web.Request) -> web.Response:
    site = request.app[WEB_SITE]
    address = await customer_address(request, site)
    if address is None:
        raise web.HTTPForbidden(text="open the chat page first")
    if not await site.signer.csrf_ok(address, request.headers.get("X-CSRF-Token")):
        raise web.HTTPForbidden(text="the page's security token is missing or wrong")
    return await receive_photo(request, site.channel, address, seconds=2 * site.body_seconds)


async def customer_address(request: web.Request, site: WebSite) -> str | None:
    claims = await site.signer.open(request.cookies.get(COOKIE))
    if claims is None or claims.get("k") != "chat":
        return None
    address = claims.get("s")
    return address if isinstance(address, str) and address.startswith("c") else None

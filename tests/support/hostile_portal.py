"""The portal's routes in the hostile-input suite: form posts from the portal's own origin
(the sign-in pages, and the signed-in pages with a session cookie and the page's token),
written byte by byte. The web-chat visitor of the suite's app is the customer signed in."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.web.portal.session_cookie import COOKIE
from domain.customers import Channel
from tests.support.hostile import Hostile
from tests.support.portal import customer_id_of, form_csrf, portal_cookie
from tests.support.raw_http import Headers, raw_request

URLENCODED = b"application/x-www-form-urlencoded"
# Per app: the Hostile is kept with its session, so that its id is never another's.
_visits: dict[int, tuple[Hostile, bytes, bytes]] = {}


async def portal_visit(h: Hostile) -> tuple[bytes, bytes]:
    """The visitor's portal session (one per app): its Cookie header and its forms' token."""
    if id(h) not in _visits:
        customer = await customer_id_of(h.app, Channel.WEB, h.address)
        cookie = f"{COOKIE}={await portal_cookie(h.app, customer)}"
        async with aiohttp.ClientSession(h.public_url) as browser:
            page = await browser.get("/portal/details", headers={"Cookie": cookie})
            assert page.status == 200, page.status
            csrf = form_csrf(await page.text())
        _visits[id(h)] = h, cookie.encode(), csrf.encode()
    _, cookie_header, token = _visits[id(h)]
    return cookie_header, token


def form_post(path: str | bytes, body: bytes, kind: bytes = URLENCODED) -> Any:
    """A form posted from our origin, signed in or not (the sign-in pages)."""

    def send(h: Hostile) -> Any:
        headers = [(b"Origin", h.public_url.encode()), (b"Content-Type", kind)]
        return raw_request(h.port, "POST", path, headers, body)

    return send


def signed_in_post(
    path: str | bytes, body: bytes, kind: bytes = URLENCODED, *, csrf: bytes | None = None
) -> Any:
    """A signed-in page's form: the session cookie, and the page's token first in the body
    (or `csrf` in its place)."""

    async def send(h: Hostile) -> int:
        cookie, token = await portal_visit(h)
        headers: Headers = [
            (b"Cookie", cookie),
            (b"Origin", h.public_url.encode()),
            (b"Content-Type", kind),
        ]
        given = b"csrf=" + (token if csrf is None else csrf)
        return await raw_request(h.port, "POST", path, headers, given + b"&" + body)

    return send


def signed_in_get(path: str | bytes) -> Any:
    async def send(h: Hostile) -> int:
        cookie, _ = await portal_visit(h)
        return await raw_request(h.port, "GET", path, [(b"Cookie", cookie)])

    return send

"""The technician's console: GET /admin (the sign-in form, or the console once signed in),
POST /admin/sign-in (ADMIN_TOKEN, compared in constant time, rate-limited per address),
POST /admin/sign-out, GET /admin/ws (the admin chat, fed to the same handlers as Telegram's)
and POST /admin/upload (a photo, e.g. captioned "BG-1001 after"). Every state-changing
request carries the session's CSRF token; the socket checks the page's Origin."""

from __future__ import annotations

import logging
import secrets

from aiohttp import web

from bot.http_input import read_form, same_secret
from bot.keys import BUSINESS
from bot.web.channel import CONSOLE_ADDRESS
from bot.web.pages import console_body, page, sign_in_body
from bot.web.site import WEB_SITE, WebSite
from bot.web.socket import chat_socket, same_origin
from bot.web.uploads import receive_photo

log = logging.getLogger(__name__)

COOKIE = "bg_admin"
SESSION_SECONDS = 12 * 3600
TOO_MANY = "Too many wrong access codes from here. Try again in 15 minutes."


async def console_page(request: web.Request) -> web.Response:
    site = request.app[WEB_SITE]
    info = request.app[BUSINESS].business
    session = await admin_session(request, site)
    if session is None:
        return page(info, "Sign in", sign_in_body())
    body = console_body(info, await site.signer.csrf(session))
    return page(info, "Console", body, script="chat.js", images=site.image_sources, chat=True)


async def sign_in(request: web.Request) -> web.Response:
    site = request.app[WEB_SITE]
    info = request.app[BUSINESS].business
    who = site.client_address(request)
    if not same_origin(request, site.base_url):
        raise web.HTTPForbidden(text="sign in from the console's own page")
    if await site.limiter.blocked(who):
        return page(info, "Sign in", sign_in_body(TOO_MANY), status=429)
    form = await read_form(request, site.body_seconds)
    given = form.get("token", "").strip()
    if not same_secret(given, await site.admin_token.value()):
        await site.limiter.failed(who)
        log.warning("console sign-in refused from %s", who)
        body = sign_in_body("That is not the access code.")
        return page(info, "Sign in", body, status=401)
    session = secrets.token_urlsafe(18)
    claims = {"k": "admin", "s": session, "t": await site.token_tag()}
    token = await site.signer.sign(claims, valid_seconds=SESSION_SECONDS)
    response = web.HTTPSeeOther("/admin")
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_SECONDS,
        path="/admin",
        httponly=True,
        samesite="Lax",
        secure=site.secure_cookies,
    )
    log.info("console signed in from %s", who)
    raise response


async def sign_out(request: web.Request) -> web.Response:
    site = request.app[WEB_SITE]
    session = await _signed_in(request, site)
    form = await read_form(request, site.body_seconds)
    if not await site.signer.csrf_ok(session, form.get("csrf")):
        raise web.HTTPForbidden(text="the page's security token is missing or wrong")
    response = web.HTTPSeeOther("/admin")
    response.del_cookie(COOKIE, path="/admin")
    raise response


async def console_ws(request: web.Request) -> web.StreamResponse:
    site = request.app[WEB_SITE]
    await _signed_in(request, site)
    if not same_origin(request, site.base_url):
        raise web.HTTPForbidden(text="this page may not open the console")
    return await chat_socket(request, site, CONSOLE_ADDRESS, replies=True)


async def console_upload(request: web.Request) -> web.Response:
    site = request.app[WEB_SITE]
    session = await _signed_in(request, site)
    if not await site.signer.csrf_ok(session, request.headers.get("X-CSRF-Token")):
        raise web.HTTPForbidden(text="the page's security token is missing or wrong")
    return await receive_photo(
        request, site.channel, CONSOLE_ADDRESS, seconds=2 * site.body_seconds
    )


async def admin_session(request: web.Request, site: WebSite) -> str | None:
    claims = await site.signer.open(request.cookies.get(COOKIE))
    if claims is None or claims.get("k") != "admin" or not isinstance(claims.get("s"), str):
        return None
    if claims.get("t") != await site.token_tag():  # signed in with a token since changed
        return None
    return str(claims["s"])


async def _signed_in(request: web.Request, site: WebSite) -> str:
    session = await admin_session(request, site)
    if session is None:
        raise web.HTTPForbidden(text="sign in at /admin first")
    return session

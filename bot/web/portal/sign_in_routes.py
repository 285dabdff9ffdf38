"""Signing in to the portal. GET/POST /portal/sign-in: a number or an e-mail address, then a
code and a link to where that number is proven, or to the address once proven (the same
answer for one we do not know); POST /portal/code: the code; GET /portal/link/{token}: a
button, which POSTs to the same address to spend the link (a GET never does: link previews
and mail scanners open links). The web chat's own browser is signed in by its chat. Every
sign-in makes a fresh session cookie."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.keys import BUSINESS, CLOCK, SESSIONS
from bot.web.chat_routes import customer_address
from bot.web.pages import page
from bot.web.portal import sign_in_views as views
from bot.web.portal.desk import PORTAL
from bot.web.portal.session_cookie import (
    current_visit,
    ready_to_sign,
    safe_next,
    set_session_cookie,
    start_session,
)
from bot.web.site import WEB_SITE, posted_form
from bot.web.socket import same_origin
from domain.customers import Channel
from domain.ports import UnitOfWork
from domain.sign_in import token_hash
from handlers.shared.accounts import Asked, ask_for_code, check_code, spend_link, usable_link
from handlers.shared.email_sign_in import ask_for_email_code
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

SIGN_IN_ROUTE = "/portal/sign-in"
CODE_ROUTE = "/portal/code"
LINK_ROUTE = "/portal/link/{token}"
TOO_MANY = "Too many codes asked for from here or for that number. Try again in an hour."
NOT_A_NUMBER = "That doesn't look like a phone number. Try it like 082 123 4567."
NOT_AN_ADDRESS = "That doesn't look like an e-mail address. Try it like name@example.com."
WRONG_CODE = "That code is not right, or it has expired. Check it, or ask for a new one."


async def sign_in_page(request: web.Request) -> web.Response:
    after = safe_next(request.query.get("next"))
    if await current_visit(request) is not None:
        raise web.HTTPSeeOther(after)
    await _chat_browser_signs_in(request, after)
    note = "You are signed out." if request.query.get("signed_out") else ""
    return _page(request, "Sign in", views.number_form(after, note=note))


async def ask_code(request: web.Request) -> web.Response:
    _own_page(request)
    form = await posted_form(request)
    after = safe_next(str(form.get("next", "")))
    app, desk = request.app, request.app[PORTAL]
    now, client = app[CLOCK].now(), app[WEB_SITE].client_address(request)
    name = app[BUSINESS].business.shown_name
    typed, url = str(form.get("number", "")), desk.services.public_url
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        if "@" in typed:  # an e-mail address: the code goes there, if it is proven
            sends = desk.services.sends_email
            asked = await ask_for_email_code(uow, typed, client, url, name, now, sends_email=sends)
        else:
            asked = await ask_for_code(uow, typed, client, url, name, now)
        items = await desk.enqueue(uow, [asked.message], now)
        await uow.commit()
    desk.send(items)
    if asked.outcome is Asked.NOT_A_NUMBER:
        error = NOT_AN_ADDRESS if "@" in typed else NOT_A_NUMBER
        return _page(request, "Sign in", views.number_form(after, error), status=400)
    if asked.outcome is Asked.TOO_MANY:
        return _page(request, "Sign in", views.number_form(after, TOO_MANY), status=429)
    return _page(request, "Enter your code", views.code_form(asked.number, after))


async def enter_code(request: web.Request) -> web.Response:
    _own_page(request)
    form = await posted_form(request)
    after = safe_next(str(form.get("next", "")))
    number, code = str(form.get("number", "")), str(form.get("code", ""))
    app = request.app
    now, client = app[CLOCK].now(), app[WEB_SITE].client_address(request)
    await ready_to_sign(app)
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        customer_id = await check_code(uow, number, code, client, now)
        cookie = await _sign_in(uow, request, customer_id)
        await uow.commit()
    if cookie is None:
        log.info("portal code refused from %s", client)
        body = views.code_form(number, after, WRONG_CODE)
        return _page(request, "Enter your code", body, status=401)
    raise _signed_in(request, after, cookie)


async def link_page(request: web.Request) -> web.Response:
    token = request.match_info["token"]
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        usable = await usable_link(uow, token, request.app[CLOCK].now())
    if not usable:
        return _page(request, "Sign in", views.link_gone(), status=410)
    return _page(request, "Sign in", views.link_button(token))


async def spend_link_page(request: web.Request) -> web.Response:
    _own_page(request)
    app = request.app
    await ready_to_sign(app)
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        customer_id = await spend_link(uow, request.match_info["token"], app[CLOCK].now())
        cookie = await _sign_in(uow, request, customer_id)
        await uow.commit()
    if cookie is None:
        return _page(request, "Sign in", views.link_gone(), status=410)
    raise _signed_in(request, safe_next(None), cookie)


async def _chat_browser_signs_in(request: web.Request, after: str) -> None:
    """The web chat's browser is its customer's, unless a session it opened was ended."""
    app = request.app
    address = await customer_address(request, app[WEB_SITE])
    if address is None:
        return
    await ready_to_sign(app)
    chat = token_hash(address)
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        customer = await uow.customers.by_identity(Channel.WEB, address)
        if customer is None or customer.id is None:
            return
        if await uow.customer_sessions.chat_signed_out(chat):
            return
        cookie = await start_session(uow, request, customer.id, chat_address=chat)
        await uow.commit()
    raise _signed_in(request, after, cookie)


async def _sign_in(uow: UnitOfWork, request: web.Request, customer_id: int | None) -> str | None:
    """A session for the customer a code or link signs in; in a web chat browser of theirs,
    the chat is signed in again too (after it was signed out everywhere)."""
    if customer_id is None:
        return None
    address = await customer_address(request, request.app[WEB_SITE])
    owner = await uow.customers.by_identity(Channel.WEB, address) if address else None
    chat = token_hash(address) if address and owner and owner.id == customer_id else None
    return await start_session(uow, request, customer_id, chat_address=chat)


def _signed_in(request: web.Request, after: str, cookie: str) -> web.HTTPSeeOther:
    response = web.HTTPSeeOther(after)
    set_session_cookie(response, request, cookie)
    return response


def _own_page(request: web.Request) -> None:
    """Sign-in forms post only from our own pages (no one signs a visitor in elsewhere)."""
    if not same_origin(request, request.app[WEB_SITE].base_url):
        raise web.HTTPForbidden(text="sign in from our own page")


def _page(request: web.Request, title: str, body: str, status: int = 200) -> web.Response:
    return page(request.app[BUSINESS].business, title, body, status=status)

"""The portal's session cookie: a signed token whose hash names a row in customer_sessions,
so each session can be listed and revoked. HttpOnly, SameSite=Lax, Secure behind https;
a fresh token at every sign-in (the browser's earlier session ends).

A portal page is `@signed_in async def page(request, visit)`: anyone not signed in is sent to
the sign-in page (and back after); a POST must carry the visit's CSRF token and come from our
own pages."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import web

from bot.keys import CLOCK, SESSIONS
from bot.web.site import WEB_SITE, posted_form
from bot.web.socket import same_origin
from domain.customers import Customer
from domain.ports import UnitOfWork
from domain.sign_in import CustomerSession, new_token, same_hash, token_hash
from storage.unit_of_work import SqlUnitOfWork

COOKIE = "bg_portal"
COOKIE_SECONDS = 400 * 24 * 3600  # the browser keeps it; the server ends idle sessions itself
SIGN_IN_PATH = "/portal/sign-in"
HOME_PATH = "/portal"


@dataclass(frozen=True)
class Visit:
    """A signed-in customer's request: who, which session, the CSRF token its forms carry."""

    customer: Customer
    session: CustomerSession
    csrf: str

    @property
    def customer_id(self) -> int:
        return self.session.customer_id


# Where a request keeps its visit once looked up (None: looked up, not signed in).
_VISIT = web.RequestKey[Visit | None]("portal_visit")

PortalHandler = Callable[[web.Request, Visit], Awaitable[web.StreamResponse]]


async def signed_in_customer(request: web.Request) -> Customer | None:
    """The customer signed in on this browser; None when no live session."""
    visit = await current_visit(request)
    return visit.customer if visit else None


async def current_visit(request: web.Request) -> Visit | None:
    if _VISIT in request:
        return request[_VISIT]
    visit = await _look_up(request)
    request[_VISIT] = visit
    return visit


def signed_in(handler: PortalHandler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A portal page: sign-in first when there is no session; POSTs checked for CSRF."""

    @functools.wraps(handler)
    async def page(request: web.Request) -> web.StreamResponse:
        visit = await current_visit(request)
        if visit is None:
            if request.method != "GET":
                raise web.HTTPForbidden(text="you are signed out: sign in again")
            raise web.HTTPSeeOther(sign_in_url(request.path_qs))
        if request.method == "POST":
            await check_form(request, visit.csrf)
        return await handler(request, visit)

    return page


async def check_form(request: web.Request, csrf: str) -> None:
    """A POST from one of our own pages, carrying the page's CSRF token (form or header)."""
    site = request.app[WEB_SITE]
    if not same_origin(request, site.base_url):
        raise web.HTTPForbidden(text="this page may not do that")
    given = request.headers.get("X-CSRF-Token") or str((await posted_form(request)).get("csrf", ""))
    if not same_hash(given, csrf):
        raise web.HTTPForbidden(text="the page's security token is missing or wrong")


def sign_in_url(after: str = HOME_PATH) -> str:
    return f"{SIGN_IN_PATH}?next={quote(safe_next(after), safe='')}"


def safe_next(path: str | None) -> str:
    """Where to go after signing in: a portal path of ours, never another site."""
    if not path or not path.startswith("/portal") or path.startswith(SIGN_IN_PATH):
        return HOME_PATH
    return path


async def ready_to_sign(app: web.Application) -> None:
    """Read the signing key now: it is read from the database on first use, and on SQLite that
    read would wait on a caller's transaction that has written already. Call it before
    opening the unit of work that `start_session` or `new_session` will write in."""
    await app[WEB_SITE].signer.csrf("ready")


async def start_session(
    uow: UnitOfWork,
    request: web.Request,
    customer_id: int,
    *,
    chat_address: str | None = None,
) -> str:
    """A new session for this browser (its earlier one ends): the cookie's value to set with
    `set_session_cookie` once the caller has committed. `ready_to_sign` first."""
    earlier = await _session_of(uow, request)
    now = request.app[CLOCK].now()
    if earlier is not None:
        await uow.customer_sessions.revoke(earlier.customer_id, earlier.id, now)
    return await new_session(
        request.app,
        uow,
        customer_id,
        user_agent=request.headers.get("User-Agent", ""),
        client_address=request.app[WEB_SITE].client_address(request),
        chat_address=chat_address,
    )


async def new_session(
    app: web.Application,
    uow: UnitOfWork,
    customer_id: int,
    *,
    user_agent: str,
    client_address: str,
    chat_address: str | None = None,
) -> str:
    """A session row and the signed cookie value that names it. `ready_to_sign` first."""
    token = new_token()
    value = await app[WEB_SITE].signer.sign(
        {"k": "portal", "t": token}, valid_seconds=COOKIE_SECONDS
    )
    await uow.customer_sessions.open(
        customer_id,
        token_hash(token),
        app[CLOCK].now(),
        user_agent=user_agent,
        client_address=client_address,
        chat_address=chat_address,
    )
    return value


def set_session_cookie(response: web.StreamResponse, request: web.Request, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=COOKIE_SECONDS,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=request.app[WEB_SITE].secure_cookies,
    )


def forget_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/")


async def _token(request: web.Request) -> str | None:
    claims = await request.app[WEB_SITE].signer.open(request.cookies.get(COOKIE))
    if claims is None or claims.get("k") != "portal" or not isinstance(claims.get("t"), str):
        return None
    return str(claims["t"])


async def _session_of(uow: UnitOfWork, request: web.Request) -> CustomerSession | None:
    token = await _token(request)
    if token is None:
        return None
    session = await uow.customer_sessions.by_token(token_hash(token))
    now = request.app[CLOCK].now()
    return session if session is not None and session.live(now) else None


async def _look_up(request: web.Request) -> Visit | None:
    token = await _token(request)
    if token is None:  # no cookie, or not ours: no database work
        return None
    now = request.app[CLOCK].now()
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        session = await uow.customer_sessions.by_token(token_hash(token))
        if session is None or not session.live(now):
            return None
        customer = await uow.customers.get(session.customer_id)
        if customer is None:
            return None
        if session.due_a_touch(now):
            await uow.customer_sessions.touch(session.id, now)
            await uow.commit()
    csrf = await request.app[WEB_SITE].signer.csrf("portal:" + token_hash(token))
    return Visit(customer, session, csrf)

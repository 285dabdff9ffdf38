"""GET /portal/sessions: the browsers signed in to this account, where and when; POST
/portal/sessions/{id}/end ends one, POST /portal/sessions/end-all ends every one (this
browser too), POST /portal/sign-out ends this browser's."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.keys import BUSINESS, CLOCK, SESSIONS, SETTINGS
from bot.web.pages import page
from bot.web.portal.session_cookie import SIGN_IN_PATH, Visit, forget_session_cookie, signed_in
from domain.sign_in import CustomerSession
from storage.unit_of_work import SqlUnitOfWork

ROUTE = "/portal/sessions"
END_ROUTE = "/portal/sessions/{session_id}/end"
END_ALL_ROUTE = "/portal/sessions/end-all"
SIGN_OUT_ROUTE = "/portal/sign-out"


@signed_in
async def sessions_page(request: web.Request, visit: Visit) -> web.Response:
    app = request.app
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        live = await uow.customer_sessions.live_for(visit.customer_id, app[CLOCK].now())
    zone = app[SETTINGS].business_zone
    items = "\n".join(_item(s, s.id == visit.session.id, visit.csrf, zone) for s in live)
    body = f"""<section class="portal-sessions" aria-labelledby="sessions-title">
<h1 id="sessions-title">Where you are signed in</h1>
<p>Signed in as {escape(visit.customer.name or "you")}. Don't recognise one? End it.</p>
<ul class="sessions">
{items}
</ul>
<form method="post" action="{END_ALL_ROUTE}">
<input type="hidden" name="csrf" value="{escape(visit.csrf)}">
<button type="submit">Sign out everywhere</button>
</form>
</section>"""
    return page(app[BUSINESS].business, "Where you are signed in", body)


@signed_in
async def end_session(request: web.Request, visit: Visit) -> web.Response:
    given = request.match_info["session_id"]
    # Plain ASCII digits that fit the column; anything else names no session.
    if not (given.isascii() and given.isdigit() and len(given) <= 18):
        raise web.HTTPNotFound(text="no such session")
    session_id = int(given)
    app = request.app
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        ended = await uow.customer_sessions.revoke(visit.customer_id, session_id, app[CLOCK].now())
        await uow.commit()
    if not ended:  # another customer's, or ended already: nothing said about which
        raise web.HTTPNotFound(text="no such session")
    if session_id == visit.session.id:
        raise _signed_out()
    raise web.HTTPSeeOther(ROUTE)


@signed_in
async def end_all(request: web.Request, visit: Visit) -> web.Response:
    app = request.app
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        await uow.customer_sessions.revoke_all(visit.customer_id, app[CLOCK].now())
        await uow.commit()
    raise _signed_out()


@signed_in
async def sign_out(request: web.Request, visit: Visit) -> web.Response:
    app = request.app
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        await uow.customer_sessions.revoke(visit.customer_id, visit.session.id, app[CLOCK].now())
        await uow.commit()
    raise _signed_out()


def _signed_out() -> web.HTTPSeeOther:
    response = web.HTTPSeeOther(f"{SIGN_IN_PATH}?signed_out=1")
    forget_session_cookie(response)
    return response


def _item(session: CustomerSession, this_one: bool, csrf: str, zone: ZoneInfo) -> str:
    where = escape(_browser(session.user_agent))
    label = " <strong>(this browser)</strong>" if this_one else ""
    return f"""<li class="session">
<p>{where}{label}<br>from {escape(session.client_address)}<br>
signed in {_when(session.created_at, zone)}, last used {_when(session.last_seen_at, zone)}</p>
<form method="post" action="{END_ROUTE.format(session_id=session.id)}">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<button type="submit" aria-label="End the session of {where} from {
        escape(session.client_address)
    }">End this session</button>
</form></li>"""


def _when(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f'<time datetime="{moment.isoformat()}">{local:%d %b %Y %H:%M}</time>'


def _browser(user_agent: str) -> str:
    """A browser named as a person would: 'Chrome on Android', else the agent's text."""
    agent = user_agent or "An unknown browser"
    names = (
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    )
    systems = (
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("Windows", "Windows"),
        ("Mac OS", "a Mac"),
        ("Linux", "Linux"),
    )
    browser = next((name for mark, name in names if mark in agent), None)
    system = next((name for mark, name in systems if mark in agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return agent[:80]

"""GET /s/{token}: a job's live status page; GET /s/{token}/events: its updates as
server-sent events, so the page follows the job without a reload. A wrong or revoked link
is a 404, and an open page is told when its link is revoked."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from html import escape

from aiohttp import web

from bot.files.file_links import FILE_LINKS
from bot.keys import BUSINESS, SESSIONS, SETTINGS
from bot.web.pages import page
from bot.web.site import WEB_SITE
from bot.web.status_view import JobView, job_view, status_fragment
from storage.unit_of_work import SqlUnitOfWork

ROUTE = "/s/{token}"
EVENTS_ROUTE = "/s/{token}/events"
# A page looks again when a conversation here committed a change, and at least this often
# (the database is the one truth, and another process may have changed the job). Each look
# also writes to the stream, so a page that was closed is noticed and its loop ends.
LOOK_EVERY_SECONDS = 5.0
# Commits come many a second on a busy service (from every process): an open page looks at
# most this often, not once per commit anywhere.
LOOK_AT_MOST_EVERY_SECONDS = 0.25
GONE = "This status link no longer works. Ask us for a fresh one."


async def status_page(request: web.Request) -> web.Response:
    view = await _view(request)
    if view is None:
        raise web.HTTPNotFound(text="no such status page")
    info = request.app[BUSINESS].business
    events = escape(f"/s/{request.match_info['token']}/events")
    body = (
        f'<section class="status-page" aria-live="polite" id="status" data-events="{events}">\n'
        f"{await _fragment(request, view)}\n</section>\n"
        f'<p class="back"><a href="/">Questions, or a change? Chat with {escape(info.shown_name)}'
        "</a></p>\n"
        '<p class="back"><a href="/portal">Sign in to your portal</a> for all your jobs, '
        "documents and bookings.</p>"
    )
    return page(info, "Job status", body, script="status.js")


async def status_events(request: web.Request) -> web.StreamResponse:
    view = await _view(request)
    if view is None:
        raise web.HTTPNotFound(text="no such status page")
    return await job_events(
        request, view, lambda: _view(request), lambda seen: _fragment(request, seen)
    )


Look = Callable[[], Awaitable[JobView | None]]
Render = Callable[[JobView], Awaitable[str]]


async def job_events(
    request: web.Request, view: JobView, look: Look, render: Render, gone: str = GONE
) -> web.StreamResponse:
    """A job's page as a stream: `render(view)` whenever `look()` finds it changed; 'gone'
    (saying `gone`) once `look()` finds nothing (the link revoked, the portal's session
    ended). The portal's job page uses it too."""
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    await response.prepare(request)
    with contextlib.suppress(ConnectionResetError):  # the page was closed
        await _follow(request, response, view, look, render, gone)
    return response


async def _follow(
    request: web.Request,
    response: web.StreamResponse,
    view: JobView,
    look: Look,
    render: Render,
    gone: str,
) -> None:
    site = request.app[WEB_SITE]
    shown, seen = "", site.changes.generation
    loop = asyncio.get_running_loop()
    while not site.closing.is_set():  # shutting down: the page reconnects by itself
        looked_at = loop.time()
        if view.brief != shown:
            await response.write(_event("update", await render(view)))
            shown = view.brief
        else:
            await response.write(b": still here\n\n")  # fails once the page has gone
        seen = await site.changes.wait(seen, LOOK_EVERY_SECONDS)
        calm = min(LOOK_AT_MOST_EVERY_SECONDS, LOOK_EVERY_SECONDS)
        if (pause := looked_at + calm - loop.time()) > 0 and not site.closing.is_set():
            await asyncio.sleep(pause)
        if site.closing.is_set():
            return
        looked = await look()
        if looked is None:
            await response.write(_event("gone", gone))
            return
        view = looked


def _event(name: str, data: str) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


async def _view(request: web.Request) -> JobView | None:
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        return await job_view(uow, request.match_info["token"])


async def _fragment(request: web.Request, view: JobView) -> str:
    app = request.app
    zone = app[SETTINGS].business_zone
    return await status_fragment(view, app[BUSINESS], zone, app[FILE_LINKS])

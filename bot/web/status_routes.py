"""GET /s/{token}: a job's live status page; GET /s/{token}/events: its updates as
server-sent events, so the page follows the job without a reload. A wrong or revoked link
is a 404, and an open page is told when its link is revoked."""

from __future__ import annotations

import asyncio
import contextlib
import json

from aiohttp import web

from bot.keys import BUSINESS, FILE_LINKS, SESSIONS, SETTINGS, WEB_SITE
from bot.web.pages import page
from bot.web.status_view import status_fragment
from storage.unit_of_work import SqlUnitOfWork

ROUTE = "/s/{token}"
EVENTS_ROUTE = "/s/{token}/events"
# Checked this often while a page is open: the database is the one truth, across processes.
POLL_SECONDS = 1.0
GONE = "This status link no longer works. Ask us for a fresh one."


async def status_page(request: web.Request) -> web.Response:
    view = await _view(request)
    if view is None:
        raise web.HTTPNotFound(text="no such status page")
    fragment = view[1]
    name = request.app[BUSINESS].business.name
    token = request.match_info["token"]
    body = (
        f'<section class="status-page" aria-live="polite" id="status" '
        f'data-events="/s/{token}/events">\n{fragment}\n</section>'
    )
    return page(f"{name} - job status", body, script="status.js")


async def status_events(request: web.Request) -> web.StreamResponse:
    view = await _view(request)
    if view is None:
        raise web.HTTPNotFound(text="no such status page")
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    await response.prepare(request)
    shown, closing = None, request.app[WEB_SITE].closing
    while view is not None:
        if view[0] != shown:
            await response.write(_event("update", view[1]))
            shown = view[0]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(closing.wait(), POLL_SECONDS)
        if closing.is_set():  # shutting down: the page reconnects by itself
            return response
        view = await _view(request)
    await response.write(_event("gone", GONE))
    return response


def _event(name: str, data: str) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


async def _view(request: web.Request) -> tuple[str, str] | None:
    app = request.app
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        return await status_fragment(
            uow,
            request.match_info["token"],
            app[BUSINESS],
            app[SETTINGS].business_zone,
            app[FILE_LINKS],
        )

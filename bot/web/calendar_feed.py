"""GET /calendar/{token}.ics: the technician's private feed of visits, from a week ago to
FEED_WEEKS ahead, in the business's local time; a wrong or revoked link is a 404."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from aiohttp import web

from bot.calendars.ics import visits_feed
from bot.keys import BUSINESS, CLOCK, SESSIONS, SETTINGS
from domain.visit_entries import VisitEntry, visit_entry
from handlers.technician.calendar_feed import FEED_PREFIX, FEED_SUFFIX, feed_token_hash
from storage.unit_of_work import SqlUnitOfWork

ROUTE = f"{FEED_PREFIX}{{token}}{FEED_SUFFIX}"
FEED_WEEKS = 8
PAST_DAYS = 7  # the week just gone stays in view


async def calendar_feed(request: web.Request) -> web.Response:
    app = request.app
    business, zone, now = app[BUSINESS], app[SETTINGS].business_zone, app[CLOCK].now()
    today = datetime.combine(now.astimezone(zone).date(), time(0), zone)
    start, end = today - timedelta(days=PAST_DAYS), today + timedelta(weeks=FEED_WEEKS)
    entries: list[VisitEntry] = []
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        if not await uow.calendar_feeds.is_live(feed_token_hash(request.match_info["token"])):
            raise web.HTTPNotFound(text="no such calendar")
        for visit, job in await uow.appointments.between_with_jobs(start, end):
            customer = await uow.customers.get(job.customer_id)
            entries.append(visit_entry(visit, job, customer.name if customer else "", business))
    body = visits_feed(entries, zone, now, f"{business.business.shown_name} visits")
    return web.Response(
        body=body,
        content_type="text/calendar",
        charset="utf-8",
        headers={"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"},
    )

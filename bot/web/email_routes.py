"""The e-mail and calendar pages: GET /email/unsubscribe/{token} asks (a mail scanner that
follows the link stops nothing), POST stops that kind of e-mail, from the page's button or a
mail app's one-click (RFC 8058); GET /s/{token}/calendar.ics is the job's visit for the
customer's calendar, behind the job's status link."""

from __future__ import annotations

from html import escape

from aiohttp import web

from bot.calendars.invites import IcsInvites
from bot.channels.email_links import UNSUBSCRIBE_LINKS
from bot.keys import BUSINESS, CLOCK, SESSIONS, SETTINGS
from bot.web.pages import page
from domain.email_ports import InviteMethod
from domain.jobs import JobStatus
from handlers.customer.email_choices import TOPIC_NAMES
from handlers.shared.invites import ICS, visit_invite
from handlers.shared.status_links import CALENDAR_FILE, status_token_hash
from storage.unit_of_work import SqlUnitOfWork

CALENDAR_ROUTE = "/s/{token}" + CALENDAR_FILE


async def unsubscribe_page(request: web.Request) -> web.Response:
    found = await request.app[UNSUBSCRIBE_LINKS].read(request.match_info["token"])
    info = request.app[BUSINESS].business
    if found is None:
        return page(info, "Unsubscribe", "<p>This link does not work.</p>", status=404)
    address, topic = found
    what = escape(TOPIC_NAMES.get(topic, str(topic)).lower())
    body = (
        f"<h1>Stop these e-mails?</h1><p>No more {what} by e-mail to {escape(address)}. "
        "Invoices, receipts and booking confirmations still come.</p>"
        '<form method="post"><button type="submit">Stop these e-mails</button></form>'
    )
    return page(info, "Unsubscribe", body)


async def unsubscribe(request: web.Request) -> web.Response:
    """One-click or the page's button: no session, no CSRF token (the signed link is the
    proof), and the same answer however often it comes."""
    found = await request.app[UNSUBSCRIBE_LINKS].read(request.match_info["token"])
    info = request.app[BUSINESS].business
    if found is None:
        return page(info, "Unsubscribe", "<p>This link does not work.</p>", status=404)
    address, topic = found
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        await uow.emails.unsubscribe(address, topic, request.app[CLOCK].now())
        await uow.commit()
    what = escape(TOPIC_NAMES.get(topic, str(topic)).lower())
    return page(info, "Unsubscribed", f"<h1>Done</h1><p>No more {what} by e-mail.</p>")


async def visit_calendar(request: web.Request) -> web.Response:
    app = request.app
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        job_id = await uow.status_links.job_for(status_token_hash(request.match_info["token"]))
        job = await uow.jobs.get(job_id) if job_id is not None else None
        visits = list(await uow.appointments.for_job(job_id)) if job_id is not None else []
        sequence = await uow.emails.invite_sequence(job_id) if job_id is not None else 0
    if job is None or not visits:
        raise web.HTTPNotFound(text="no such visit")
    on = [v for v in visits if v.cancelled_at is None]
    cancelled = job.status is JobStatus.CANCELLED or not on
    method = InviteMethod.CANCEL if cancelled else InviteMethod.REQUEST
    invite = visit_invite(
        app[BUSINESS], app[SETTINGS].base_url, job, (on or visits)[-1],
        method=method, sequence=sequence, stamp=app[CLOCK].now(),
    )  # fmt: skip
    return web.Response(
        body=IcsInvites(app[SETTINGS].business_zone).ics(invite),
        content_type=ICS,
        headers={"Content-Disposition": f'attachment; filename="{job.reference}.ics"'},
    )

"""GET /portal (my jobs: the open ones and the newest past ones, ?past=all for every one),
GET /portal/jobs/{ref} (a job, live like the status page: its stream is
GET /portal/jobs/{ref}/events) and GET /portal/jobs/{ref}/files/{id} (a file of it:
?size=thumb for a picture's thumbnail, ?download=1 to save it). A job's page shows what its
issued invoices still owe and their payment links. Only the signed-in customer's own jobs and
visible files: anyone else's is a 404, as if it did not exist."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from aiohttp import web

from bot.keys import BUSINESS, CLOCK, FILES, SESSIONS, SETTINGS
from bot.web.pages import page
from bot.web.portal.session_cookie import Visit, signed_in
from bot.web.portal_pages.bills import bills_html, open_bills
from bot.web.portal_pages.views import files_html, jobs_list, nav
from bot.web.status_routes import job_events
from bot.web.status_view import JobView, job_summary, view_of
from domain.jobs import JobStatus
from domain.records import thumbnail_key
from handlers.shared.wording import when_text
from storage.files import FileNotStored
from storage.unit_of_work import SqlUnitOfWork

PAST_SHOWN = 10  # on my jobs, newest first; a regular customer's years of them on request
SIGNED_OUT = "You are signed out here. Sign in again to follow this job."
NOT_YOURS = "no such job"  # the same for a job that does not exist and another's
# Pictures are shown; anything else (reports, invoices) is saved: the answer is sandboxed,
# and a sandboxed PDF would not open in the browser's viewer.
SHOWN_INLINE = ("image/jpeg", "image/png", "image/webp")


@signed_in
async def my_jobs(request: web.Request, visit: Visit) -> web.StreamResponse:
    """Open jobs, and the newest past ones (all of them on ?past=all)."""
    app = request.app
    zone = app[SETTINGS].business_zone
    every = request.query.get("past") == "all"
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        closed = None if every else PAST_SHOWN + 1  # one more: are there older ones?
        jobs = list(await uow.jobs.for_customer(visit.customer_id, closed))
        on = await uow.appointments.on_for_jobs([job.id for job in jobs if job.id is not None])
    visits = {job_id: when_text(its[-1].start, zone) for job_id, its in on.items()}
    open_jobs = [j for j in reversed(jobs) if j.is_open]
    past = [j for j in reversed(jobs) if not j.is_open]
    older = ""
    if not every and len(past) > PAST_SHOWN:
        past = past[:PAST_SHOWN]
        older = '<p><a href="/portal?past=all">All past jobs</a></p>'
    business = app[BUSINESS]
    name = visit.customer.first_name
    body = (
        f"{nav('/portal', visit.csrf)}<h1>Hello, {escape(name)}</h1>"
        f"<h2>Open jobs</h2>{jobs_list(business, zone, open_jobs, visits)}"
        f'<p><a class="button" href="/portal/book">Book a visit</a></p>'
        f"<h2>Past jobs</h2>{jobs_list(business, zone, past, visits)}{older}"
    )
    return page(business.business, "My jobs", body)


@signed_in
async def job_page(request: web.Request, visit: Visit) -> web.StreamResponse:
    view = await own_view(request, visit.customer_id)
    if view is None:
        raise web.HTTPNotFound(text=NOT_YOURS)
    reference = view.job.reference
    events = escape(f"/portal/jobs/{reference}/events")
    body = (
        f"{nav('', visit.csrf)}\n"
        f'<section class="status-page" aria-live="polite" id="status" data-events="{events}">\n'
        f"{_fragment(request, view)}\n</section>"
    )
    info = request.app[BUSINESS].business
    return page(info, reference, body, script="status.js")


@signed_in
async def job_stream(request: web.Request, visit: Visit) -> web.StreamResponse:
    view = await own_view(request, visit.customer_id)
    if view is None:
        raise web.HTTPNotFound(text=NOT_YOURS)

    async def render(seen: JobView) -> str:
        return _fragment(request, seen)

    async def look() -> JobView | None:
        return await own_view(request, visit.customer_id, session_id=visit.session.id)

    return await job_events(request, view, look, render, SIGNED_OUT)


@signed_in
async def job_file(request: web.Request, visit: Visit) -> web.StreamResponse:
    view = await own_view(request, visit.customer_id)
    wanted = request.match_info["file_id"]
    kept = next((f for f in view.files if str(f.id) == wanted), None) if view else None
    if kept is None:
        raise web.HTTPNotFound(text="no such file")
    files = request.app[FILES]
    data: bytes | None = None
    content_type = kept.content_type
    if request.query.get("size") == "thumb" and content_type.startswith("image/"):
        try:
            data, content_type = await files.get(thumbnail_key(kept.key)), "image/jpeg"
        except FileNotStored:
            data = None  # none made for it: the picture itself, scaled by the page
    if data is None:
        try:
            data, content_type = await files.get(kept.key), kept.content_type
        except FileNotStored:
            raise web.HTTPNotFound(text="that file is no longer kept") from None
    inline = content_type in SHOWN_INLINE and "download" not in request.query
    disposition = "inline" if inline else "attachment"
    headers = {
        "Content-Disposition": f'{disposition}; filename="{_safe_name(kept.filename)}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=300",
        "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'",
    }
    return web.Response(body=data, content_type=content_type, headers=headers)


async def own_view(
    request: web.Request, customer_id: int, *, session_id: int | None = None
) -> JobView | None:
    """The job of the reference in the path, if it is this customer's; else None. With
    `session_id`, also None once that session has ended (an open page is told)."""
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        if session_id is not None:
            live = await uow.customer_sessions.live_for(customer_id, request.app[CLOCK].now())
            if session_id not in {s.id for s in live}:
                return None
        job = await uow.jobs.by_reference(request.match_info["ref"])
        if job is None or job.customer_id != customer_id:
            return None
        assert job.id is not None
        return replace(await view_of(uow, job), bills=await open_bills(uow, job.id))


def _fragment(request: web.Request, view: JobView) -> str:
    app = request.app
    summary = job_summary(view, app[BUSINESS], app[SETTINGS].business_zone)
    files = files_html(view.job.reference, view.files)
    return f"{summary}\n{bills_html(view.bills)}\n{files}\n{_changes(view)}"


def _changes(view: JobView) -> str:
    """Moving or calling off a visit still to come (part of the live fragment: gone once the
    job is under way); the rules are the chat's, on the pages they lead to."""
    if view.job.status is not JobStatus.SCHEDULED or not view.visits:
        return ""
    ref = escape(view.job.reference)
    return (
        '<section class="changes" aria-labelledby="changes-title">'
        '<h2 id="changes-title">Change this booking</h2><p class="actions">'
        f'<a href="/portal/jobs/{ref}/move">Move to another time</a> · '
        f'<a href="/portal/jobs/{ref}/cancel">Call it off</a></p>'
        "</section>"
    )


def _safe_name(filename: str) -> str:
    """A file name fit for a header: no quotes, no line breaks, plain characters."""
    cleaned = "".join(c for c in filename if c.isalnum() or c in "._- ")
    return cleaned.strip() or "file"

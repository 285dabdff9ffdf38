"""A job's live status page, as the customer sees it: where it stands, the ETA, the visit,
the timeline, the technician's visible notes and the files meant for them (signed links)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, tzinfo
from html import escape

from bot.files.file_links import FileLinks
from domain.appointments import Appointment
from domain.business import BusinessConfig
from domain.jobs import Job, JobStatus
from domain.messages import Attachment
from domain.records import Note, NoteVisibility, StoredFile
from handlers.shared.status_links import status_token_hash
from handlers.shared.wording import STATUS_WORDS, TIMELINE_WORDS, service_name, when_text
from storage.unit_of_work import SqlUnitOfWork

FILE_LINK_HOURS = 24


@dataclass(frozen=True, slots=True)
class OpenBill:
    """An invoice of the job still owing: what is left to pay and its payment link (if any)."""

    number: str
    balance_cents: int
    pay_url: str = ""


@dataclass(frozen=True)
class JobView:
    """What a status page shows of a job, read in one go; `brief` tells one reading from the
    next without making file links (which may be a call to Supabase each)."""

    job: Job
    visits: list[Appointment]
    notes: list[Note]
    files: list[StoredFile]
    bills: tuple[OpenBill, ...] = ()  # filled for the signed-in portal only

    @property
    def brief(self) -> str:
        seen = (self.job.status, self.job.timeline, self.notes, self.files, self.visits)
        return repr((*seen, self.bills))


async def job_view(uow: SqlUnitOfWork, token: str) -> JobView | None:
    """The job behind a status link; None when the link is unknown or revoked."""
    job_id = await uow.status_links.job_for(status_token_hash(token))
    job = await uow.jobs.get(job_id) if job_id is not None else None
    return await view_of(uow, job) if job is not None else None


async def view_of(uow: SqlUnitOfWork, job: Job) -> JobView:
    """What the customer may see of a job: never private notes, never hidden files."""
    assert job.id is not None, "a stored job"
    visits = [v for v in await uow.appointments.for_job(job.id) if v.cancelled_at is None]
    notes = [n for n in await uow.records.notes(job.id) if n.visibility is NoteVisibility.VISIBLE]
    files = [f for f in await uow.records.files(job.id) if f.visible_to_customer]
    return JobView(job, visits, notes, files)


async def status_fragment(
    view: JobView, business: BusinessConfig, zone: tzinfo, links: FileLinks
) -> str:
    """The page's live part: everything the customer sees, escaped; files as signed links."""
    parts = [job_summary(view, business, zone)]
    if view.files:
        parts.append('<h2>Files</h2><ul class="files">')
        for f in view.files:
            url = await links.url(
                Attachment(f.key, f.content_type, f.filename), timedelta(hours=FILE_LINK_HOURS)
            )
            parts.append(f'<li><a href="{escape(url)}">{escape(f.filename or f.kind)}</a></li>')
        parts.append("</ul>")
    return "\n".join(parts)


def job_summary(view: JobView, business: BusinessConfig, zone: tzinfo) -> str:
    """Where the job stands, its visit, timeline and visible notes, escaped."""
    job = view.job
    parts = [
        f"<h1>{escape(job.reference)}: {escape(service_name(business, job.service_code))}</h1>",
        f'<p class="job-status" data-status="{job.status}">Status: '
        f"<strong>{escape(STATUS_WORDS[job.status])}</strong>{escape(_eta(job))}</p>",
    ]
    if view.visits and job.status is not JobStatus.ON_THE_WAY:  # on the way, the ETA says when
        parts.append(f"<p>Visit: {escape(when_text(view.visits[-1].start, zone))}</p>")
    parts.append('<h2>Timeline</h2><ol class="timeline">')
    for event in job.timeline:
        at, words = when_text(event.at, zone), TIMELINE_WORDS[event.to_status]
        parts.append(f"<li><time>{escape(at)}</time> {escape(words)}</li>")
    parts.append("</ol>")
    if view.notes:
        parts.append('<h2>Notes from the technician</h2><ul class="notes">')
        parts += [f"<li>{escape(n.text)}</li>" for n in view.notes]
        parts.append("</ul>")
    return "\n".join(parts)


def _eta(job: Job) -> str:
    """', about 14:35' while the technician is on the way."""
    if job.status is not JobStatus.ON_THE_WAY or not job.timeline:
        return ""
    note = job.timeline[-1].note
    return f", arriving about {note.removeprefix('ETA ')}" if note.startswith("ETA ") else ""

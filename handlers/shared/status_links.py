"""Live status page links (/s/{token}): made for a job, sent with its booking confirmation
and on the technician's /link. Only the token's hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from domain.jobs import Job
from handlers.kernel.turn import Turn

STATUS_PAGE_PREFIX = "/s/"
CALENDAR_FILE = "/calendar.ics"  # after a status link: the visit for the customer's calendar


def status_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def new_status_link(turn: Turn, job: Job) -> str:
    """A new link to the job's live status page."""
    assert job.id is not None, "a stored job"
    token = secrets.token_urlsafe(16)  # 128 bits: unguessable
    await turn.uow.status_links.issue(job.id, status_token_hash(token), turn.clock.now())
    return f"{turn.public_url}{STATUS_PAGE_PREFIX}{token}"

"""Live status page links (/s/{token}): one is sent with the booking confirmation; the
technician revokes a job's links (/revoke BG-1001) or sends the customer a fresh one
(/link BG-1001). Only the token's hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from domain.jobs import Job
from handlers.job_card import find_job
from handlers.job_status import tell_customer
from handlers.turn import Turn

STATUS_PAGE_PREFIX = "/s/"


def status_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def new_status_link(turn: Turn, job: Job) -> str | None:
    """A new link to the job's live status page; None when the service has no public address."""
    if not turn.public_url or job.id is None:
        return None
    token = secrets.token_urlsafe(16)  # 128 bits: unguessable
    await turn.uow.status_links.issue(job.id, status_token_hash(token), turn.clock.now())
    return f"{turn.public_url}{STATUS_PAGE_PREFIX}{token}"


async def revoke_links(turn: Turn, args: str) -> None:
    """/revoke BG-1001: every status link of the job stops working at once."""
    job = await find_job(turn, (args.split() or [""])[0])
    if job is None or job.id is None:
        return
    count = await turn.uow.status_links.revoke_all(job.id, turn.clock.now())
    turn.reply(
        f"{job.reference}: {count} status link(s) revoked. "
        f"/link {job.reference} sends the customer a fresh one."
    )


async def send_fresh_link(turn: Turn, args: str) -> None:
    """/link BG-1001: the old links stop working; the customer gets a new one."""
    job = await find_job(turn, (args.split() or [""])[0])
    if job is None or job.id is None:
        return
    await turn.uow.status_links.revoke_all(job.id, turn.clock.now())
    link = await new_status_link(turn, job)
    if link is None:
        turn.reply("Status pages need PUBLIC_BASE_URL.")
        return
    words = f"{job.reference}: follow your job live here: {link}"
    await tell_customer(turn, job, words, f"{job.reference}: fresh status link")

"""The job card in the technician's chat, on /job or a tap in /queue (the card itself is
built in handlers.shared.job_card, where a new booking's alert finds it too)."""

from __future__ import annotations

from domain.errors import InvalidReference
from domain.jobs import Job, parse_job_reference
from domain.privacy import AuditAction
from handlers.kernel.turn import Turn
from handlers.shared.audit import audit
from handlers.shared.job_card import job_card


async def find_job(turn: Turn, typed: str) -> Job | None:
    """The job a reference names; None (having said so) when there is none."""
    try:
        job = await turn.uow.jobs.by_reference(parse_job_reference(typed))
    except InvalidReference:
        job = None
    if job is None:
        turn.reply(f"There is no job {typed.strip() or '(no reference given)'}.")
    return job


async def show_card(turn: Turn, typed: str) -> None:
    job = await find_job(turn, (typed.split() or [""])[0])
    if job is not None:
        await audit(turn, AuditAction.OPENED_CARD, job.customer_id, job.reference)
        turn.reply(*await job_card(turn, job))

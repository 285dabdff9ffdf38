"""The technician's hold on a job's live status links: /revoke BG-1001 stops them all,
/link BG-1001 sends the customer a fresh one."""

from __future__ import annotations

from handlers.kernel.turn import Turn
from handlers.shared.status_links import new_status_link
from handlers.technician.job_card import find_job
from handlers.technician.job_status import tell_customer


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
    words = f"{job.reference}: follow your job live here: {link}"
    await tell_customer(turn, job, words, f"{job.reference}: fresh status link")

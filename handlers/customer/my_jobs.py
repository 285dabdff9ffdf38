"""'My jobs': the customer's own jobs and where each one stands."""

from __future__ import annotations

from domain.records import NoteVisibility
from handlers.customer.change_options import change_option
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn
from handlers.shared.change_core import booking_of, describe
from handlers.shared.wording import job_line

VISIBLE = NoteVisibility.VISIBLE
RECENTLY_CLOSED = 3  # shown after the open jobs


async def my_jobs(turn: Turn) -> None:
    turn.end_flow()
    assert turn.me.id is not None
    jobs = await turn.uow.jobs.for_customer(turn.me.id, closed=RECENTLY_CLOSED)
    if not jobs:
        turn.reply("You have no jobs with us yet. Would you like to book one?", main_menu())
        return
    open_jobs = [j for j in jobs if j.is_open]
    closed = [j for j in jobs if not j.is_open]
    lines, changeable = [], []
    for job in open_jobs:
        found = await booking_of(turn, job.reference)
        if found is None:
            lines.append(job_line(turn.business, job))
        else:
            lines.append(describe(turn, *found))
            changeable.append(change_option(turn, *found))
        assert job.id is not None
        seen = [n for n in await turn.uow.records.notes(job.id) if n.visibility is VISIBLE]
        if seen:  # the technician's latest word for the customer on this job
            lines.append(f"  Note: {seen[-1].text}")
    if closed:
        lines += ["", "Recently closed:"] + [job_line(turn.business, j) for j in closed]
    heading = "Your jobs:" if open_jobs else "You have no open jobs."
    turn.reply("\n".join([heading, *lines]), (*changeable, *main_menu()))

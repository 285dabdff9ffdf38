"""'My jobs': the customer's own jobs and where each one stands."""

from __future__ import annotations

from handlers.menu import main_menu
from handlers.turn import Turn
from handlers.wording import job_line


async def my_jobs(turn: Turn) -> None:
    turn.end_flow()
    assert turn.me.id is not None
    jobs = await turn.uow.jobs.for_customer(turn.me.id)
    if not jobs:
        turn.reply("You have no jobs with us yet. Would you like to book one?", main_menu())
        return
    open_jobs = [j for j in jobs if j.is_open]
    closed = [j for j in jobs if not j.is_open][-3:]
    lines = [job_line(turn.business, j) for j in open_jobs]
    if closed:
        lines += ["", "Recently closed:"] + [job_line(turn.business, j) for j in closed]
    heading = "Your jobs:" if open_jobs else "You have no open jobs."
    turn.reply("\n".join([heading, *lines]), main_menu())

"""The technician's queue and agenda: open jobs urgent first, then by appointment, then by age;
/today and /week with the drive between on-site visits; a job flagged urgent."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from domain.appointments import Appointment, VisitMode
from domain.jobs import Job, Priority
from domain.messages import Option
from handlers.kernel.turn import Turn
from handlers.shared.job_card import CARD
from handlers.shared.wording import day_text, service_name, shortened
from handlers.technician.job_card import find_job

MAX_CARD_BUTTONS = 30  # a long queue keeps its list; its first jobs are a tap away
_Planned = tuple[Appointment, Job, int | None]  # a visit, its job, the drive to it (on site)


async def queue(turn: Turn) -> None:
    jobs = await turn.uow.jobs.open_jobs()  # in the queue's order
    if not jobs:
        turn.reply("The queue is empty.")
        return
    lines = [
        f"{job.reference} [{job.priority}] {job.status} - "
        f"{service_name(turn.business, job.service_code)}: {shortened(job.problem, 60)}"
        for job in jobs
    ]
    cards = tuple(Option(f"{CARD}{j.reference}", j.reference) for j in jobs[:MAX_CARD_BUTTONS])
    turn.reply(f"Open jobs ({len(jobs)}):\n" + "\n".join(lines), cards)


async def agenda(turn: Turn, days: int) -> None:
    """The visits of the coming `days`, a day at a time, with the drive to each on-site one."""
    zone = turn.calendar.zone
    first = turn.clock.now().astimezone(zone).date()
    start = datetime.combine(first, time(0), zone)
    visits = await turn.uow.appointments.between_with_jobs(start, start + timedelta(days=days))
    if not visits:
        turn.reply("Nothing booked today." if days == 1 else "Nothing booked this week.")
        return
    lines: list[str] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        todays = [v for v in visits if v[0].start.astimezone(zone).date() == day]
        if todays:
            lines += [day_text(day), *[_line(turn, *v) for v in _with_drives(turn, todays)]]
    turn.reply("\n".join(lines))


async def mark_urgent(turn: Turn, args: str) -> None:
    job = await find_job(turn, (args.split() or [""])[0])
    if job is None:
        return
    if not job.is_open:
        turn.reply(f"{job.reference} is {job.status}; only open jobs go in the queue.")
        return
    job.priority = Priority.URGENT
    await turn.uow.jobs.save(job)
    turn.reply(f"{job.reference} is urgent: first in the queue.")


def _with_drives(turn: Turn, visits: list[tuple[Appointment, Job]]) -> list[_Planned]:
    """Each visit (in time order) with the drive to it from the place before."""
    areas, place = turn.business.areas, turn.business.areas.base
    planned: list[_Planned] = []
    for visit, job in visits:
        drive = None
        if visit.mode is VisitMode.ON_SITE and visit.area:
            drive = areas.travel_minutes(place, visit.area)
            place = visit.area
        planned.append((visit, job, drive))
    return planned


def _line(turn: Turn, visit: Appointment, job: Job, drive: int | None) -> str:
    zone = turn.calendar.zone
    span = f"{visit.start.astimezone(zone):%H:%M}-{visit.end.astimezone(zone):%H:%M}"
    what = service_name(turn.business, job.service_code)
    where = f"{visit.area} (drive {drive} min)" if drive is not None else "remote"
    return f"  {span} {job.reference} {what}, {where}"

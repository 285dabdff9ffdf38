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
_LAST = datetime.max.replace(tzinfo=None)


async def queue(turn: Turn) -> None:
    jobs = list(await turn.uow.jobs.open_jobs())
    if not jobs:
        turn.reply("The queue is empty.")
        return
    visits = {job.reference: await _next_visit(turn, job) for job in jobs}

    def order(job: Job) -> tuple[int, datetime, datetime]:
        visit = visits[job.reference]
        when = visit.start.replace(tzinfo=None) if visit else _LAST
        return job.priority.rank, when, (job.created_at or _LAST).replace(tzinfo=None)

    jobs.sort(key=order)
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
    visits = await turn.uow.appointments.between(start, start + timedelta(days=days))
    if not visits:
        turn.reply("Nothing booked today." if days == 1 else "Nothing booked this week.")
        return
    lines: list[str] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        todays = [v for v in visits if v.start.astimezone(zone).date() == day]
        if todays:
            lines += [day_text(day), *[await _line(turn, v) for v in _with_drives(turn, todays)]]
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


def _with_drives(turn: Turn, visits: list[Appointment]) -> list[tuple[Appointment, int | None]]:
    areas, place = turn.business.areas, turn.business.areas.base
    planned: list[tuple[Appointment, int | None]] = []
    for visit in sorted(visits, key=lambda v: v.start):
        drive = None
        if visit.mode is VisitMode.ON_SITE and visit.area:
            drive = areas.travel_minutes(place, visit.area)
            place = visit.area
        planned.append((visit, drive))
    return planned


async def _line(turn: Turn, planned: tuple[Appointment, int | None]) -> str:
    visit, drive = planned
    job = await turn.uow.jobs.get(visit.job_id)
    zone = turn.calendar.zone
    span = f"{visit.start.astimezone(zone):%H:%M}-{visit.end.astimezone(zone):%H:%M}"
    what = service_name(turn.business, job.service_code) if job else "?"
    where = f"{visit.area} (drive {drive} min)" if drive is not None else "remote"
    return f"  {span} {job.reference if job else '?'} {what}, {where}"


async def _next_visit(turn: Turn, job: Job) -> Appointment | None:
    assert job.id is not None
    coming = [a for a in await turn.uow.appointments.for_job(job.id) if a.cancelled_at is None]
    return coming[0] if coming else None

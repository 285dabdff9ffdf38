"""Moving and cancelling an appointment: what the customer does within the policy, and what
the technician approves outside it. Both end here."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from domain.appointments import Appointment
from domain.email_ports import InviteMethod
from domain.errors import SlotTaken
from domain.jobs import Actor, Job, JobStatus
from domain.slots import Visit
from handlers.kernel.turn import Turn
from handlers.shared.closures import close_calendar
from handlers.shared.follow_up_plans import drop_follow_ups, plan_reminders
from handlers.shared.invites import email_visit
from handlers.shared.scheduling import explain, refusal_for
from handlers.shared.wording import service_name, when_text


def visit_for(appointment: Appointment) -> Visit:
    minutes = int(appointment.duration.total_seconds() // 60)
    return Visit(minutes, appointment.mode, appointment.area)


async def booking_of(turn: Turn, reference: str) -> tuple[Job, Appointment] | None:
    """The scheduled job and its appointment still to come; None when there is none (a job
    under way or closed cannot be moved or called off in chat)."""
    job = await turn.uow.jobs.by_reference(reference)
    if job is None or job.id is None or job.status is not JobStatus.SCHEDULED:
        return None
    upcoming = [
        a
        for a in await turn.uow.appointments.for_job(job.id)
        if a.cancelled_at is None and a.start > turn.clock.now()
    ]
    return (job, upcoming[-1]) if upcoming else None


def late(turn: Turn, appointment: Appointment) -> bool:
    """Closer to the appointment than changes are free."""
    free_until = timedelta(hours=turn.business.cancellation.free_change_until_hours)
    return appointment.start - turn.clock.now() < free_until


def describe(turn: Turn, job: Job, appointment: Appointment) -> str:
    service = service_name(turn.business, job.service_code)
    return f"{job.reference}: {service} on {when_text(appointment.start, turn.calendar.zone)}"


async def move(
    turn: Turn, job: Job, appointment: Appointment, start: datetime, actor: Actor
) -> str | None:
    """Move it, bookings taking turns; why not, when the new time cannot be had."""
    visit = visit_for(appointment)
    await close_calendar(turn, visit, fresh=True)  # Google asked again, before the turns
    await turn.uow.appointments.hold_calendar()
    refusal = await refusal_for(turn, visit, start, moving=appointment.id)
    if refusal is not None:
        return explain(turn, refusal, start)
    old = when_text(appointment.start, turn.calendar.zone)
    try:
        await turn.uow.appointments.move(appointment, start, start + appointment.duration)
    except SlotTaken:
        return "Sorry, someone has just taken that time."
    assert appointment.id is not None
    await plan_reminders(turn, job, appointment.id, start)
    new = when_text(start, turn.calendar.zone)
    job.transition(
        JobStatus.SCHEDULED, at=turn.clock.now(), actor=actor, note=f"moved from {old} to {new}"
    )
    await turn.uow.jobs.save(job)
    moved = replace(appointment, start=start, end=start + appointment.duration)
    what = service_name(turn.business, job.service_code)
    words = f"{job.reference} has moved: {what} is now on {new} (it was {old})."
    await email_visit(turn, job, moved, InviteMethod.REQUEST, words)
    return None


async def cancel(turn: Turn, job: Job, appointment: Appointment, actor: Actor) -> None:
    now = turn.clock.now()
    await turn.uow.appointments.cancel(appointment, now)
    when = when_text(appointment.start, turn.calendar.zone)
    job.transition(JobStatus.CANCELLED, at=now, actor=actor, note=f"the visit on {when}")
    await turn.uow.jobs.save(job)
    await drop_follow_ups(turn, job)
    what = service_name(turn.business, job.service_code)
    words = f"{job.reference} is cancelled: {what} on {when} will not take place."
    await email_visit(turn, job, appointment, InviteMethod.CANCEL, words)

"""Keeping a new booking: the time checked once more with bookings taking turns, the job and
its appointment kept together, reminders planned, a status link made, the technician shown
the job card, the invitation e-mailed to whoever gets confirmations by e-mail. The chat's
booking flow and the portal's booking page both end here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.appointments import Appointment, VisitMode
from domain.business import Service
from domain.email_ports import InviteMethod
from domain.errors import SlotTaken
from domain.jobs import Actor, Job, JobStatus
from domain.messages import Attachment
from domain.slots import Slot, Visit
from handlers.kernel.step_out import StepOut
from handlers.kernel.turn import Turn
from handlers.shared.closures import close_calendar, fresh_busy_first
from handlers.shared.follow_up_plans import plan_reminders
from handlers.shared.invites import email_visit
from handlers.shared.job_card import job_card
from handlers.shared.scheduling import booked, explain, refusal_for
from handlers.shared.status_links import new_status_link
from handlers.shared.wording import place, when_text, who_wrote

DAY_SLOTS = 48  # every start of a day, when one day is asked for


@dataclass(frozen=True)
class NewBooking:
    problem: str
    service: Service
    visit: Visit
    start: datetime
    address: str | None = None
    customer_name: str = ""  # kept on the customer if they have no name yet
    phone_line: str = ""  # what the technician's card says of a number given ("\nPhone …")
    media: tuple[Attachment, ...] = ()
    via: str = ""  # where it was booked ("telegram", "the portal"), for the timeline


@dataclass(frozen=True)
class Booked:
    job: Job
    appointment: Appointment
    when: str
    link: str  # the job's live status page


async def free_slots(
    turn: Turn, visit: Visit, moving: int | None = None, day: date | None = None
) -> list[Slot]:
    """The best free times for the visit, as the chat offers them first; or all of a day's."""
    await close_calendar(turn, visit)
    taken, now = await booked(turn, moving), turn.clock.now()
    if day is None:
        return turn.calendar.offer(visit, taken, now)
    return turn.calendar.offer(visit, taken, now, day=day, count=DAY_SLOTS)


async def book(turn: Turn, wanted: NewBooking) -> Booked | str:
    """The booking kept, or why not (the time was taken or cannot be had): then nothing is."""
    visit, start, now = wanted.visit, wanted.start, turn.clock.now()
    # The technician's own calendar is asked again at confirmation, and kept for the check
    # below. Google may be slow: where the caller can, it is asked before the turn holds the
    # database, and the turn taken again uses that answer.
    ask_first = fresh_busy_first(turn)
    if ask_first is not None and turn.steps_out and not turn.stepped_out:
        raise StepOut(ask_first)
    await close_calendar(turn, visit, fresh=not turn.stepped_out)
    await turn.uow.appointments.hold_calendar()
    me = turn.me
    assert me.id is not None
    job = Job(me.id, wanted.problem, wanted.service.code, area=visit.area, address=wanted.address)
    job.created_at = now  # the request's time on the service's clock, as its timeline's
    job.open(now, Actor.CUSTOMER, note=f"booked on {wanted.via}")
    when = when_text(start, turn.calendar.zone)
    job.transition(JobStatus.SCHEDULED, at=now, actor=Actor.CUSTOMER, note=f"for {when}")
    end = start + timedelta(minutes=visit.minutes)
    refusal = await refusal_for(turn, visit, start)
    if refusal is not None:
        return explain(turn, refusal, start)
    try:
        async with turn.uow.savepoint():
            job = await turn.uow.jobs.add(job)
            assert job.id is not None
            visit_booked = await turn.uow.appointments.add(
                Appointment(job.id, start, end, visit.mode, visit.area)
            )
    except SlotTaken:
        return "Sorry, someone has just taken that time."
    assert visit_booked.id is not None
    await plan_reminders(turn, job, visit_booked.id, start)
    if wanted.customer_name and not me.name:
        me.name = wanted.customer_name
        await turn.uow.customers.update(me)
    link = await new_status_link(turn, job)
    # The alert is the job card itself, with its buttons: the technician can act at once.
    card, buttons_for_job = await job_card(turn, job)
    phone = wanted.phone_line
    turn.tell_admins(
        f"New booking {job.reference} from {who_wrote(me, turn.inbound)}\n{card}{phone}",
        wanted.media,
        buttons_for_job,
    )
    where = place(wanted.address or "", visit.area) if visit.mode is VisitMode.ON_SITE else ""
    headline = (
        f"Booked! {job.reference}: {wanted.service.name} on {when}, "
        f"{f'at {where}' if where else 'remotely'}. {what_next(visit.mode)}\n"
        f"Follow it live: {link}"
    )
    await email_visit(turn, job, visit_booked, InviteMethod.REQUEST, headline)
    return Booked(job, visit_booked, when, link)


def what_next(mode: VisitMode | str) -> str:
    if mode == VisitMode.ON_SITE:
        return "The technician will message you when on the way."
    return "The technician will message you at that time to connect."

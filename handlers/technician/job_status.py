"""Status changes from the technician's chat, each recorded and told to the customer at once,
in plain words, on their own channel: on my way (with an ETA), started, waiting on you (with
what is needed), waiting on parts, completed (with a summary), cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from domain.email import MailTopic
from domain.email_ports import InviteMethod
from domain.errors import InvalidTransition
from domain.jobs import Actor, Job, JobStatus
from domain.messages import Attachment, Option
from handlers.kernel.flow_state import FlowState
from handlers.kernel.turn import Turn
from handlers.shared.follow_up_plans import drop_follow_ups, plan_after_completion
from handlers.shared.invites import email_visit
from handlers.shared.job_card import CARD, STATUS, status_options
from handlers.shared.mail import tell_by_route
from handlers.shared.wording import channel_name, when_text
from handlers.technician.job_card import find_job
from handlers.technician.job_records import follow_status

S = JobStatus
QUESTIONS = {
    S.ON_THE_WAY: "How many minutes until you get there? (For example 20.)",
    S.WAITING_ON_CUSTOMER: "What do you need from the customer?",
    S.COMPLETED: "In a sentence, what was done? The customer will see it.",
}
MAX_ETA_MINUTES = 600
# "On my way" to a visit further off than this is asked about first: likely the wrong job.
FAR_OFF = timedelta(days=1)
SURE = "!"  # "status.BG-1001.on_the_way!": the technician said yes to that question


@dataclass(frozen=True, kw_only=True)
class StatusQuestion(FlowState):
    """A status waits for the technician's answer to its question (minutes, what is needed)."""

    NAME: ClassVar[str] = "status_input"
    ref: str
    status: JobStatus


async def choose_status(turn: Turn, reference_and_status: str) -> None:
    """A status button: "BG-1001.on_the_way" of `status.BG-1001.on_the_way` (with SURE after
    it when the technician confirmed a far-off visit)."""
    reference, _, wanted = reference_and_status.rpartition(".")
    sure, wanted = wanted.endswith(SURE), wanted.removesuffix(SURE)
    job = await find_job(turn, reference)
    if job is None:
        return
    try:
        status = JobStatus(wanted)
    except ValueError:
        turn.reply(f"{wanted} is not a status.", status_options(job))
        return
    if status not in job.allowed_next():  # a stale button, or one pressed twice
        refused = f"{job.reference} can't go from {job.status} to {status}. It can go to:"
        turn.reply(refused, status_options(job))
        return
    if status is S.ON_THE_WAY and not sure and (visit := await _far_off_visit(turn, job)):
        turn.reply(
            f"{job.reference}'s visit is booked for {when_text(visit, turn.calendar.zone)}, "
            "more than a day away. Are you on your way to it now?",
            (
                Option(f"{STATUS}{job.reference}.{status}{SURE}", "Yes, on my way now"),
                Option(f"{CARD}{job.reference}", "No"),
            ),
        )
        return
    if status in QUESTIONS:
        # An unanswered question lapses, like a customer's flow.
        turn.start_flow(StatusQuestion(ref=job.reference, status=status, at=turn.clock.now()))
        turn.reply(f"{job.reference}: {QUESTIONS[status]}")
        return
    await apply(turn, job, status, "")


async def answer(turn: Turn) -> None:
    """The technician's answer to the question a status asked."""
    flow = turn.flow_as(StatusQuestion)
    assert flow is not None, "the router hands on only an open question"
    job, status = await find_job(turn, flow.ref), flow.status
    text = turn.inbound.text.strip()
    if job is None:
        turn.end_flow()
        return
    if status is S.ON_THE_WAY and not _minutes(text):
        turn.reply(f"Please send the minutes as a number, like 20. {QUESTIONS[status]}")
        return
    if not text:
        turn.reply(QUESTIONS[status])
        return
    turn.end_flow()
    await apply(turn, job, status, text)


async def apply(turn: Turn, job: Job, status: JobStatus, detail: str) -> None:
    now = turn.clock.now()
    note = detail
    if status is S.ON_THE_WAY and _minutes(detail):
        note = f"ETA {_eta(turn, int(detail))}"
    try:
        job.transition(status, at=now, actor=Actor.TECHNICIAN, note=note)
    except InvalidTransition:
        turn.reply(
            f"{job.reference} can't go from {job.status} to {status}. It can go to:",
            status_options(job),
        )
        return
    await turn.uow.jobs.save(job)
    await follow_status(turn, job)
    if status is S.CANCELLED:
        await _cancel_visits(turn, job)
        await drop_follow_ups(turn, job)
    if status is S.COMPLETED:
        await plan_after_completion(turn, job)
    done = f"{job.reference}: {status.replace('_', ' ')}"  # "on the way", not "on_the_way"
    await tell_customer(turn, job, _words(turn, job, status, detail), done)


async def eta(turn: Turn, args: str) -> None:
    """/eta BG-1001 20: a new arrival time, told to the customer."""
    reference, minutes = [*args.split(maxsplit=1), "", ""][:2]
    job = await find_job(turn, reference)
    if job is None:
        return
    if job.status is not S.ON_THE_WAY or not _minutes(minutes):
        turn.reply(f"Write /eta {job.reference} 20 for a job that is on the way.")
        return
    words = f"{job.reference}: the technician will be there about {_eta(turn, int(minutes))}."
    await tell_customer(turn, job, words, f"{job.reference}: new ETA")


async def tell_customer(
    turn: Turn, job: Job, words: str, done: str, attachments: tuple[Attachment, ...] = ()
) -> None:
    customer = await turn.uow.customers.get(job.customer_id)
    assert customer is not None and customer.id is not None
    # A file is a document (invoice, report); anything else is news of the job.
    topic = MailTopic.DOCUMENT if attachments else MailTopic.UPDATE
    subject = attachments[0].caption if attachments and attachments[0].caption else words
    message, emailed = await tell_by_route(turn, customer, topic, subject, words, attachments)
    where = [channel_name(message.channel)] if message else []
    where += ["e-mail"] if emailed else []
    if not where:
        turn.reply(f"{done}. The customer can't be reached in chat; call them on {customer.phone}.")
        return
    turn.reply(f"{done}. Told {customer.name or 'the customer'} on {' and '.join(where)}.")


def _words(turn: Turn, job: Job, status: JobStatus, detail: str) -> str:
    reference = job.reference
    if status is S.ON_THE_WAY:
        return f"{reference}: the technician is on the way, about {_eta(turn, int(detail))}."
    if status is S.IN_PROGRESS:
        return f"{reference}: the technician has started work."
    if status is S.WAITING_ON_CUSTOMER:
        return f"{reference}: the technician needs something from you: {detail}"
    if status is S.WAITING_ON_PARTS:
        return f"{reference}: we're waiting for parts and will let you know when they arrive."
    if status is S.COMPLETED:
        return (
            f"{reference} is done: {detail} Thank you for choosing {turn.business.business.name}!"
        )
    if status is S.CANCELLED:
        return f"{reference} has been cancelled. Sorry for the trouble - book again any time."
    return f"{reference} is back on the schedule."


async def _far_off_visit(turn: Turn, job: Job) -> datetime | None:
    """The start of the job's visit when it is more than a day away; None otherwise."""
    assert job.id is not None
    visits = [v for v in await turn.uow.appointments.for_job(job.id) if v.cancelled_at is None]
    if visits and visits[-1].start - turn.clock.now() > FAR_OFF:
        return visits[-1].start
    return None


def _eta(turn: Turn, minutes: int) -> str:
    arrival = turn.clock.now() + timedelta(minutes=minutes)
    return f"{arrival.astimezone(turn.calendar.zone):%H:%M}"


def _minutes(text: str) -> bool:
    return text.isdigit() and 0 < int(text) <= MAX_ETA_MINUTES


async def _cancel_visits(turn: Turn, job: Job) -> None:
    assert job.id is not None
    for visit in await turn.uow.appointments.for_job(job.id):
        if visit.cancelled_at is None:
            await turn.uow.appointments.cancel(visit, turn.clock.now())
            if visit.start > turn.clock.now():  # their calendar lets it go too
                when = when_text(visit.start, turn.calendar.zone)
                words = f"{job.reference} is cancelled: the visit on {when} will not take place."
                await email_visit(turn, job, visit, InviteMethod.CANCEL, words)

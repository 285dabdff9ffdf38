"""What a due follow-up says to the customer, checked against how things stand now: a visit
moved or called off, a job closed, an invoice paid or a customer who wants no reminders
means nothing is sent. Runs as a turn in the customer's conversation, so typed answers
("1", "2") pick the options shown, as in any flow."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.email import MailTopic
from domain.follow_ups import MIN_REMINDER_LEAD, FollowUp, FollowUpKind, FollowUpState
from domain.invoices import InvoiceStatus
from domain.jobs import Job, JobStatus
from domain.messages import Option, Outbound
from domain.money import format_rand
from domain.privacy import Consent
from handlers.customer import change_options, menu
from handlers.customer.privacy import CHECK_UPS_OFF
from handlers.customer.reminder_prefs import REMINDERS_OFF
from handlers.customer.survey import survey_question
from handlers.kernel.turn import Turn
from handlers.shared.follow_up_plans import quiet_hours
from handlers.shared.mail import also_by_email, route_of
from handlers.shared.payments import link_or_none, owing, pay_words
from handlers.shared.wording import service_name


@dataclass(frozen=True, slots=True)
class Outcome:
    state: FollowUpState  # PENDING: deferred to `until`
    until: datetime | None = None
    why: str = ""


SENT = Outcome(FollowUpState.SENT)


def skipped(why: str) -> Outcome:
    return Outcome(FollowUpState.SKIPPED, why=why)


async def send_follow_up(turn: Turn, item: FollowUp) -> Outcome:
    """Say what the follow-up has to say (into turn.outbox), or why not now."""
    job = await turn.uow.jobs.get(item.job_id) if item.job_id is not None else None
    if job is None:
        return skipped("the job is gone")
    quiet_until = quiet_hours(turn).end_of(turn.clock.now())
    if quiet_until is not None:  # the poller was away, or the quiet hours changed
        if item.kind is FollowUpKind.REMINDER:
            start = await _visit_start(turn, item)
            if start is None or start - quiet_until < MIN_REMINDER_LEAD:
                return skipped("after quiet hours it would come too close to the visit")
        return Outcome(FollowUpState.PENDING, quiet_until, "quiet hours")
    if turn.flow_lapsed():
        turn.end_flow()  # left long ago: what is said now comes with its own options
    if item.kind in WAITS_FOR_A_FREE_MOMENT and turn.flow_name is not None and turn.offered():
        # Its numbered options would take the place of the open flow's ("2" would rate).
        lapse = timedelta(minutes=turn.business.reminders.flow_idle_timeout_minutes)
        return Outcome(FollowUpState.PENDING, turn.clock.now() + lapse, "in another conversation")
    return await SAYS[item.kind](turn, item, job)


async def _visit_start(turn: Turn, item: FollowUp) -> datetime | None:
    """The visit's start, while it is on and still the one the reminder was planned for."""
    assert item.job_id is not None
    for visit in await turn.uow.appointments.for_job(item.job_id):
        if visit.id == item.appointment_id and visit.cancelled_at is None:
            return visit.start if item.key.endswith(f"{visit.start:%Y%m%dT%H%M}") else None
    return None


async def _reminder(turn: Turn, item: FollowUp, job: Job) -> Outcome:
    start = await _visit_start(turn, item)
    if job.status is not JobStatus.SCHEDULED or start is None or start <= turn.clock.now():
        return skipped("the visit is no longer on")
    if await turn.uow.reminder_preferences.reminders_off(job.customer_id):
        return skipped("the customer asked for no reminders")
    local = start.astimezone(turn.calendar.zone)
    today = turn.clock.now().astimezone(turn.calendar.zone).date()
    days = (local.date() - today).days
    day = {0: "today", 1: "tomorrow"}.get(days, f"{local:%a} {local.day} {local:%b}")
    where = f"at {job.address}" if job.address else "remotely"
    text = (
        f"Reminder: {job.reference}, {service_name(turn.business, job.service_code)}, "
        f"{day} at {local:%H:%M}, {where}."
    )
    change = Option(f"{change_options.JOB}{job.reference}", "Move or call it off")
    typed = "Reply NO REMINDERS to stop these reminders."
    await _remind(turn, job, f"Reminder: {job.reference} {day} at {local:%H:%M}", text,
                  (change, REMINDERS_OFF), typed)  # fmt: skip
    return SENT


async def _survey(turn: Turn, item: FollowUp, job: Job) -> Outcome:
    if job.status is not JobStatus.COMPLETED or job.id is None:
        return skipped("the job is not completed")
    if await turn.uow.surveys.for_job(job.id) is not None:
        return skipped("answered already")
    text, options = survey_question(turn, job)
    _say(turn, text, options, "Reply with a number from 1 to 5.")
    return SENT


async def _maintenance(turn: Turn, item: FollowUp, job: Job) -> Outcome:
    if await turn.uow.privacy.latest(job.customer_id, Consent.CHECK_UPS) is not True:
        return skipped("the customer has not said yes to check-ups")  # POPIA: opt-in only
    if await turn.uow.reminder_preferences.reminders_off(job.customer_id):
        return skipped("the customer asked for no reminders")
    months = turn.business.reminders.maintenance_after_months
    text = (
        f"Hi {turn.me.first_name}, it's been {months} months since we did "
        f"{service_name(turn.business, job.service_code)} ({job.reference}). "
        "A check-up keeps things running smoothly. Shall we book one?"
    )
    subject = f"Time for a check-up? ({job.reference})"
    typed = "Reply BOOK to book a check-up."
    await _remind(turn, job, subject, text, (menu.BOOK, CHECK_UPS_OFF), typed)
    return SENT


async def _unpaid_invoice(turn: Turn, item: FollowUp, job: Job) -> Outcome:
    invoice = await turn.uow.invoices.get(item.invoice_id) if item.invoice_id else None
    if invoice is None or invoice.status is not InvoiceStatus.ISSUED:
        return skipped("the invoice is paid or void")
    link = await link_or_none(turn, invoice, job)
    text = (
        f"Hi {turn.me.first_name}, a friendly reminder: invoice {invoice.number_text} for "
        f"{job.reference}, {format_rand(await owing(turn, invoice))}, is still open. "
        f"{pay_words(turn, job.reference, link)} Paid already? Thank you, please ignore this."
    )
    _say(turn, text, (menu.TALK,), "")
    return SENT


async def _remind(
    turn: Turn, job: Job, subject: str, text: str, options: tuple[Option, ...], typed: str
) -> None:
    """A reminder or check-up in chat, by e-mail, or both, as the customer chose; in chat
    also when the e-mail cannot go (unsubscribed, the address refused)."""
    emailed = await also_by_email(turn, job.customer_id, MailTopic.REMINDER, subject, text)
    if not emailed or (await route_of(turn, job.customer_id, MailTopic.REMINDER)).to_chat:
        _say(turn, text, options, typed)


def _say(turn: Turn, text: str, options: tuple[Option, ...], typed_instead: str) -> None:
    """With options unless an open flow is waiting for a choice among its own; then its
    numbered options stay as they are and the message says what to type instead."""
    if turn.flow_name is None or not turn.offered():
        turn.reply(text, options)
    else:
        inbound = turn.inbound
        turn.outbox.append(Outbound(inbound.channel, inbound.sender, f"{text} {typed_instead}"))


# Not tied to a time: these wait while the customer is choosing among a flow's options.
WAITS_FOR_A_FREE_MOMENT = frozenset({FollowUpKind.SURVEY, FollowUpKind.MAINTENANCE})

SAYS: dict[FollowUpKind, Callable[[Turn, FollowUp, Job], Awaitable[Outcome]]] = {
    FollowUpKind.REMINDER: _reminder,
    FollowUpKind.SURVEY: _survey,
    FollowUpKind.MAINTENANCE: _maintenance,
    FollowUpKind.UNPAID_INVOICE: _unpaid_invoice,
}

"""Planning what is said later, in the transaction that causes it: a booking plans its
reminders, a move plans them anew, a cancellation drops them, completion plans the survey
and the maintenance reminder."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.follow_ups import (
    FollowUp,
    FollowUpKind,
    QuietHours,
    months_later,
    reminder_due,
    reminder_key,
    unpaid_invoice_reminder,
)
from domain.invoices import Invoice
from domain.jobs import Job
from handlers.kernel.turn import Turn


def quiet_hours(turn: Turn) -> QuietHours:
    start, end = turn.business.reminders.quiet_hours
    return QuietHours(start, end, turn.calendar.zone)


async def plan_reminders(turn: Turn, job: Job, appointment_id: int, start: datetime) -> None:
    """The reminders before a visit at `start`, in place of any planned for another time.
    One already due (a booking made less than a day ahead) is not planned: the confirmation
    has just said it all."""
    assert job.id is not None
    await turn.uow.follow_ups.cancel_reminders(appointment_id)
    now = turn.clock.now()
    for lead in turn.business.reminders.before_appointment_minutes:
        due = reminder_due(start, lead, quiet_hours(turn))
        if due is None or due <= now:
            continue
        await turn.uow.follow_ups.add(
            FollowUp(
                FollowUpKind.REMINDER,
                reminder_key(appointment_id, lead, start),
                due,
                job_id=job.id,
                customer_id=job.customer_id,
                appointment_id=appointment_id,
            ),
            now,
        )


async def drop_follow_ups(turn: Turn, job: Job) -> None:
    """A cancelled job: nothing planned for it goes out (an issued invoice is still owed)."""
    assert job.id is not None
    await turn.uow.follow_ups.cancel_for_job(job.id)


async def plan_after_completion(turn: Turn, job: Job) -> None:
    """How did we do, a little later; and a check-up suggestion months later."""
    assert job.id is not None
    timings, now, quiet = turn.business.reminders, turn.clock.now(), quiet_hours(turn)
    await turn.uow.follow_ups.cancel_for_job(job.id)  # reminders of a visit now done
    survey_at = quiet.defer(now + timedelta(minutes=timings.survey_after_completion_minutes))
    await turn.uow.follow_ups.add(
        FollowUp(
            FollowUpKind.SURVEY,
            f"survey:{job.id}",
            survey_at,
            job_id=job.id,
            customer_id=job.customer_id,
        ),
        now,
    )
    if timings.maintenance_after_months:
        check_up = quiet.defer(months_later(now, timings.maintenance_after_months))
        await turn.uow.follow_ups.add(
            FollowUp(
                FollowUpKind.MAINTENANCE,
                f"maintenance:{job.id}",
                check_up,
                job_id=job.id,
                customer_id=job.customer_id,
            ),
            now,
        )


async def plan_unpaid_reminder(turn: Turn, invoice: Invoice) -> None:
    """A reminder some days after issue; paid in full or void before then, it is called off
    (and when due it looks at the invoice again)."""
    after_days = turn.business.reminders.unpaid_invoice_after_days
    if not after_days:
        return
    assert invoice.id is not None and invoice.issued_at is not None
    reminder = unpaid_invoice_reminder(
        invoice.id,
        invoice.job_id,
        invoice.customer_id,
        invoice.issued_at,
        after_days,
        quiet_hours(turn),
    )
    await turn.uow.follow_ups.add(reminder, turn.clock.now())

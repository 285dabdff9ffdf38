"""The technician's yes or no to a late move or cancellation (buttons under the request).
Each request is decided once: a second press, or a press on a stale button, changes nothing."""

from __future__ import annotations

from domain.appointments import Appointment, ChangeKind, ChangeRequest
from domain.customers import Customer
from domain.jobs import Actor, Job
from handlers.kernel.turn import Turn
from handlers.shared import change_core
from handlers.shared.notify import notification
from handlers.shared.wording import when_text
from handlers.technician.documents import draft_invoice
from handlers.technician.invoice_extras import late_fee_line

APPROVE, DECLINE = "approve.", "decline."  # "approve.<request>"


async def approve(turn: Turn, number: str) -> None:
    await _decide(turn, "approve", number)


async def decline(turn: Turn, number: str) -> None:
    await _decide(turn, "decline", number)


async def _decide(turn: Turn, verdict: str, number: str) -> None:
    request = None
    if number.isdigit():
        status = "approved" if verdict == "approve" else "declined"
        request = await turn.uow.change_requests.decide(int(number), status, turn.clock.now())
    if request is None:
        turn.reply("That request was decided already.")
        return
    job = await turn.uow.jobs.get(request.job_id)
    found = await change_core.booking_of(turn, job.reference) if job else None
    if job is None or found is None or found[1].id != request.appointment_id:
        turn.reply("That booking has changed since it was asked for; nothing was done.")
        return
    customer = await turn.uow.customers.get(job.customer_id)
    assert customer is not None
    appointment, zone = found[1], turn.calendar.zone
    when = when_text(appointment.start, zone)
    if verdict != "approve":
        result = f"Declined: {job.reference} stays on {when}."
        told = f"Sorry, the technician can't make that change; {job.reference} stays on {when}."
    elif request.kind is ChangeKind.CANCEL:
        await change_core.cancel(turn, job, appointment, Actor.TECHNICIAN)
        result = f"Cancelled {job.reference} ({when})."
        told = f"Your booking {job.reference} on {when} is called off, as you asked."
    else:
        result, told = await _approve_move(turn, request, job.reference, found)
    _tell(turn, customer, told, result)
    fee = late_fee_line(turn) if verdict == "approve" else None
    if fee is not None and request.kind is ChangeKind.CANCEL:
        # The policy's fee, as a draft the technician sends (or drops) like any invoice.
        await draft_invoice(turn, job, [fee], extra_from=0)


async def _approve_move(
    turn: Turn, request: ChangeRequest, reference: str, found: tuple[Job, Appointment]
) -> tuple[str, str]:
    job, appointment = found
    assert request.start is not None
    zone = turn.calendar.zone
    old, new = when_text(appointment.start, zone), when_text(request.start, zone)
    refusal = await change_core.move(turn, job, appointment, request.start, Actor.TECHNICIAN)
    if refusal is not None:
        return (
            f"Couldn't move {reference} to {new}: {refusal} It stays on {old}.",
            f"The technician agreed, but {new} was taken meanwhile, so {reference} stays on "
            f"{old}. The technician will arrange another time with you.",
        )
    return (
        f"Moved {reference}: {old} -> {new}.",
        f"Done: {reference} is now on {new}, as you asked.",
    )


def _tell(turn: Turn, customer: Customer, told: str, result: str) -> None:
    message = notification(customer, told)
    if message is not None:
        turn.outbox.append(message)
    turn.reply(result if message else f"{result} The customer can't be reached in chat.")

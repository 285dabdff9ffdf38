"""The technician's yes or no to a late move or cancellation (buttons under the request)."""

from __future__ import annotations

from datetime import datetime

from domain.jobs import Actor
from handlers import change_core
from handlers.notify import notification
from handlers.turn import Turn
from handlers.wording import when_text

VERDICTS = ("approve.", "decline.")


async def decide(turn: Turn) -> None:
    """`approve.BG-1001.move.<start>`, `decline.BG-1001.cancel` and the like."""
    verdict, reference, what, *rest = (turn.inbound.chosen_option or "").split(".", 3)
    found = await change_core.booking_of(turn, reference)
    if found is None:
        turn.reply(f"{reference} has no coming booking any more; nothing to decide.")
        return
    job, appointment = found
    customer = await turn.uow.customers.get(job.customer_id)
    assert customer is not None
    zone = turn.calendar.zone
    when = when_text(appointment.start, zone)
    if verdict == "decline":
        told = f"Sorry, the technician can't make that change; {job.reference} stays on {when}."
        result = f"Declined: {job.reference} stays on {when}."
    elif what == "cancel":
        await change_core.cancel(turn, job, appointment, Actor.TECHNICIAN)
        told = f"Your booking {job.reference} on {when} is cancelled, as you asked."
        result = f"Cancelled {job.reference} ({when})."
    else:
        start = datetime.fromisoformat(rest[0])
        refusal = await change_core.move(turn, job, appointment, start, Actor.TECHNICIAN)
        if refusal is not None:
            turn.reply(f"Can't move {job.reference} to {when_text(start, zone)}: {refusal}")
            return
        told = f"Done: {job.reference} is now on {when_text(start, zone)}, as you asked."
        result = f"Moved {job.reference}: {when} -> {when_text(start, zone)}."
    message = notification(customer, told)
    if message is not None:
        turn.outbox.append(message)
    turn.reply(result if message else f"{result} The customer can't be reached in chat.")

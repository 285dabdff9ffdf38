"""/say BG-1001 text: the technician writes to a job's customer, on the customer's channel."""

from __future__ import annotations

from domain.errors import InvalidReference
from domain.jobs import Actor, parse_job_reference
from domain.records import ChatMessage
from handlers.kernel.turn import Turn
from handlers.shared.notify import notification
from handlers.shared.wording import who

USAGE = "Write it as /say BG-1001 followed by your message."


async def say(turn: Turn, args: str) -> None:
    reference, text = [*args.split(maxsplit=1), "", ""][:2]
    text = text.strip()
    if not reference or not text:
        turn.reply(USAGE)
        return
    try:
        job = await turn.uow.jobs.by_reference(parse_job_reference(reference))
    except InvalidReference:
        job = None
    if job is None or job.id is None:
        turn.reply(f"There is no job {reference}. {USAGE}")
        return
    customer = await turn.uow.customers.get(job.customer_id)
    assert customer is not None
    message = notification(customer, f"{job.reference}, from the technician: {text}")
    if message is None:
        phone = f" Call them on {customer.phone}." if customer.phone else ""
        turn.reply(
            f"{customer.name or 'The customer'} can't be reached in chat (opted out or blocked "
            f"on every channel).{phone}"
        )
        return
    turn.outbox.append(message)
    await turn.uow.records.add_chat(
        ChatMessage(job.id, Actor.TECHNICIAN, text, turn.clock.now(), message.channel)
    )
    turn.reply(f"Sent to {who(customer, message.channel)}.")

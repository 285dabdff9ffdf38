"""The technician's hold on customers' portal sessions: /signout BG-1001 (or a phone number)
ends every session of that customer; /portallink BG-1001 gives the technician a one-time
sign-in link to hand over (the embedded default has no channel to send it on)."""

from __future__ import annotations

from domain.customers import Customer
from domain.errors import InvalidPhoneNumber
from domain.phones import normalize_phone
from domain.sign_in import LINK_LIFETIME
from handlers.kernel.turn import Turn
from handlers.shared.accounts import sign_in_link
from handlers.technician.job_card import find_job


async def sign_out_customer(turn: Turn, args: str) -> None:
    """/signout BG-1001: every portal session of the job's customer ends at once."""
    customer = await _customer(turn, args)
    if customer is None or customer.id is None:
        return
    count = await turn.uow.customer_sessions.revoke_all(customer.id, turn.clock.now())
    name = customer.name or "the customer"
    turn.reply(f"Ended {count} portal session(s) of {name}. They sign in again with a new code.")


async def hand_over_link(turn: Turn, args: str) -> None:
    """/portallink BG-1001: a sign-in link for the job's customer, for the technician to pass on."""
    customer = await _customer(turn, args)
    if customer is None or customer.id is None:
        return
    link = await sign_in_link(turn.uow, customer.id, turn.public_url, turn.clock.now())
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    turn.reply(
        f"A sign-in link for {customer.name or 'the customer'} (works once, for {minutes} "
        f"minutes; give it only to them):\n{link}"
    )


async def _customer(turn: Turn, args: str) -> Customer | None:
    """The customer a job reference or a phone number names; None (having said so) if none."""
    typed = args.strip()
    try:
        phone = normalize_phone(typed) if typed and not typed.upper().startswith("BG") else None
    except InvalidPhoneNumber:
        phone = None
    if phone is not None:
        customer = await turn.uow.customers.by_phone(phone)
        if customer is None:
            turn.reply(f"No customer has the number {phone}.")
        return customer
    job = await find_job(turn, (typed.split() or [""])[0])
    return await turn.uow.customers.get(job.customer_id) if job is not None else None

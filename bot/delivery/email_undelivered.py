"""What follows an e-mail that will not arrive: a refused address is marked bad and the
technician told once; an e-mail that was not to be sent (the address unproven, refused
before, the kind unsubscribed) is nobody's fault and tells nobody."""

from __future__ import annotations

from datetime import datetime

from bot.delivery.sending import DeliveryFailed
from domain.customers import ChannelIdentity
from domain.messages import Outbound
from storage.unit_of_work import SqlUnitOfWork


async def email_undelivered(
    uow: SqlUnitOfWork,
    message: Outbound,
    failure: DeliveryFailed,
    admins: tuple[ChannelIdentity, ...],
    now: datetime,
) -> list[Outbound]:
    address = message.recipient
    if failure.opted_out:
        return []
    known = await uow.emails.by_address(address)
    who = await uow.customers.get(known.customer_id) if known else None
    name = who.name if who and who.name else "a customer"
    if failure.unreachable:
        if not await uow.emails.refuse(address, now):
            return []  # told already, by the first e-mail refused
        text = (
            f"E-mails to {name} at {address} are refused: {failure.reason}. I've marked the "
            "address bad; they'll hear from us in chat only until they give another with "
            "MY EMAIL."
        )
    else:
        text = f"Could not e-mail {name} at {address}: {failure.reason}"
    return [Outbound(a.channel, a.address, text) for a in admins]

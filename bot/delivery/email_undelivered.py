"""What follows an e-mail that will not arrive: a refused address is marked bad and the
technician told once; what the customer gets by e-mail alone goes to their chat instead; an
e-mail that was not to be sent (the address unproven, the kind unsubscribed) tells nobody."""

from __future__ import annotations

from datetime import datetime

from bot.delivery.sending import DeliveryFailed
from domain.customers import ChannelIdentity, Customer
from domain.email import MailTopic, Route
from domain.messages import Outbound
from handlers.shared.notify import reachable_identity
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
    instead = await _in_chat(uow, message, who)
    name = who.name if who and who.name else "a customer"
    if failure.unreachable:
        if not await uow.emails.refuse(address, now):
            return instead  # the technician was told by the first e-mail refused
        text = (
            f"E-mails to {name} at {address} are refused: {failure.reason}. I've marked the "
            "address bad; they'll hear from us in chat only until they give another with "
            "MY EMAIL."
        )
    else:
        text = f"Could not e-mail {name} at {address}: {failure.reason}"
    return [*instead, *(Outbound(a.channel, a.address, text) for a in admins)]


async def _in_chat(uow: SqlUnitOfWork, message: Outbound, who: Customer | None) -> list[Outbound]:
    """The message in their chat, if it was to come by e-mail alone (a code never is)."""
    if who is None or who.id is None or message.topic in ("", MailTopic.CODE):
        return []
    if (await uow.emails.routes(who.id)).get(MailTopic(message.topic)) is not Route.EMAIL:
        return []
    identity = reachable_identity(who)
    if identity is None:
        return []
    files = tuple(a for a in message.attachments if not a.content_type.startswith("text/calendar"))
    chat = Outbound(identity.channel, identity.address, message.text, attachments=files)
    return [chat]

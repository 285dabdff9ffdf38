"""Which messages e-mail carries for a customer: only to a proven address the relay has not
refused, only the kinds they route to e-mail, and never a kind they unsubscribed from."""

from __future__ import annotations

from dataclasses import replace

from domain.customers import Channel, Customer
from domain.email import TRANSACTIONAL, EmailAddress, MailTopic, Route
from domain.messages import Attachment, Outbound
from handlers.kernel.turn import Turn
from handlers.shared.notify import notification


async def route_of(turn: Turn, customer_id: int, topic: MailTopic) -> Route:
    """Where this kind of message goes for them; chat alone while no address is usable."""
    address = await turn.uow.emails.of_customer(customer_id)
    if address is None or not address.usable:
        return Route.CHAT
    return (await turn.uow.emails.routes(customer_id)).get(topic, Route.CHAT)


async def email_to(turn: Turn, customer_id: int, topic: MailTopic) -> EmailAddress | None:
    """Their address, if this kind of message is to be e-mailed to them now."""
    if not (await route_of(turn, customer_id, topic)).to_email:
        return None
    address = await turn.uow.emails.of_customer(customer_id)
    assert address is not None
    if topic not in TRANSACTIONAL and await turn.uow.emails.unsubscribed(address.address, topic):
        return None
    return address


def email(
    address: str,
    topic: MailTopic,
    subject: str,
    text: str,
    attachments: tuple[Attachment, ...] = (),
) -> Outbound:
    return Outbound(
        Channel.EMAIL,
        address,
        text,
        attachments=attachments,
        subject=subject,
        topic=str(topic),
    )


async def also_by_email(
    turn: Turn,
    customer_id: int,
    topic: MailTopic,
    subject: str,
    text: str,
    attachments: tuple[Attachment, ...] = (),
) -> bool:
    """Add the e-mail copy of a message when they get this kind by e-mail; whether it went."""
    address = await email_to(turn, customer_id, topic)
    if address is None:
        return False
    turn.outbox.append(email(address.address, topic, subject, text, attachments))
    return True


async def tell_by_route(
    turn: Turn,
    customer: Customer,
    topic: MailTopic,
    subject: str,
    text: str,
    attachments: tuple[Attachment, ...] = (),
) -> tuple[Outbound | None, bool]:
    """Tell the customer by e-mail, in chat or both, as they route this kind of message (chat
    too when e-mail cannot carry it); the chat message sent, if any, and whether it was e-mailed."""
    assert customer.id is not None
    emailed = await also_by_email(turn, customer.id, topic, subject, text, attachments)
    chat = await route_of(turn, customer.id, topic)
    message = notification(customer, text) if chat.to_chat or not emailed else None
    if message is not None and attachments:
        message = replace(message, attachments=attachments)
    if message is not None:
        turn.outbox.append(message)
    return message, emailed

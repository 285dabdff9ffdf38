"""What follows a message that will not arrive the way it was sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.delivery.email_undelivered import email_undelivered
from bot.delivery.sending import DeliveryFailed
from domain.customers import PHONE_CHANNELS, Channel, ChannelIdentity
from domain.messages import Outbound
from handlers.shared.wording import channel_name
from storage.unit_of_work import SqlUnitOfWork


async def undelivered(
    uow: SqlUnitOfWork,
    message: Outbound,
    failure: DeliveryFailed,
    admins: tuple[ChannelIdentity, ...],
    now: datetime,
) -> list[Outbound]:
    """A copy by the channel named to carry it instead; else the customer's channel marked
    (opted out, unreachable) and the technician told. What it returns is to be enqueued in
    the same transaction."""
    channel = Channel(message.channel)
    if channel is Channel.EMAIL:
        return await email_undelivered(uow, message, failure, admins, now)
    if failure.instead is not None:
        return [replace(message, channel=failure.instead)]
    if failure.opted_out:  # they asked for silence: remember it, nobody needs alerting
        await uow.customers.set_opted_out(channel, message.recipient, now)
        return []
    if failure.unreachable:
        await uow.customers.set_reachable(channel, message.recipient, False)
    if any((a.channel, a.address) == (channel, message.recipient) for a in admins):
        return []
    who = await uow.customers.by_identity(channel, message.recipient)
    if who is None and channel in PHONE_CHANNELS:  # an SMS in place of WhatsApp, say
        who = await uow.customers.by_phone(message.recipient)
    name = who.name if who and who.name else message.recipient
    text = f"Could not reach {name} on {channel_name(channel)}: {failure.reason}"
    return [Outbound(a.channel, a.address, text) for a in admins]

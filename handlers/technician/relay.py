"""The technician answers a customer by replying to their relayed message in the admin chat."""

from __future__ import annotations

from domain.customers import Channel
from domain.jobs import Actor, parse_job_reference
from domain.messages import Outbound
from domain.records import AttachmentKind, ChatMessage
from handlers.kernel.turn import Turn
from handlers.shared.job_files import keep_files
from handlers.shared.wording import channel_name


async def reply_to_customer(turn: Turn) -> bool:
    """Send the technician's reply on; False when the message replied to was no customer's."""
    inbound = turn.inbound
    if inbound.reply_to is None:
        return False
    replied = await turn.uow.outbox.sent_as(inbound.channel, inbound.sender, inbound.reply_to)
    if replied is None or not replied.regarding:
        return False
    conversation, _, reference = replied.regarding.partition("|")
    channel_text, _, address = conversation.partition(":")
    channel = Channel(channel_text)
    customer = await turn.uow.customers.by_identity(channel, address)
    identity = customer.identity(channel, address) if customer else None
    if customer is None or identity is None:
        turn.reply("That customer is no longer known here.")
        return True
    if identity.opted_out_at is not None or not identity.reachable:
        why = "opted out" if identity.opted_out_at else "can't be reached"
        turn.reply(f"Not sent: {customer.name or address} {why} on {channel_name(channel)}.")
        return True
    text = inbound.text.strip()
    prefix = f"{reference} - technician" if reference else "Technician"
    turn.outbox.append(
        Outbound(channel, address, f"{prefix}: {text}" if text else "", attachments=inbound.media)
    )
    job = await turn.uow.jobs.by_reference(parse_job_reference(reference)) if reference else None
    if job is not None and job.id is not None:
        if text:
            chat = ChatMessage(job.id, Actor.TECHNICIAN, text, turn.clock.now(), channel)
            await turn.uow.records.add_chat(chat)
        await keep_files(turn, job, inbound.media, AttachmentKind.SCREENSHOT, visible=True)
    turn.reply(f"Sent to {customer.name or address} on {channel_name(channel)}.")
    return True

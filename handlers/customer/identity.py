"""Who is writing: a customer record on first contact, and one person across channels."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from domain.customers import PHONE_CHANNELS, Channel, ChannelIdentity, Customer
from domain.errors import InvalidPhoneNumber
from domain.phones import normalize_phone
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn

# A chatty customer's every message need not move the time they last wrote by seconds: one
# UPDATE less per message. The WhatsApp window, reckoned from it, closes early by at most this.
HEARD_FROM_PRECISION = timedelta(minutes=1)


async def identify(turn: Turn) -> Customer:
    """The customer behind this message, created on first contact. Writing to us makes a
    channel reachable again (they may have unblocked the bot) and restarts its WhatsApp
    window; a name we lacked is taken from the platform."""
    inbound, customers = turn.inbound, turn.uow.customers
    customer = await customers.by_identity(inbound.channel, inbound.sender)
    if customer is None:
        customer = await _first_contact_here(turn)
    elif (here := customer.identity(inbound.channel, inbound.sender)) and not here.reachable:
        await customers.set_reachable(inbound.channel, inbound.sender, True)
    if inbound.sender_name.strip() and not customer.name:
        customer.name = inbound.sender_name.strip()
        await customers.update(customer)
    if not _heard_lately(customer, inbound.channel, inbound.sender, inbound.received_at):
        await customers.heard_from(inbound.channel, inbound.sender, inbound.received_at)
    customer.identities = [
        replace(i, reachable=True, last_inbound_at=inbound.received_at)
        if (i.channel, i.address) == (inbound.channel, inbound.sender)
        else i
        for i in customer.identities
    ]
    turn.customer = customer
    return customer


def _heard_lately(customer: Customer, channel: Channel, sender: str, at: datetime) -> bool:
    """Heard on this channel within the precision, and on no other since (the channel we last
    heard on is the one we answer on)."""
    here = customer.identity(channel, sender)
    if here is None or here.last_inbound_at is None:
        return False
    latest = max(i.last_inbound_at for i in customer.identities if i.last_inbound_at)
    return here.last_inbound_at == latest and at - here.last_inbound_at < HEARD_FROM_PRECISION


async def _first_contact_here(turn: Turn) -> Customer:
    """A new customer, or one we know from SMS or WhatsApp writing on the other of the two."""
    inbound, customers = turn.inbound, turn.uow.customers
    phone = inbound.sender if inbound.channel in PHONE_CHANNELS else None
    identity = ChannelIdentity(inbound.channel, inbound.sender)
    known = await customers.by_phone(phone) if phone else None
    if known is not None and known.id is not None:
        await customers.add_identity(known.id, identity)
        known.identities.append(identity)
        return known
    return await customers.add(
        Customer(name=inbound.sender_name.strip(), phone=phone, identities=[identity])
    )


async def link_shared_phone(turn: Turn) -> None:
    """The customer shared their own number with the contact button."""
    try:
        phone = normalize_phone(turn.inbound.shared_phone or "")
    except InvalidPhoneNumber:
        turn.reply("Sorry, I couldn't read that phone number.", main_menu())
        return
    if await keep_proven_phone(turn, phone):
        turn.tell_admins(
            f"{turn.me.name or 'A customer'} shared {phone} on Telegram: joined with the "
            "record we had for that number (jobs, history, channels)."
        )
    turn.reply(
        f"Thanks {turn.me.first_name}! We'll recognise you on WhatsApp and SMS at {phone} too.",
        main_menu(),
    )


async def keep_proven_phone(turn: Turn, phone: str) -> bool:
    """A number proven to be the customer's (shared with the contact button, or confirmed by
    a code) is kept on their record; when another record holds it, the two are joined (jobs,
    history, channels) into that one. True when records were joined."""
    me, customers = turn.me, turn.uow.customers
    assert me.id is not None
    known = await customers.by_phone(phone)
    if known and known.id is not None and known.id != me.id:
        await customers.merge(me.id, into_id=known.id)
        # SQLite may hand the joined record's id to the next new customer, who must be told.
        turn.services.noticed.difference_update({(me.id, channel) for channel in Channel})
        turn.customer = await customers.get(known.id)
        return True
    me.phone = phone
    await customers.update(me)
    return False

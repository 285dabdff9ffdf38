"""Who is writing: a customer record on first contact, and one person across channels."""

from __future__ import annotations

from dataclasses import replace

from domain.customers import PHONE_CHANNELS, ChannelIdentity, Customer
from domain.errors import InvalidPhoneNumber
from domain.phones import normalize_phone
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn


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
    await customers.heard_from(inbound.channel, inbound.sender, inbound.received_at)
    customer.identities = [
        replace(i, reachable=True, last_inbound_at=inbound.received_at)
        if (i.channel, i.address) == (inbound.channel, inbound.sender)
        else i
        for i in customer.identities
    ]
    turn.customer = customer
    return customer


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
        turn.customer = await customers.get(known.id)
        return True
    me.phone = phone
    await customers.update(me)
    return False

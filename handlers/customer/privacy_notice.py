"""The short privacy notice at a customer's first contact on each channel: it rides on the first
reply we send them there, and is recorded (what, when, on which channel). A customer never
asked about check-ups is asked once, kindly, in the same lines."""

from __future__ import annotations

from dataclasses import replace

from domain.customers import Channel
from domain.privacy import Consent, ConsentRecord
from domain.privacy_notice import short_notice
from handlers.kernel.turn import Turn

NOTICES_REMEMBERED = 50_000  # a few MB; past it the memory starts again


async def notice_on_first_reply(turn: Turn) -> None:
    """After the customer's turn: their first reply on this channel carries the notice. No
    reply (someone opted out) or only an opt-out confirmation: it waits for the next one."""
    customer, inbound = turn.customer, turn.inbound
    if customer is None or customer.id is None:
        return
    here = (inbound.channel, inbound.sender)
    first = next(
        (
            i
            for i, m in enumerate(turn.outbox)
            if (m.channel, m.recipient) == here and not m.confirms_opt_out
        ),
        None,
    )
    if first is None or await _noticed(turn, customer.id, inbound.channel):
        return
    now, link = turn.clock.now(), turn.business.privacy.notice_link(turn.public_url)
    await turn.uow.privacy.record_consent(
        ConsentRecord(customer.id, Consent.NOTICE, True, now, inbound.channel)
    )
    ask = await turn.uow.privacy.latest(customer.id, Consent.CHECK_UPS) is None
    if ask:  # asked is recorded as a "no" until they say yes
        await turn.uow.privacy.record_consent(
            ConsentRecord(customer.id, Consent.CHECK_UPS, False, now, inbound.channel)
        )
    reply = turn.outbox[first]
    notice = short_notice(link, ask)
    turn.outbox[first] = replace(reply, text=f"{reply.text}\n\n{notice}")


async def _noticed(turn: Turn, customer_id: int, channel: Channel) -> bool:
    """Remembered only once read from the database: a notice recorded by a turn that is then
    rolled back must be given again."""
    memory = turn.services.noticed
    if (customer_id, channel) in memory:
        return True
    if not await turn.uow.privacy.noticed(customer_id, channel):
        return False
    if len(memory) >= NOTICES_REMEMBERED:
        memory.clear()
    memory.add((customer_id, channel))
    return True

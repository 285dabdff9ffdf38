"""Reaching a customer who did not just write: on the channel they use, if it still reaches them."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.customers import Channel, ChannelIdentity, Customer
from domain.messages import Outbound

_NEVER = datetime.min.replace(tzinfo=UTC)


def reachable_identity(customer: Customer) -> ChannelIdentity | None:
    """The channel they last wrote on, among those that still reach them (not blocked, not
    opted out); None when no channel does. The web chat reaches no one who has closed the
    page, so it is the last resort of a customer with a proven number or a Telegram chat."""
    open_ones = [i for i in customer.identities if i.reachable and i.opted_out_at is None]
    off_page = [i for i in open_ones if i.channel is not Channel.WEB] or open_ones
    return max(off_page, key=lambda i: i.last_inbound_at or _NEVER, default=None)


def notification(customer: Customer, text: str) -> Outbound | None:
    identity = reachable_identity(customer)
    if identity is None:
        return None
    return Outbound(identity.channel, identity.address, text)

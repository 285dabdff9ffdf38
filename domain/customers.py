"""Customers and the channel identities through which one person reaches us."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.phones import normalize_phone


class Channel(StrEnum):
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    WEB = "web"
    EMAIL = "email"  # out only: a proven address (domain/email.py), never a conversation


PHONE_CHANNELS = frozenset({Channel.WHATSAPP, Channel.SMS})


@dataclass(frozen=True, slots=True)
class ChannelIdentity:
    """Where a customer can be reached: a Telegram user id, a phone number, a web session."""

    channel: Channel
    address: str
    reachable: bool = True
    # When they last wrote to us here: WhatsApp allows free-form messages for 24 h after it.
    last_inbound_at: datetime | None = None
    # They asked for no more messages here (SMS/WhatsApp STOP) and have not said START since.
    opted_out_at: datetime | None = None

    @classmethod
    def of(cls, channel: Channel, address: str) -> ChannelIdentity:
        """Phone channels are keyed by the E.164 number, so SMS and WhatsApp meet."""
        if channel in PHONE_CHANNELS:
            address = normalize_phone(address)
        return cls(channel=channel, address=address)


@dataclass(slots=True)
class Customer:
    name: str
    phone: str | None = None
    email: str | None = None
    identities: list[ChannelIdentity] = field(default_factory=list)
    created_at: datetime | None = None
    id: int | None = None

    def identity(self, channel: Channel, address: str) -> ChannelIdentity | None:
        return next(
            (i for i in self.identities if (i.channel, i.address) == (channel, address)), None
        )

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else "there"

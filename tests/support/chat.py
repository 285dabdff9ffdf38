"""Talk to the service's conversations directly through the dispatcher, as a transcript."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.intake.dispatcher import Dispatcher
from domain.customers import Channel
from domain.messages import Attachment, Inbound, Outbound
from domain.ports import Clock
from storage.tables import OutboxRow

_ids = itertools.count(1)


async def outbox_after(
    sessions: async_sessionmaker[AsyncSession], after_id: int
) -> list[tuple[int, Outbound]]:
    async with sessions() as session:
        rows = await session.scalars(
            select(OutboxRow).where(OutboxRow.id > after_id).order_by(OutboxRow.id)
        )
        return [(r.id, Outbound.from_json(r.payload)) for r in rows]


@dataclass
class Transcript:
    """Everything the service sent since the last look, split by who received it."""

    sessions: async_sessionmaker[AsyncSession]
    seen: int = 0

    async def new(self) -> list[Outbound]:
        rows = await outbox_after(self.sessions, self.seen)
        if rows:
            self.seen = rows[-1][0]
        return [message for _, message in rows]


async def arrive(
    dispatcher: Dispatcher, transcript: Transcript, *messages: Inbound
) -> list[Outbound]:
    """Messages accepted as a channel hands them over; everything sent once they settled."""
    for message in messages:
        await dispatcher.accept(message)
    await dispatcher.settled()
    return await transcript.new()


@dataclass
class Person:
    dispatcher: Dispatcher
    transcript: Transcript
    clock: Clock  # the service's own: a message arrives at the time the service sees
    channel: Channel
    address: str
    name: str = "Thandi Mokoena"
    received: list[Outbound] = field(default_factory=list)
    others: list[Outbound] = field(default_factory=list)  # what others got from my last message

    async def send(
        self,
        text: str = "",
        *,
        option: str | None = None,
        phone: str | None = None,
        media: tuple[Attachment, ...] = (),
        reply_to: str | None = None,
    ) -> list[Outbound]:
        """Send one message; what the service answered to this person (others: `transcript`)."""
        message = Inbound(
            channel=self.channel,
            sender=self.address,
            platform_id=f"test-{next(_ids)}",
            received_at=self.clock.now(),
            text=text,
            chosen_option=option,
            sender_name=self.name,
            shared_phone=phone,
            media=media,
            reply_to=reply_to,
        )
        out = await arrive(self.dispatcher, self.transcript, message)
        self.others = [m for m in out if (m.channel, m.recipient) != (self.channel, self.address)]
        mine = [m for m in out if (m.channel, m.recipient) == (self.channel, self.address)]
        self.received.extend(mine)
        return mine


def labels(message: Outbound) -> list[str]:
    """The labels of a message's options, as the person sees them."""
    return [o.label for o in message.options]

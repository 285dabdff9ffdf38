"""A customer's conversation across their channels, read from what was recorded anyway: the
inbound log (what they wrote) and the outbox (what we said), merged by time. For the portal's
chat, which shows the whole history, not only the web chat's own mailbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.customers import ChannelIdentity
from storage.tables import InboundMessageRow, OutboxRow

HISTORY = 60


@dataclass(frozen=True)
class Said:
    at: datetime
    mine: bool  # the customer wrote it
    channel: str
    text: str


async def channel_history(
    sessions: async_sessionmaker[AsyncSession],
    identities: Sequence[ChannelIdentity],
    limit: int = HISTORY,
) -> list[Said]:
    """The latest `limit` messages to and from these identities, oldest first."""
    if not identities:
        return []
    keys = [f"{i.channel}:{i.address}" for i in identities]
    to_them = or_(
        *(
            and_(OutboxRow.channel == i.channel, OutboxRow.recipient == i.address)
            for i in identities
        )
    )
    async with sessions() as session:
        wrote = await session.scalars(
            select(InboundMessageRow)
            .where(InboundMessageRow.conversation_key.in_(keys))
            .order_by(InboundMessageRow.id.desc())
            .limit(limit)
        )
        told = await session.scalars(
            select(OutboxRow).where(to_them).order_by(OutboxRow.id.desc()).limit(limit)
        )
        said = [_theirs(row) for row in wrote] + [_ours(row) for row in told]
    said.sort(key=lambda s: s.at)
    return said[-limit:]


def _theirs(row: InboundMessageRow) -> Said:
    text = str(row.payload.get("text") or "")
    if not text and row.payload.get("chosen_option"):
        text = "(chose an option)"
    elif not text and row.payload.get("media"):
        text = "(sent a file)"
    return Said(row.received_at, True, row.channel, text)


def _ours(row: OutboxRow) -> Said:
    return Said(row.created_at, False, row.channel, str(row.payload.get("text") or ""))

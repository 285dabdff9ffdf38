"""The inbound-message log (deduplicated by platform id) and the outbox."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.messages import Inbound, Outbound
from storage.tables import InboundMessageRow, OutboxRow


class InboundStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class SqlInboundLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, message: Inbound) -> bool:
        """Insert once per (channel, platform id); a redelivery inserts nothing."""
        dialect = self._session.bind.dialect.name if self._session.bind else "sqlite"
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(InboundMessageRow)
            .values(
                channel=message.channel,
                platform_id=message.platform_id,
                conversation_key=message.conversation_key,
                payload=message.to_json(),
                status=InboundStatus.PENDING,
                attempts=0,
                received_at=message.received_at,
            )
            .on_conflict_do_nothing(index_elements=["channel", "platform_id"])
            .returning(InboundMessageRow.id)
        )
        result = await self._session.execute(statement)
        return result.scalar_one_or_none() is not None


class SqlOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def enqueue(self, message: Outbound, at: datetime) -> int:
        row = OutboxRow(
            channel=message.channel,
            recipient=message.recipient,
            payload=message.to_json(),
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=at,
            created_at=at,
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

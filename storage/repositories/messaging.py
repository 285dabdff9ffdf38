"""The inbound-message log, conversation state and the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.messages import Inbound, Outbound
from storage.tables import ConversationRow, InboundMessageRow, OutboxRow


class InboundStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


T = TypeVar("T", Inbound, Outbound)


@dataclass(frozen=True, slots=True)
class Stored(Generic[T]):
    """A message as kept in a log: its row id and how often handling it was tried."""

    id: int
    message: T
    attempts: int


def dialect_insert(session: AsyncSession) -> Any:
    """The dialect's INSERT, for ON CONFLICT DO NOTHING on both databases."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


class SqlInboundLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, message: Inbound) -> bool:
        """Insert once per (channel, platform id); a redelivery inserts nothing."""
        statement = (
            dialect_insert(self._session)(InboundMessageRow)
            .values(
                channel=message.channel,
                platform_id=message.platform_id,
                conversation_key=message.conversation_key,
                payload=message.to_json(),
                status=InboundStatus.PENDING,
                attempts=0,
                next_attempt_at=message.received_at,
                received_at=message.received_at,
            )
            .on_conflict_do_nothing(index_elements=["channel", "platform_id"])
            .returning(InboundMessageRow.id)
        )
        result = await self._session.execute(statement)
        return result.scalar_one_or_none() is not None

    async def conversations_due(self, now: datetime, limit: int = 100) -> list[str]:
        """Conversations with a message waiting, the longest-waiting first."""
        rows = await self._session.execute(
            select(InboundMessageRow.conversation_key)
            .where(
                InboundMessageRow.status == InboundStatus.PENDING,
                InboundMessageRow.next_attempt_at <= now,
            )
            .group_by(InboundMessageRow.conversation_key)
            .order_by(func.min(InboundMessageRow.id))
            .limit(limit)
        )
        return list(rows.scalars())

    async def next_in(self, conversation_key: str, now: datetime) -> Stored[Inbound] | None:
        """The oldest unhandled message of a conversation, if it is due: order is kept even
        when the oldest must wait for a retry."""
        row = await self._session.scalar(
            select(InboundMessageRow)
            .where(
                InboundMessageRow.conversation_key == conversation_key,
                InboundMessageRow.status == InboundStatus.PENDING,
            )
            .order_by(InboundMessageRow.id)
            .limit(1)
        )
        if row is None or row.next_attempt_at > now:
            return None
        return Stored(row.id, Inbound.from_json(row.payload), row.attempts)

    async def finish(self, message_id: int, now: datetime, error: str | None = None) -> None:
        """Done, or failed for good (kept with its error, never lost)."""
        status = InboundStatus.FAILED if error else InboundStatus.DONE
        await self._session.execute(
            update(InboundMessageRow)
            .where(InboundMessageRow.id == message_id)
            .values(
                status=status,
                error=error,
                handled_at=now,
                attempts=InboundMessageRow.attempts + 1,
            )
        )

    async def retry_later(self, message_id: int, error: str, at: datetime) -> None:
        await self._session.execute(
            update(InboundMessageRow)
            .where(InboundMessageRow.id == message_id)
            .values(error=error, next_attempt_at=at, attempts=InboundMessageRow.attempts + 1)
        )


class SqlConversations:
    """Conversation state, locked for the length of the transaction that handles a message."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock(self, key: str, now: datetime) -> dict[str, Any]:
        # The row must exist to be locked; FOR UPDATE then serialises the conversation's
        # messages across processes on Postgres (SQLite's BEGIN IMMEDIATE already does).
        await self._session.execute(
            dialect_insert(self._session)(ConversationRow)
            .values(key=key, state={}, updated_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
        )
        row = await self._session.scalar(
            select(ConversationRow)
            .where(ConversationRow.key == key)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        assert row is not None
        return dict(row.state)

    async def save(self, key: str, state: dict[str, Any], now: datetime) -> None:
        await self._session.execute(
            update(ConversationRow)
            .where(ConversationRow.key == key)
            .values(state=state, updated_at=now)
        )


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

    async def claim_due(
        self, now: datetime, lease: timedelta, limit: int
    ) -> list[Stored[Outbound]]:
        """Lease due messages, oldest first; rows another process holds are skipped."""
        rows = (
            await self._session.scalars(
                select(OutboxRow)
                .where(
                    OutboxRow.status == OutboxStatus.PENDING,
                    OutboxRow.next_attempt_at <= now,
                    or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < now),
                )
                .order_by(OutboxRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if rows:
            await self._session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_([r.id for r in rows]))
                .values(claimed_until=now + lease)
            )
        return [Stored(r.id, Outbound.from_json(r.payload), r.attempts) for r in rows]

    async def mark_sent(self, message_id: int, platform_id: str | None, now: datetime) -> None:
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == message_id)
            .values(
                status=OutboxStatus.SENT,
                platform_message_id=platform_id,
                sent_at=now,
                claimed_until=None,
                attempts=OutboxRow.attempts + 1,
            )
        )

    async def retry_later(self, message_id: int, error: str, at: datetime) -> None:
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == message_id)
            .values(
                last_error=error,
                next_attempt_at=at,
                claimed_until=None,
                attempts=OutboxRow.attempts + 1,
            )
        )

    async def postpone(self, message_ids: list[int], at: datetime) -> None:
        """Hold messages back without counting an attempt (they queue behind a failed one)."""
        if message_ids:
            await self._session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(message_ids))
                .values(next_attempt_at=at, claimed_until=None)
            )

    async def give_up(self, message_id: int, error: str) -> None:
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == message_id)
            .values(
                status=OutboxStatus.FAILED,
                last_error=error,
                claimed_until=None,
                attempts=OutboxRow.attempts + 1,
            )
        )

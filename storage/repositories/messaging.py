"""The inbound-message log, conversation state and the outbox."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Table, bindparam, exists, func, insert, or_, select, update
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


# Core tables on the hot path: plain statements skip the ORM's per-statement bookkeeping.
_inbound = cast(Table, InboundMessageRow.__table__)
_outbox = cast(Table, OutboxRow.__table__)
_conversations = cast(Table, ConversationRow.__table__)


def insert_or_ignore(table: Table, *unique: str) -> dict[str, Any]:
    """INSERT … ON CONFLICT DO NOTHING, one statement per dialect."""
    return {
        "postgresql": postgresql.insert(table).on_conflict_do_nothing(index_elements=unique),
        "sqlite": sqlite.insert(table).on_conflict_do_nothing(index_elements=unique),
    }


# Built once: a message passes through each of these, so building them per call costs more
# than running them.
_RECORD = {
    dialect: statement.returning(_inbound.c.id)
    for dialect, statement in insert_or_ignore(_inbound, "channel", "platform_id").items()
}
_NEXT_IN = (
    select(
        _inbound.c.id,
        _inbound.c.payload,
        _inbound.c.attempts,
        _inbound.c.next_attempt_at,
        _inbound.c.received_at,
    )
    .where(
        _inbound.c.conversation_key == bindparam("key"),
        _inbound.c.status == InboundStatus.PENDING,
    )
    .order_by(_inbound.c.id)
    .limit(1)
)
_FINISH = (
    update(_inbound)
    .where(_inbound.c.id == bindparam("message_id"))
    .values(
        status=bindparam("new_status"),
        error=bindparam("new_error"),
        handled_at=bindparam("at"),
        attempts=_inbound.c.attempts + 1,
    )
)
# One statement creates the row if needed, locks it (an upsert's DO UPDATE takes the row lock
# on Postgres; SQLite's BEGIN IMMEDIATE already serialises writers) and returns the state.
_LOCK_CONVERSATION = {
    dialect: insert_fn(_conversations)
    .on_conflict_do_update(
        index_elements=["key"], set_={"key": insert_fn(_conversations).excluded.key}
    )
    .returning(_conversations.c.state)
    for dialect, insert_fn in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
_SAVE_CONVERSATION = (
    update(_conversations)
    .where(_conversations.c.key == bindparam("conversation"))
    .values(state=bindparam("new_state"), updated_at=bindparam("at"))
)
_ENQUEUE = insert(_outbox).returning(_outbox.c.id)
_older = _outbox.alias("older")
# An older message to the same recipient still waits (and is not one the caller is sending
# itself, in order): a new one must queue behind it.
_WAITING_BEFORE = (
    select(_older.c.id)
    .where(
        _older.c.channel == bindparam("channel"),
        _older.c.recipient == bindparam("recipient"),
        _older.c.status == OutboxStatus.PENDING,
        _older.c.id.not_in(bindparam("sending", expanding=True)),
    )
    .limit(1)
)
_MARK_SENT = (
    update(_outbox)
    .where(_outbox.c.id == bindparam("message_id"))
    .values(
        status=OutboxStatus.SENT,
        platform_message_id=bindparam("platform_id"),
        sent_at=bindparam("at"),
        claimed_until=None,
        attempts=_outbox.c.attempts + 1,
    )
)


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"


T = TypeVar("T", Inbound, Outbound)


@dataclass(frozen=True, slots=True)
class Stored(Generic[T]):
    """A message as kept in a log: its row id, how often it was tried, when it came in."""

    id: int
    message: T
    attempts: int
    created_at: datetime


class SqlInboundLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, message: Inbound, now: datetime) -> bool:
        """Insert once per (channel, platform id); a redelivery inserts nothing. Due from `now`
        (our clock), not from the platform's timestamp, which may run ahead of ours."""
        result = await self._session.execute(
            _RECORD[dialect_of(self._session)],
            {
                "channel": message.channel,
                "platform_id": message.platform_id,
                "conversation_key": message.conversation_key,
                "payload": message.to_json(),
                "status": InboundStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "received_at": message.received_at,
            },
        )
        return result.scalar_one_or_none() is not None

    async def conversations_due(self, now: datetime, limit: int = 100) -> list[str]:
        """Conversations with a message waiting, the longest-waiting first."""
        rows = await self._session.execute(
            select(_inbound.c.conversation_key)
            .where(
                _inbound.c.status == InboundStatus.PENDING,
                _inbound.c.next_attempt_at <= now,
            )
            .group_by(_inbound.c.conversation_key)
            .order_by(func.min(_inbound.c.id))
            .limit(limit)
        )
        return list(rows.scalars())

    async def next_in(self, conversation_key: str, now: datetime) -> Stored[Inbound] | None:
        """The oldest unhandled message of a conversation, if it is due: order is kept even
        when the oldest must wait for a retry."""
        row = (await self._session.execute(_NEXT_IN, {"key": conversation_key})).first()
        if row is None or row.next_attempt_at > now:
            return None
        return Stored(row.id, Inbound.from_json(row.payload), row.attempts, row.received_at)

    async def finish(self, message_id: int, now: datetime, error: str | None = None) -> None:
        """Done, or failed for good (kept with its error, never lost)."""
        status = InboundStatus.FAILED if error else InboundStatus.DONE
        await self._session.execute(
            _FINISH,
            {"message_id": message_id, "new_status": status, "new_error": error, "at": now},
        )

    async def retry_later(self, message_id: int, error: str, at: datetime) -> None:
        await self._session.execute(
            update(_inbound)
            .where(_inbound.c.id == message_id)
            .values(error=error, next_attempt_at=at, attempts=_inbound.c.attempts + 1)
        )


class SqlConversations:
    """Conversation state, locked for the length of the transaction that handles a message."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock(self, key: str, now: datetime) -> dict[str, Any]:
        """The conversation's state, its row locked until the transaction ends: a second
        process handling the same conversation waits here."""
        state = await self._session.scalar(
            _LOCK_CONVERSATION[dialect_of(self._session)],
            {"key": key, "state": {}, "updated_at": now},
        )
        assert state is not None
        return dict(state)

    async def save(self, key: str, state: dict[str, Any], now: datetime) -> None:
        await self._session.execute(
            _SAVE_CONVERSATION, {"conversation": key, "new_state": state, "at": now}
        )


class SqlOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def enqueue(self, message: Outbound, at: datetime) -> int:
        return (await self._insert(message, at, None)).id

    async def enqueue_leased(
        self, message: Outbound, at: datetime, until: datetime, sending: Collection[int] = ()
    ) -> Stored[Outbound] | None:
        """Enqueue leased to the caller, who sends it right after the commit (after the rows
        in `sending`, which the caller sends in order). None when another older message to the
        same recipient still waits: this one then queues behind it."""
        waiting = await self._session.scalar(
            _WAITING_BEFORE,
            {"channel": message.channel, "recipient": message.recipient, "sending": list(sending)},
        )
        if waiting is not None:
            await self._insert(message, at, None)
            return None
        return await self._insert(message, at, until)

    async def _insert(
        self, message: Outbound, at: datetime, until: datetime | None
    ) -> Stored[Outbound]:
        result = await self._session.execute(
            _ENQUEUE,
            {
                "channel": message.channel,
                "recipient": message.recipient,
                "payload": message.to_json(),
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": at,
                "claimed_until": until,
                "created_at": at,
            },
        )
        return Stored(result.scalar_one(), message, 0, at)

    async def claim_due(
        self, now: datetime, lease: timedelta, limit: int
    ) -> list[Stored[Outbound]]:
        """Lease due messages, oldest first. Rows another process holds are skipped, and so is
        every row with an older one to the same recipient that cannot go now: order holds."""
        rows = (
            await self._session.execute(
                select(_outbox)
                .where(
                    _outbox.c.status == OutboxStatus.PENDING,
                    _outbox.c.next_attempt_at <= now,
                    or_(_outbox.c.claimed_until.is_(None), _outbox.c.claimed_until < now),
                    ~exists().where(
                        _older.c.channel == _outbox.c.channel,
                        _older.c.recipient == _outbox.c.recipient,
                        _older.c.status == OutboxStatus.PENDING,
                        _older.c.id < _outbox.c.id,
                        or_(_older.c.next_attempt_at > now, _older.c.claimed_until >= now),
                    ),
                )
                .order_by(_outbox.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if rows:
            await self._session.execute(
                update(_outbox)
                .where(_outbox.c.id.in_([r.id for r in rows]))
                .values(claimed_until=now + lease)
            )
        return [Stored(r.id, Outbound.from_json(r.payload), r.attempts, r.created_at) for r in rows]

    async def mark_sent(self, message_id: int, platform_id: str | None, now: datetime) -> None:
        await self._session.execute(
            _MARK_SENT, {"message_id": message_id, "platform_id": platform_id, "at": now}
        )

    async def retry_later(self, message_id: int, error: str, at: datetime) -> None:
        await self._session.execute(
            update(_outbox)
            .where(_outbox.c.id == message_id)
            .values(
                last_error=error,
                next_attempt_at=at,
                claimed_until=None,
                attempts=_outbox.c.attempts + 1,
            )
        )

    async def extend_lease(self, message_ids: list[int], until: datetime) -> None:
        await self._session.execute(
            update(_outbox)
            .where(
                _outbox.c.id.in_(message_ids),
                _outbox.c.status == OutboxStatus.PENDING,
                _outbox.c.claimed_until.is_not(None),
            )
            .values(claimed_until=until)
        )

    async def postpone(self, message_ids: list[int], at: datetime) -> None:
        """Hold messages back without counting an attempt (they queue behind a failed one)."""
        if message_ids:
            await self._session.execute(
                update(_outbox)
                .where(_outbox.c.id.in_(message_ids))
                .values(next_attempt_at=at, claimed_until=None)
            )

    async def give_up(self, message_id: int, error: str) -> None:
        await self._session.execute(
            update(_outbox)
            .where(_outbox.c.id == message_id)
            .values(
                status=OutboxStatus.FAILED,
                last_error=error,
                claimed_until=None,
                attempts=_outbox.c.attempts + 1,
            )
        )

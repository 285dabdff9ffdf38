"""The inbound-message log: recorded once per platform id, handled in order per conversation."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.messages import Inbound
from storage.repositories.common import Stored, dialect_of, insert_or_ignore
from storage.tables import InboundMessageRow


class InboundStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


# Core statements, built once: a busy service runs these for every message, and building them
# per call costs more than running them (the ORM's bookkeeping is not needed here).
_inbound = cast(Table, InboundMessageRow.__table__)
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
    .limit(2)  # the second only says whether another waits behind the first
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

    async def next_in(
        self, conversation_key: str, now: datetime
    ) -> tuple[Stored[Inbound] | None, bool]:
        """The oldest unhandled message of a conversation, if it is due (order is kept even
        when the oldest must wait for a retry), and whether another waits behind it."""
        rows = (await self._session.execute(_NEXT_IN, {"key": conversation_key})).all()
        if not rows or rows[0].next_attempt_at > now:
            return None, False
        row = rows[0]
        stored = Stored(row.id, Inbound.from_json(row.payload), row.attempts, row.received_at)
        return stored, len(rows) > 1

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

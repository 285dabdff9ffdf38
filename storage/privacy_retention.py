"""What the business file's retention periods let go: messages older than the conversations'
period, and customers with no open job and no word from them for the closed customers' period.
Rows are claimed with SKIP LOCKED on Postgres, so several processes sweep without waiting on
each other; a delete repeated by another process finds nothing and is no error."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.jobs import OPEN_STATUSES
from domain.privacy import ERASED_NAME
from storage.repositories.common import dialect_of
from storage.tables import (
    ChannelIdentityRow,
    ChatMessageRow,
    CustomerRow,
    InboundMessageRow,
    JobRow,
    OutboxRow,
    WebMessageRow,
)

# Each table of messages, its time column, and which of its rows are finished with.
_MESSAGES: tuple[tuple[Any, Any, ColumnElement[bool] | None], ...] = (
    (InboundMessageRow, InboundMessageRow.received_at, InboundMessageRow.status != "pending"),
    (OutboxRow, OutboxRow.created_at, OutboxRow.status != "pending"),
    (WebMessageRow, WebMessageRow.created_at, None),
    (ChatMessageRow, ChatMessageRow.at, None),
)


def _claimed(session: AsyncSession, statement: Any) -> Any:
    if dialect_of(session) == "postgresql":
        return statement.with_for_update(skip_locked=True)
    return statement


async def old_messages(
    session: AsyncSession, before: datetime, limit: int
) -> list[tuple[Any, list[int]]]:
    """Up to `limit` messages of each kind older than `before`, held: (table, ids) pairs.
    Oldest first, by each table's time index: reads the batch, not every message kept."""
    found = []
    for table, at, finished in _MESSAGES:
        statement = select(table.id).where(at < before).order_by(at).limit(limit)
        if finished is not None:
            statement = statement.where(finished)
        found.append((table, list(await session.scalars(_claimed(session, statement)))))
    return found


async def forget_old_messages(session: AsyncSession, before: datetime, limit: int) -> int:
    """Up to `limit` messages of each kind older than `before` removed; how many in all."""
    removed = 0
    for table, ids in await old_messages(session, before, limit):
        if ids:
            await session.execute(delete(table).where(table.id.in_(ids)))
        removed += len(ids)
    return removed


async def last_customer_id(session: AsyncSession) -> int:
    return await session.scalar(select(func.max(CustomerRow.id))) or 0


async def claim_closed_customer(session: AsyncSession, before: datetime, ids: range) -> int | None:
    """One customer among `ids` not erased yet with no open job and nothing from them or for
    them since `before`, held until the transaction ends; None when there is none. Each
    customer's jobs and channels are looked at, so the sweep asks a window of ids at a time
    (one question about every customer would take as long as the history is big)."""
    last_job = (
        select(func.max(JobRow.updated_at))
        .where(JobRow.customer_id == CustomerRow.id)
        .scalar_subquery()
    )
    last_word = (
        select(func.max(ChannelIdentityRow.last_inbound_at))
        .where(ChannelIdentityRow.customer_id == CustomerRow.id)
        .scalar_subquery()
    )
    open_job = exists().where(
        JobRow.customer_id == CustomerRow.id,
        JobRow.status.in_([str(s) for s in OPEN_STATUSES]),
    )
    statement = (
        select(CustomerRow.id)
        .where(
            CustomerRow.id >= ids.start,
            CustomerRow.id < ids.stop,
            CustomerRow.name != ERASED_NAME,
            CustomerRow.created_at < before,
            ~open_job,
            or_(last_job.is_(None), last_job < before),
            or_(last_word.is_(None), last_word < before),
        )
        .order_by(CustomerRow.id)
        .limit(1)
    )
    found: int | None = await session.scalar(_claimed(session, statement))
    return found

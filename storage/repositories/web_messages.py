"""The web chat's mailbox: each message said in one web chat, kept for its history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.tables import WebMessageRow

HISTORY = 60


async def add_web_message(
    sessions: async_sessionmaker[AsyncSession],
    address: str,
    direction: str,
    payload: dict[str, Any],
    at: datetime,
) -> int:
    async with sessions() as session, session.begin():
        row = WebMessageRow(address=address, direction=direction, payload=payload, created_at=at)
        session.add(row)
        await session.flush()
        return row.id


async def web_history(
    sessions: async_sessionmaker[AsyncSession], address: str, limit: int = HISTORY
) -> Sequence[tuple[int, str, dict[str, Any]]]:
    """The latest messages of one web chat, oldest first: (id, direction, payload)."""
    async with sessions() as session:
        rows = await session.scalars(
            select(WebMessageRow)
            .where(WebMessageRow.address == address)
            .order_by(WebMessageRow.id.desc())
            .limit(limit)
        )
        return [(row.id, row.direction, row.payload) for row in reversed(list(rows))]

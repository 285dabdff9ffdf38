"""The web chat's mailbox: each message said in one web chat, kept for its history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import WebMessageRow

HISTORY = 60
_ONCE = insert_or_ignore(cast(Table, WebMessageRow.__table__), "address", "client_id")


async def add_web_message(
    sessions: async_sessionmaker[AsyncSession],
    address: str,
    direction: str,
    payload: dict[str, Any],
    at: datetime,
    client_id: str | None = None,
) -> int | None:
    """Keep a message; its place in the chat (the row's id), or None when the page's message
    of that id is kept already."""
    values = {
        "address": address,
        "direction": direction,
        "payload": payload,
        "created_at": at,
        "client_id": client_id,
    }
    async with sessions() as session, session.begin():
        statement = _ONCE[dialect_of(session)].returning(WebMessageRow.id)
        return (await session.execute(statement, values)).scalar_one_or_none()


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


async def web_message(
    sessions: async_sessionmaker[AsyncSession], address: str, seq: int
) -> tuple[str, dict[str, Any]] | None:
    """One message of one web chat by its place: (direction, payload)."""
    async with sessions() as session:
        row = await session.get(WebMessageRow, seq)
        if row is None or row.address != address:
            return None
        return row.direction, row.payload

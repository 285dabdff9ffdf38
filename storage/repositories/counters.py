"""Gapless sequences advanced inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import CounterRow


async def next_value(session: AsyncSession, name: str) -> int:
    """The row stays locked until the transaction ends, so numbers never repeat or skip."""
    result = await session.execute(
        update(CounterRow)
        .where(CounterRow.name == name)
        .values(value=CounterRow.value + 1)
        .returning(CounterRow.value)
    )
    value = result.scalar_one_or_none()
    if value is None:
        raise LookupError(f"counter {name!r} is missing; run the migrations")
    return value

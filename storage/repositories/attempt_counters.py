"""Counters behind the sign-in limits, one row per (limit, subject, fixed window), bumped by
one upsert: every process counts against the same row."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sign_in import Limit
from storage.repositories.common import dialect_of
from storage.tables import AttemptCounterRow

_counters = cast(Table, AttemptCounterRow.__table__)
KEEP = timedelta(days=1)  # far longer than any limit's window (an hour)


class SqlAttemptCounters:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def hit(self, limit: Limit, subject: str, now: datetime) -> bool:
        """Count one attempt; True while the window's count is within the limit."""
        values = {
            "scope": limit.scope,
            "subject": subject[:254],
            "window_start": limit.window_start(now),
            "count": 1,
        }
        insert = postgresql.insert if dialect_of(self._session) == "postgresql" else sqlite.insert
        statement = (
            insert(_counters)
            .values(**values)
            .on_conflict_do_update(
                index_elements=["scope", "subject", "window_start"],
                set_={"count": _counters.c.count + 1},
            )
            .returning(_counters.c.count)
        )
        count = (await self._session.execute(statement)).scalar_one()
        return int(count) <= limit.most

    async def forget_before(self, now: datetime) -> None:
        """Drop the windows long past."""
        await self._session.execute(
            delete(AttemptCounterRow).where(AttemptCounterRow.window_start < now - KEEP)
        )

"""Links to the technician's ICS feed: issued, looked up by the hash of their token, revoked.
Only the hash is kept, so a stolen database holds no working link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import CalendarFeedRow


class SqlCalendarFeeds:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def issue(self, token_hash: str, at: datetime) -> None:
        self._session.add(CalendarFeedRow(token_hash=token_hash, created_at=at))
        await self._session.flush()

    async def live_since(self) -> datetime | None:
        """When the link in use was made; None when there is none."""
        return await self._session.scalar(
            select(CalendarFeedRow.created_at)
            .where(CalendarFeedRow.revoked_at.is_(None))
            .order_by(CalendarFeedRow.created_at.desc())
            .limit(1)
        )

    async def is_live(self, token_hash: str) -> bool:
        found = await self._session.scalar(
            select(CalendarFeedRow.id).where(
                CalendarFeedRow.token_hash == token_hash, CalendarFeedRow.revoked_at.is_(None)
            )
        )
        return found is not None

    async def revoke_all(self, at: datetime) -> int:
        """Every live link stops working; how many there were."""
        result = await self._session.execute(
            update(CalendarFeedRow)
            .where(CalendarFeedRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)

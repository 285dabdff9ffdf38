"""Live status page links: issued per job, looked up by the hash of the token, revoked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import StatusLinkRow


class SqlStatusLinks:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def issue(self, job_id: int, token_hash: str, at: datetime) -> None:
        self._session.add(StatusLinkRow(job_id=job_id, token_hash=token_hash, created_at=at))
        await self._session.flush()

    async def job_for(self, token_hash: str) -> int | None:
        """The job a link shows; None for an unknown or revoked link."""
        return await self._session.scalar(
            select(StatusLinkRow.job_id).where(
                StatusLinkRow.token_hash == token_hash, StatusLinkRow.revoked_at.is_(None)
            )
        )

    async def revoke_all(self, job_id: int, at: datetime) -> int:
        """Revoke every live link of the job; how many there were."""
        result = await self._session.execute(
            update(StatusLinkRow)
            .where(StatusLinkRow.job_id == job_id, StatusLinkRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)

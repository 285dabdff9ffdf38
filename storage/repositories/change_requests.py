"""Late moves and cancellations waiting for the technician, each decided exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.appointments import ChangeKind, ChangeRequest
from storage.tables import ChangeRequestRow

_requests = cast(Table, ChangeRequestRow.__table__)
PENDING = "pending"


class SqlChangeRequests:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, request: ChangeRequest) -> int:
        result = await self._session.execute(
            insert(_requests).returning(_requests.c.id),
            {
                "job_id": request.job_id,
                "appointment_id": request.appointment_id,
                "kind": request.kind,
                "start_at": request.start,
                "status": PENDING,
                "asked_at": request.asked_at,
            },
        )
        return int(result.scalar_one())

    async def decide(self, request_id: int, verdict: str, at: datetime) -> ChangeRequest | None:
        """Mark it decided; None when it was decided already (a second press) or is unknown."""
        row = (
            await self._session.execute(
                update(_requests)
                .where(_requests.c.id == request_id, _requests.c.status == PENDING)
                .values(status=verdict, decided_at=at)
                .returning(_requests)
            )
        ).first()
        if row is None:
            return None
        return ChangeRequest(
            row.job_id, row.appointment_id, ChangeKind(row.kind), row.asked_at, row.start_at, row.id
        )

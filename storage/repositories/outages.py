"""Outside services that stopped answering: one row per outage, so the technician is told once
when it begins (and once when it ends), however many processes and retries meet it."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import CursorResult, Table, delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import OutageRow

_BEGIN = insert_or_ignore(cast(Table, OutageRow.__table__), "service")


class SqlOutages:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def began(self, service: str, at: datetime) -> bool:
        """Note the service is down; True only for the call that saw the outage begin."""
        made = cast(
            CursorResult[object],
            await self._session.execute(
                _BEGIN[dialect_of(self._session)], {"service": service, "since": at}
            ),
        )
        return made.rowcount == 1

    async def ended(self, service: str) -> bool:
        """The service answers again; True only for the call that saw the outage end."""
        gone = cast(
            CursorResult[object],
            await self._session.execute(delete(OutageRow).where(OutageRow.service == service)),
        )
        return gone.rowcount == 1

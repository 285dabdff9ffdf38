"""Who asked for no reminders: a row per customer who turned them off."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import ReminderPreferenceRow

_preferences = cast(Table, ReminderPreferenceRow.__table__)
_REMINDERS_OFF = insert_or_ignore(_preferences, "customer_id")


class SqlReminderPreferences:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def reminders_off(self, customer_id: int) -> bool:
        found = await self._session.scalar(
            select(_preferences.c.customer_id).where(_preferences.c.customer_id == customer_id)
        )
        return found is not None

    async def set_reminders(self, customer_id: int, on: bool, at: datetime) -> None:
        if on:
            await self._session.execute(
                delete(_preferences).where(_preferences.c.customer_id == customer_id)
            )
        else:
            await self._session.execute(
                _REMINDERS_OFF[dialect_of(self._session)],
                {"customer_id": customer_id, "off_since": at},
            )

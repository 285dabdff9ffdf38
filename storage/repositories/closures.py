"""The technician's days off, the power cuts the technician sets, and the last load-shedding
schedule the source gave for each of its areas."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.closures import DaysOff, KnownSchedule, PowerCut
from storage.repositories.common import dialect_of
from storage.tables import DaysOffRow, PowerCutRow, PowerScheduleRow


class SqlDaysOff:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, days: DaysOff, at: datetime) -> DaysOff:
        row = DaysOffRow(first_day=days.first, last_day=days.last, created_at=at)
        self._session.add(row)
        await self._session.flush()
        return _days_off(row)

    async def ending_from(self, day: date) -> list[DaysOff]:
        rows = await self._session.scalars(
            select(DaysOffRow)
            .where(DaysOffRow.last_day >= day)
            .order_by(DaysOffRow.first_day, DaysOffRow.id)
        )
        return [_days_off(row) for row in rows]

    async def remove(self, days_off_id: int) -> DaysOff | None:
        row = await self._session.get(DaysOffRow, days_off_id)
        if row is None:
            return None
        await self._session.delete(row)
        await self._session.flush()
        return _days_off(row)


class SqlPowerCuts:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, area: str, cut: PowerCut, at: datetime) -> PowerCut:
        row = PowerCutRow(area=area, starts_at=cut.start, ends_at=cut.end, created_at=at)
        self._session.add(row)
        await self._session.flush()
        return _set_cut(row)[1]

    async def set_after(self, after: datetime) -> list[tuple[str, PowerCut]]:
        rows = await self._session.scalars(
            select(PowerCutRow)
            .where(PowerCutRow.ends_at > after)
            .order_by(PowerCutRow.starts_at, PowerCutRow.id)
        )
        return [_set_cut(row) for row in rows]

    async def remove(self, cut_id: int) -> tuple[str, PowerCut] | None:
        row = await self._session.get(PowerCutRow, cut_id)
        if row is None:
            return None
        await self._session.delete(row)
        await self._session.flush()
        return _set_cut(row)

    async def known(self, area_id: str) -> KnownSchedule | None:
        row = await self._session.get(PowerScheduleRow, area_id)
        if row is None:
            return None
        cuts = tuple(
            PowerCut(
                datetime.fromisoformat(c["start"]), datetime.fromisoformat(c["end"]), c["note"]
            )
            for c in row.cuts["cuts"]
        )
        return KnownSchedule(cuts, row.checked_at)

    async def remember(self, area_id: str, cuts: Sequence[PowerCut] | None, at: datetime) -> None:
        """One statement, so two processes asking at once both succeed (the later one wins)."""
        table = cast(Table, PowerScheduleRow.__table__)
        values: dict[str, Any] = {"area_id": area_id, "checked_at": at}
        if cuts is not None:
            values["cuts"] = {"cuts": [_plain(cut) for cut in cuts]}
        insert = postgresql.insert if dialect_of(self._session) == "postgresql" else sqlite.insert
        statement = insert(table).values({"cuts": {"cuts": []}, **values})
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["area_id"],
                set_={key: statement.excluded[key] for key in values if key != "area_id"},
            )
        )


def _days_off(row: DaysOffRow) -> DaysOff:
    return DaysOff(row.first_day, row.last_day, row.id)


def _set_cut(row: PowerCutRow) -> tuple[str, PowerCut]:
    return row.area, PowerCut(row.starts_at, row.ends_at, "set by the technician", row.id)


def _plain(cut: PowerCut) -> dict[str, str]:
    return {"start": cut.start.isoformat(), "end": cut.end.isoformat(), "note": cut.note}

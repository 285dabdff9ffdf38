"""Appointments, queried by job or by time window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.appointments import Appointment, VisitMode
from storage.tables import AppointmentRow


def _to_domain(row: AppointmentRow) -> Appointment:
    return Appointment(
        id=row.id,
        job_id=row.job_id,
        start=row.start_at,
        end=row.end_at,
        mode=VisitMode(row.mode),
        area=row.area,
    )


class SqlAppointmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, appointment: Appointment) -> Appointment:
        row = AppointmentRow(
            job_id=appointment.job_id,
            start_at=appointment.start,
            end_at=appointment.end,
            mode=appointment.mode,
            area=appointment.area,
        )
        self._session.add(row)
        await self._session.flush()
        appointment.id = row.id
        return appointment

    async def for_job(self, job_id: int) -> Sequence[Appointment]:
        rows = await self._session.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.job_id == job_id)
            .order_by(AppointmentRow.start_at)
        )
        return [_to_domain(r) for r in rows]

    async def between(self, start: datetime, end: datetime) -> Sequence[Appointment]:
        """Appointments overlapping [start, end), in time order."""
        rows = await self._session.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.start_at < end, AppointmentRow.end_at > start)
            .order_by(AppointmentRow.start_at)
        )
        return [_to_domain(r) for r in rows]

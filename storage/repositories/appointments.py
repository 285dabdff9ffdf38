"""Appointments: booked so that the database itself refuses a second one at the same time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import ColumnElement, Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.appointments import Appointment, VisitMode
from domain.errors import SlotTaken
from domain.jobs import Job
from storage.repositories import milestones
from storage.repositories.common import dialect_of
from storage.repositories.google_marks import mark_for_google
from storage.repositories.jobs import with_timelines
from storage.tables import AppointmentCellRow, AppointmentRow, JobRow

CELL = timedelta(minutes=5)
_cells = cast(Table, AppointmentCellRow.__table__)
_CALENDAR_TURN = select(func.pg_advisory_xact_lock(0x6267_6361_6C65_6E64))  # "bgcalend"


def appointment_of(row: AppointmentRow) -> Appointment:
    return Appointment(
        id=row.id,
        job_id=row.job_id,
        start=row.start_at,
        end=row.end_at,
        mode=VisitMode(row.mode),
        area=row.area,
        reschedules=row.reschedules,
        cancelled_at=row.cancelled_at,
    )


def _cell_starts(start: datetime, end: datetime) -> list[datetime]:
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    cell = epoch + ((start - epoch) // CELL) * CELL
    starts = []
    while cell < end:
        starts.append(cell)
        cell += CELL
    return starts


def _on_during(start: datetime, end: datetime) -> tuple[ColumnElement[bool], ...]:
    """Appointments still on that overlap [start, end)."""
    return (
        AppointmentRow.start_at < end,
        AppointmentRow.end_at > start,
        AppointmentRow.cancelled_at.is_(None),
    )


class SqlAppointmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def hold_calendar(self) -> None:
        """Bookings take turns until the transaction ends, so what one checks against the
        calendar (travel between visits) still holds when it writes. SQLite's writers take
        turns already."""
        if dialect_of(self._session) == "postgresql":
            await self._session.execute(_CALENDAR_TURN)

    async def add(self, appointment: Appointment) -> Appointment:
        """Book it; SlotTaken when any minute of it is booked already. The transaction stays
        usable after a refusal (other times can be offered in it)."""
        row = AppointmentRow(
            job_id=appointment.job_id,
            start_at=appointment.start,
            end_at=appointment.end,
            mode=appointment.mode,
            area=appointment.area,
            reschedules=appointment.reschedules,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
                await self._take_cells(row.id, appointment.start, appointment.end)
        except IntegrityError:
            raise SlotTaken("that time was just booked by someone else") from None
        await milestones.visits_changed(self._session, appointment.job_id)
        appointment.id = row.id
        await mark_for_google(self._session, row.id)
        return appointment

    async def move(self, appointment: Appointment, start: datetime, end: datetime) -> None:
        """Reschedule: the new time is taken before the old one is let go; SlotTaken leaves
        the appointment where it was."""
        assert appointment.id is not None
        try:
            async with self._session.begin_nested():
                await self._session.execute(
                    delete(_cells).where(_cells.c.appointment_id == appointment.id)
                )
                await self._take_cells(appointment.id, start, end)
                await self._session.execute(
                    update(AppointmentRow)
                    .where(AppointmentRow.id == appointment.id)
                    .values(start_at=start, end_at=end, reschedules=AppointmentRow.reschedules + 1)
                )
        except IntegrityError:
            raise SlotTaken("that time was just booked by someone else") from None
        await milestones.visits_changed(self._session, appointment.job_id)
        appointment.start, appointment.end = start, end
        appointment.reschedules += 1
        await mark_for_google(self._session, appointment.id)

    async def cancel(self, appointment: Appointment, at: datetime) -> None:
        assert appointment.id is not None
        await self._session.execute(delete(_cells).where(_cells.c.appointment_id == appointment.id))
        await self._session.execute(
            update(AppointmentRow)
            .where(AppointmentRow.id == appointment.id)
            .values(cancelled_at=at)
        )
        await milestones.visits_changed(self._session, appointment.job_id)
        appointment.cancelled_at = at
        await mark_for_google(self._session, appointment.id)

    async def for_job(self, job_id: int) -> Sequence[Appointment]:
        rows = await self._session.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.job_id == job_id)
            .order_by(AppointmentRow.start_at)
        )
        return [appointment_of(r) for r in rows]

    async def on_for_jobs(self, job_ids: Sequence[int]) -> dict[int, list[Appointment]]:
        """Each job's visits still on, in time order, in one query (a customer's list)."""
        rows = await self._session.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.job_id.in_(job_ids), AppointmentRow.cancelled_at.is_(None))
            .order_by(AppointmentRow.start_at)
        )
        found: dict[int, list[Appointment]] = {}
        for row in rows:
            found.setdefault(row.job_id, []).append(appointment_of(row))
        return found

    async def between(self, start: datetime, end: datetime) -> Sequence[Appointment]:
        """Appointments still on that overlap [start, end), in time order."""
        rows = await self._session.scalars(
            select(AppointmentRow).where(*_on_during(start, end)).order_by(AppointmentRow.start_at)
        )
        return [appointment_of(r) for r in rows]

    async def between_with_jobs(
        self, start: datetime, end: datetime
    ) -> Sequence[tuple[Appointment, Job]]:
        """What `between` finds, each visit with its job (the technician's agenda)."""
        found = (
            await self._session.execute(
                select(AppointmentRow, JobRow)
                .join(JobRow, JobRow.id == AppointmentRow.job_id)
                .where(*_on_during(start, end))
                .order_by(AppointmentRow.start_at)
            )
        ).all()
        jobs = await with_timelines(self._session, [job for _, job in found])
        return [(appointment_of(visit), job) for (visit, _), job in zip(found, jobs, strict=True)]

    async def _take_cells(self, appointment_id: int, start: datetime, end: datetime) -> None:
        await self._session.execute(
            insert(_cells),
            [
                {"starts_at": cell, "appointment_id": appointment_id}
                for cell in _cell_starts(start, end)
            ],
        )

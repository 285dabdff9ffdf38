"""Visits' events in the technician's Google Calendar, as a durable queue: a booking, a move or
a cancellation marks the visit's row pending in its own transaction (google_marks.py); the
pusher claims pending rows (SKIP LOCKED on Postgres, so two processes never write one event
twice at once) and says what became of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.appointments import Appointment
from domain.jobs import Job
from storage.repositories.appointments import appointment_of
from storage.tables import AppointmentRow, CustomerRow, GoogleEventRow, JobRow


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """A visit whose event Google has yet to be told about, as the visit stands now."""

    event_id: str
    in_google: bool
    attempts: int
    appointment: Appointment
    job: Job
    customer_name: str


class SqlGoogleEvents:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_due(self, now: datetime, limit: int) -> list[PendingEvent]:
        """Pending events due now, locked to this transaction."""
        claimed = (
            await self._session.execute(
                select(GoogleEventRow, AppointmentRow, JobRow, CustomerRow.name)
                .join(AppointmentRow, AppointmentRow.id == GoogleEventRow.appointment_id)
                .join(JobRow, JobRow.id == AppointmentRow.job_id)
                .join(CustomerRow, CustomerRow.id == JobRow.customer_id)
                .where(
                    GoogleEventRow.pending.is_(True),
                    or_(GoogleEventRow.next_try_at.is_(None), GoogleEventRow.next_try_at <= now),
                )
                .order_by(AppointmentRow.start_at)
                .limit(limit)
                .with_for_update(of=GoogleEventRow, skip_locked=True)
            )
        ).all()
        return [_pending(*found) for found in claimed]

    async def written(self, appointment_id: int, in_google: bool) -> None:
        await self._set(appointment_id, pending=False, in_google=in_google, last_error=None)

    async def retry(self, appointment_id: int, at: datetime, error: str) -> None:
        await self._session.execute(
            update(GoogleEventRow)
            .where(GoogleEventRow.appointment_id == appointment_id)
            .values(attempts=GoogleEventRow.attempts + 1, next_try_at=at, last_error=error)
        )

    async def refused(self, appointment_id: int, error: str) -> None:
        """Google refused it for good (not for a passing fault): set aside, with why."""
        await self._set(appointment_id, pending=False, last_error=error)

    async def _set(self, appointment_id: int, **values: object) -> None:
        await self._session.execute(
            update(GoogleEventRow)
            .where(GoogleEventRow.appointment_id == appointment_id)
            .values(**values)
        )


def _pending(event: GoogleEventRow, visit: AppointmentRow, job: JobRow, name: str) -> PendingEvent:
    return PendingEvent(
        event_id=event.event_id,
        in_google=event.in_google,
        attempts=event.attempts,
        appointment=appointment_of(visit),
        job=Job(job.customer_id, job.problem, job.service_code, reference=job.reference, id=job.id),
        customer_name=name,
    )

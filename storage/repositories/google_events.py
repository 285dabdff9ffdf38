"""Visits' events in the technician's Google Calendar, as a durable queue: a booking, a move or
a cancellation marks the visit's row pending in its own transaction (google_marks.py); the
pusher claims pending rows for a lease and commits (SKIP LOCKED on Postgres, so two processes
never write one event twice at once), asks Google with no transaction open, then says what became
of each: a row whose lease ran out (its process died) is claimed again, and one marked again
while Google was asked stays pending for its new state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, or_, select, update
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
    claimed_until: datetime  # the lease: the row is this process's until then
    marks: int  # the visit's changes when claimed
    appointment: Appointment
    job: Job
    customer_name: str


class SqlGoogleEvents:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[PendingEvent]:
        """Pending events due now and not in another process's hands, leased to this one until
        now + lease; the caller commits before asking Google."""
        until = now + lease
        claimed = (
            await self._session.execute(
                select(GoogleEventRow, AppointmentRow, JobRow, CustomerRow.name)
                .join(AppointmentRow, AppointmentRow.id == GoogleEventRow.appointment_id)
                .join(JobRow, JobRow.id == AppointmentRow.job_id)
                .join(CustomerRow, CustomerRow.id == JobRow.customer_id)
                .where(
                    GoogleEventRow.pending.is_(True),
                    or_(GoogleEventRow.next_try_at.is_(None), GoogleEventRow.next_try_at <= now),
                    or_(
                        GoogleEventRow.claimed_until.is_(None),
                        GoogleEventRow.claimed_until <= now,
                    ),
                )
                .order_by(AppointmentRow.start_at)
                .limit(limit)
                .with_for_update(of=GoogleEventRow, skip_locked=True)
            )
        ).all()
        ids = [event.appointment_id for event, *_ in claimed]
        if ids:
            await self._session.execute(
                update(GoogleEventRow)
                .where(GoogleEventRow.appointment_id.in_(ids))
                .values(claimed_until=until),
                execution_options={"synchronize_session": False},
            )
        return [_pending(until, *found) for found in claimed]

    async def written(self, event: PendingEvent, in_google: bool) -> None:
        """Google shows the visit as claimed: done, unless the visit changed meanwhile."""
        # Whether the event is in Google is a fact whoever holds the row now.
        await self._session.execute(
            update(GoogleEventRow)
            .where(GoogleEventRow.appointment_id == event.appointment.id)
            .values(in_google=in_google)
        )
        await self._release(event, pending=_changed_since(event), last_error=None)

    async def retry(self, event: PendingEvent, at: datetime, error: str) -> None:
        await self._release(
            event, attempts=GoogleEventRow.attempts + 1, next_try_at=at, last_error=error
        )

    async def refused(self, event: PendingEvent, error: str) -> None:
        """Google refused it for good (not for a passing fault): set aside, with why, unless
        the visit changed meanwhile."""
        await self._release(event, pending=_changed_since(event), last_error=error)

    async def _release(self, event: PendingEvent, **values: object) -> None:
        """Record an outcome and end the lease, if the row is still this process's."""
        await self._session.execute(
            update(GoogleEventRow)
            .where(
                GoogleEventRow.appointment_id == event.appointment.id,
                GoogleEventRow.claimed_until == event.claimed_until,
            )
            .values(claimed_until=None, **values)
        )


def _changed_since(event: PendingEvent) -> object:
    """Still pending if the visit was marked again after the claim."""
    return case((GoogleEventRow.marks == event.marks, False), else_=True)


def _pending(
    until: datetime, event: GoogleEventRow, visit: AppointmentRow, job: JobRow, name: str
) -> PendingEvent:
    return PendingEvent(
        event_id=event.event_id,
        in_google=event.in_google,
        attempts=event.attempts,
        claimed_until=until,
        marks=event.marks,
        appointment=appointment_of(visit),
        job=Job(job.customer_id, job.problem, job.service_code, reference=job.reference, id=job.id),
        customer_name=name,
    )

"""Each job's milestones kept on its row, written in the same transaction as the message,
visit or timeline event that makes them: the figures then read one row per job instead of
joining its whole history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.jobs import JobStatus, TimelineEvent
from storage.tables import AppointmentRow, AttachmentRow, JobEventRow, JobRow

CLOSED = (JobStatus.COMPLETED, JobStatus.CANCELLED)


def last_closing(status: JobStatus, events: Sequence[TimelineEvent]) -> datetime | None:
    """When the job last closed, while it stays closed (its files' retention counts from it)."""
    if status not in CLOSED:
        return None
    return max((e.at for e in events if e.to_status in CLOSED), default=None)


def first_completion(events: Sequence[TimelineEvent]) -> datetime | None:
    return min((e.at for e in events if e.to_status is JobStatus.COMPLETED), default=None)


async def _keep_earliest(session: AsyncSession, job_id: int, column: Any, at: datetime) -> None:
    await session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, or_(column.is_(None), column > at))
        .values({column: at})
        .execution_options(synchronize_session=False)
    )


async def answered(session: AsyncSession, job_id: int, at: datetime) -> None:
    """The technician wrote to the customer about the job (automatic replies don't count)."""
    await _keep_earliest(session, job_id, JobRow.first_answer_at, at)


async def completed(session: AsyncSession, job_id: int, at: datetime) -> None:
    await _keep_earliest(session, job_id, JobRow.completed_at, at)


async def visits_changed(session: AsyncSession, job_id: int) -> None:
    """A visit was booked, moved or cancelled: the first one still on is read again."""
    first = (
        select(func.min(AppointmentRow.start_at))
        .where(AppointmentRow.job_id == job_id, AppointmentRow.cancelled_at.is_(None))
        .scalar_subquery()
    )
    await session.execute(
        update(JobRow)
        .where(JobRow.id == job_id)
        .values(first_visit_at=first)
        .execution_options(synchronize_session=False)
    )


async def files_closed(session: AsyncSession, job_id: int, at: datetime | None) -> None:
    """The job closed (at), or opened again (None): its files are kept from then."""
    await session.execute(
        update(AttachmentRow)
        .where(AttachmentRow.job_id == job_id)
        .values(job_closed_at=at)
        .execution_options(synchronize_session=False)
    )


async def file_added(session: AsyncSession, attachment_id: int, job_id: int) -> None:
    """A file added to a job closed already counts from that closing, as its other files do."""
    status = select(JobRow.status).where(JobRow.id == job_id).scalar_subquery()
    closed = (
        select(func.max(JobEventRow.at))
        .where(JobEventRow.job_id == job_id, JobEventRow.to_status.in_(CLOSED))
        .scalar_subquery()
    )
    await session.execute(
        update(AttachmentRow)
        .where(AttachmentRow.id == attachment_id, status.in_(CLOSED))
        .values(job_closed_at=closed)
        .execution_options(synchronize_session=False)
    )

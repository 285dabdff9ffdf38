"""Jobs with their timelines; references come from the gapless `job` counter."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Select, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.jobs import (
    OPEN_STATUSES,
    Actor,
    Job,
    JobStatus,
    Priority,
    TimelineEvent,
    job_reference,
)
from storage.repositories import milestones
from storage.repositories.counters import next_value
from storage.tables import JobEventRow, JobRow

_PRIORITY_RANK = case({p.value: p.rank for p in Priority}, value=JobRow.priority)


class SqlJobRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, job: Job) -> Job:
        number = await next_value(self._session, "job")
        now = datetime.now(UTC)
        job.reference = job_reference(number)
        job.created_at = job.created_at or now
        row = JobRow(
            number=number,
            reference=job.reference,
            customer_id=job.customer_id,
            created_at=job.created_at,
            updated_at=now,
            completed_at=milestones.first_completion(job.timeline),
            **_editable(job),
        )
        self._session.add(row)
        await self._session.flush()
        job.id = row.id
        self._add_events(row.id, job.timeline)
        await self._session.flush()
        return job

    async def get(self, job_id: int) -> Job | None:
        row = await self._session.get(JobRow, job_id)
        return (await with_timelines(self._session, [row]))[0] if row else None

    async def by_reference(self, reference: str) -> Job | None:
        found = await load_jobs(self._session, select(JobRow).where(JobRow.reference == reference))
        return found[0] if found else None

    async def save(self, job: Job) -> None:
        """Write the job's fields and append the timeline events not stored yet."""
        if job.id is None:
            raise ValueError("save() is for stored jobs; use add() for a new one")
        await self._session.execute(
            update(JobRow)
            .where(JobRow.id == job.id)
            .values(updated_at=datetime.now(UTC), **_editable(job))
        )
        stored = await self._session.scalar(
            select(func.count()).select_from(JobEventRow).where(JobEventRow.job_id == job.id)
        )
        added = job.timeline[stored or 0 :]
        self._add_events(job.id, added)
        await self._session.flush()
        if done := milestones.first_completion(added):
            await milestones.completed(self._session, job.id, done)
        if added:  # a status changed: closed, or opened again
            closed = milestones.last_closing(job.status, job.timeline)
            await milestones.files_closed(self._session, job.id, closed)

    async def open_jobs(self) -> Sequence[Job]:
        """The technician's queue order: urgent first, then the soonest first visit still on
        (kept on the job's row; jobs with none after those with one), then the oldest."""
        return await load_jobs(
            self._session,
            select(JobRow)
            .where(JobRow.status.in_([s.value for s in OPEN_STATUSES]))
            .order_by(
                _PRIORITY_RANK,
                JobRow.first_visit_at.asc().nulls_last(),
                JobRow.created_at,
                JobRow.id,
            ),
        )

    async def for_customer(self, customer_id: int, closed: int | None = None) -> Sequence[Job]:
        """Oldest first; with `closed`, every open job and only the newest `closed` closed
        ones (a regular customer's years of jobs are not all read for a list)."""
        query = select(JobRow).where(JobRow.customer_id == customer_id)
        if closed is not None:
            open_ = [str(s) for s in OPEN_STATUSES]
            newest_closed = (
                select(JobRow.id)
                .where(JobRow.customer_id == customer_id, JobRow.status.not_in(open_))
                .order_by(JobRow.id.desc())
                .limit(closed)
            )
            query = query.where(or_(JobRow.status.in_(open_), JobRow.id.in_(newest_closed)))
        return await load_jobs(self._session, query.order_by(JobRow.id))

    def _add_events(self, job_id: int, events: Sequence[TimelineEvent]) -> None:
        for event in events:
            self._session.add(
                JobEventRow(
                    job_id=job_id,
                    at=event.at,
                    actor=event.actor,
                    from_status=event.from_status,
                    to_status=event.to_status,
                    note=event.note,
                )
            )


async def load_jobs(session: AsyncSession, query: Select[JobRow]) -> list[Job]:
    """The jobs `query` selects, in its order, each with its timeline: two queries however
    many jobs there are."""
    rows = list(await session.scalars(query))
    return await with_timelines(session, rows)


async def with_timelines(session: AsyncSession, rows: Sequence[JobRow]) -> list[Job]:
    """Those stored jobs as domain objects, their timelines read in one query."""
    events: defaultdict[int, list[JobEventRow]] = defaultdict(list)
    if rows:
        found = await session.scalars(
            select(JobEventRow)
            .where(JobEventRow.job_id.in_({row.id for row in rows}))
            .order_by(JobEventRow.id)
        )
        for event in found:
            events[event.job_id].append(event)
    return [_to_domain(row, events[row.id]) for row in rows]


def _to_domain(row: JobRow, events: Sequence[JobEventRow]) -> Job:
    return Job(
        id=row.id,
        reference=row.reference,
        customer_id=row.customer_id,
        status=JobStatus(row.status),
        priority=Priority(row.priority),
        problem=row.problem,
        service_code=row.service_code,
        area=row.area,
        address=row.address,
        created_at=row.created_at,
        timeline=[
            TimelineEvent(
                at=e.at,
                actor=Actor(e.actor),
                from_status=JobStatus(e.from_status) if e.from_status else None,
                to_status=JobStatus(e.to_status),
                note=e.note,
            )
            for e in events
        ],
    )


def _editable(job: Job) -> dict[str, object]:
    """The columns a job's life changes (add() and save() both write them)."""
    return {
        "status": job.status,
        "priority": job.priority,
        "problem": job.problem,
        "service_code": job.service_code,
        "area": job.area,
        "address": job.address,
    }

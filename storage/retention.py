"""Which kept files have outlived the retention period: photos and screenshots of jobs closed
longer ago than that. Reports and invoices are records the business keeps, and so are the
documents and logs a customer sent (only pictures go)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.jobs import JobStatus
from domain.records import AttachmentKind
from storage.tables import AttachmentRow, JobEventRow, JobRow

KEPT_FOR_GOOD = (AttachmentKind.REPORT, AttachmentKind.INVOICE)
_CLOSED = (JobStatus.COMPLETED, JobStatus.CANCELLED)


async def expired_files(
    session: AsyncSession, closed_before: datetime, limit: int
) -> list[tuple[int, str]]:
    """(row id, key) of files of jobs closed before the cutoff, a batch at a time. It starts
    from the pictures still kept (those of recent jobs, once the sweep has run) and looks up
    each one's job and last closing: its cost follows the retention window, not the years of
    jobs behind it."""
    closed_at = (
        select(func.max(JobEventRow.at))
        .where(
            JobEventRow.job_id == AttachmentRow.job_id,
            JobEventRow.to_status.in_([str(s) for s in _CLOSED]),
        )
        .correlate(AttachmentRow)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(AttachmentRow.id, AttachmentRow.key)
        .join(JobRow, JobRow.id == AttachmentRow.job_id)
        .where(
            AttachmentRow.kind.not_in([str(k) for k in KEPT_FOR_GOOD]),
            AttachmentRow.content_type.startswith("image/"),
            JobRow.status.in_([str(s) for s in _CLOSED]),
            closed_at < closed_before,
        )
        .order_by(AttachmentRow.id)
        .limit(limit)
    )
    return [(row_id, key) for row_id, key in rows]


async def forget_files(session: AsyncSession, ids: Sequence[int]) -> None:
    await session.execute(delete(AttachmentRow).where(AttachmentRow.id.in_(ids)))

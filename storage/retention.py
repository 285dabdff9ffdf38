"""Which kept files have outlived the retention period: photos and screenshots of jobs closed
longer ago than that. Reports and invoices are records the business keeps, and so are the
documents and logs a customer sent (only pictures go)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.records import AttachmentKind
from storage.tables import AttachmentRow

KEPT_FOR_GOOD = (AttachmentKind.REPORT, AttachmentKind.INVOICE)


async def expired_files(
    session: AsyncSession, closed_before: datetime, limit: int
) -> list[tuple[int, str]]:
    """(row id, key) of files of jobs closed before the cutoff, a batch at a time. Each file
    carries its job's closing time (indexed), so only the expired ones are read."""
    rows = await session.execute(
        select(AttachmentRow.id, AttachmentRow.key)
        .where(
            AttachmentRow.job_closed_at < closed_before,
            AttachmentRow.kind.not_in([str(k) for k in KEPT_FOR_GOOD]),
            AttachmentRow.content_type.startswith("image/"),
        )
        .order_by(AttachmentRow.id)
        .limit(limit)
    )
    return [(row_id, key) for row_id, key in rows]


async def forget_files(session: AsyncSession, ids: Sequence[int]) -> None:
    await session.execute(delete(AttachmentRow).where(AttachmentRow.id.in_(ids)))

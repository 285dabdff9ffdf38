"""Scheduled messages: planned with the change that causes them, claimed once when due."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.follow_ups import FollowUp, FollowUpKind, FollowUpState
from domain.invoices import InvoiceStatus
from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import InvoiceRow, ScheduledMessageRow

_scheduled = cast(Table, ScheduledMessageRow.__table__)
_ADD = insert_or_ignore(_scheduled, "key")
_PENDING = FollowUpState.PENDING


class SqlFollowUps:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, follow_up: FollowUp, now: datetime) -> None:
        """Plan it, unless one with the same key is planned (or done) already. One called off
        is planned again (a visit moved away and back is reminded of)."""
        await self._session.execute(
            update(_scheduled)
            .where(
                _scheduled.c.key == follow_up.key,
                _scheduled.c.state == FollowUpState.CANCELLED,
            )
            .values(state=_PENDING, due_at=follow_up.due_at, last_error=None)
        )
        await self._session.execute(
            _ADD[dialect_of(self._session)],
            {
                "key": follow_up.key,
                "kind": follow_up.kind,
                "job_id": follow_up.job_id,
                "customer_id": follow_up.customer_id,
                "appointment_id": follow_up.appointment_id,
                "invoice_id": follow_up.invoice_id,
                "due_at": follow_up.due_at,
                "state": _PENDING,
                "attempts": 0,
                "created_at": now,
            },
        )

    async def pending_for_job(self, job_id: int) -> list[FollowUp]:
        rows = await self._session.execute(
            select(_scheduled)
            .where(_scheduled.c.job_id == job_id, _scheduled.c.state == _PENDING)
            .order_by(_scheduled.c.due_at)
        )
        return [_follow_up(row) for row in rows]

    async def cancel_reminders(self, appointment_id: int) -> None:
        """The visit moved or was called off: what was planned for it is not sent."""
        await self._cancel(_scheduled.c.appointment_id == appointment_id)

    async def cancel_for_job(self, job_id: int) -> None:
        """The job closed: its reminders and the like are not sent. An issued invoice is still
        owed, so its reminder stands (it looks at the invoice when due)."""
        await self._cancel(
            and_(
                _scheduled.c.job_id == job_id,
                _scheduled.c.kind != FollowUpKind.UNPAID_INVOICE,
            )
        )

    async def cancel_for_invoice(self, invoice_id: int) -> None:
        await self._cancel(_scheduled.c.invoice_id == invoice_id)

    async def _cancel(self, condition: Any) -> None:
        await self._session.execute(
            update(_scheduled)
            .where(condition, _scheduled.c.state == _PENDING)
            .values(state=FollowUpState.CANCELLED)
        )

    async def claim_due(self, now: datetime, limit: int, claimer: str) -> list[FollowUp]:
        """Due messages, locked to this transaction: another process polling at the same
        moment skips them, and once this transaction marks them, they are done."""
        if dialect_of(self._session) == "postgresql":
            rows: Sequence[Row[Any]] = (
                await self._session.execute(
                    select(_scheduled)
                    .where(_scheduled.c.state == _PENDING, _scheduled.c.due_at <= now)
                    .order_by(_scheduled.c.due_at, _scheduled.c.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            ids = [row.id for row in rows]
        else:
            ids = await self._claim_sqlite(now, limit, claimer)
        if not ids:
            return []
        await self._session.execute(
            update(_scheduled)
            .where(_scheduled.c.id.in_(ids))
            .values(claimed_by=claimer, attempts=_scheduled.c.attempts + 1)
        )
        rows = (
            await self._session.execute(
                select(_scheduled).where(_scheduled.c.id.in_(ids)).order_by(_scheduled.c.due_at)
            )
        ).all()
        return [_follow_up(row) for row in rows]

    async def _claim_sqlite(self, now: datetime, limit: int, claimer: str) -> list[int]:
        """A conditional UPDATE first: it takes SQLite's one write lock, so the rows it picks
        are the latest committed ones and no other writer can pick them before the commit."""
        due = (
            select(_scheduled.c.id)
            .where(
                _scheduled.c.state == _PENDING,
                _scheduled.c.due_at <= now,
            )
            .order_by(_scheduled.c.due_at, _scheduled.c.id)
            .limit(limit)
        )
        claimed = await self._session.execute(
            update(_scheduled)
            .where(_scheduled.c.id.in_(due.scalar_subquery()))
            .values(claimed_by=claimer)
            .returning(_scheduled.c.id)
        )
        return list(claimed.scalars())

    async def finish(self, follow_up_id: int, state: FollowUpState, now: datetime) -> None:
        await self._session.execute(
            update(_scheduled)
            .where(_scheduled.c.id == follow_up_id)
            .values(state=state, sent_at=now if state is FollowUpState.SENT else None)
        )

    async def defer(self, follow_up_id: int, until: datetime, why: str) -> None:
        await self._session.execute(
            update(_scheduled)
            .where(_scheduled.c.id == follow_up_id)
            .values(due_at=until, last_error=why)
        )

    async def unplanned_unpaid_invoices(self) -> Iterable[tuple[int, int, int, datetime]]:
        """Issued invoices with no reminder planned yet: (invoice, job, customer, issued), for
        a process's first round (issuing plans the reminder). Each unpaid invoice looks up
        its own reminder by index (a scalar subquery: NOT EXISTS would let Postgres merge
        against every unpaid-invoice reminder ever planned)."""
        planned = (
            select(_scheduled.c.id)
            .where(
                _scheduled.c.invoice_id == InvoiceRow.id,
                _scheduled.c.kind == FollowUpKind.UNPAID_INVOICE,
            )
            .limit(1)
            .correlate(InvoiceRow)
            .scalar_subquery()
        )
        rows = await self._session.execute(
            select(InvoiceRow.id, InvoiceRow.job_id, InvoiceRow.customer_id, InvoiceRow.issued_at)
            .where(InvoiceRow.status == InvoiceStatus.ISSUED, InvoiceRow.issued_at.is_not(None))
            .where(planned.is_(None))
        )
        return [(r.id, r.job_id, r.customer_id, r.issued_at) for r in rows]


def _follow_up(row: Row[Any]) -> FollowUp:
    return FollowUp(
        kind=FollowUpKind(row.kind),
        key=row.key,
        due_at=row.due_at,
        job_id=row.job_id,
        customer_id=row.customer_id,
        appointment_id=row.appointment_id,
        invoice_id=row.invoice_id,
        id=row.id,
    )

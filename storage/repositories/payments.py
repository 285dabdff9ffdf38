"""Payment links, payments, the providers' events (each handled once) and credit notes."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.invoices import InvoiceStatus
from domain.payments import LinkState, OpenInvoice, Payment, PaymentLink
from storage.repositories.common import dialect_of, insert_or_ignore
from storage.repositories.counters import next_value
from storage.repositories.invoices import SqlInvoiceRepository
from storage.tables import (
    CreditNoteRow,
    CustomerRow,
    InvoiceRow,
    JobRow,
    PaymentEventRow,
    PaymentLinkRow,
    PaymentRow,
)

_EVENT = insert_or_ignore(cast(Table, PaymentEventRow.__table__), "provider", "event_id")


class SqlPayments:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_link(self, link: PaymentLink, at: datetime) -> None:
        self._session.add(
            PaymentLinkRow(
                invoice_id=link.invoice_id,
                provider=link.provider,
                link_id=link.link_id,
                url=link.url,
                amount_cents=link.amount_cents,
                state=link.state,
                created_at=at,
            )
        )
        await self._session.flush()

    async def open_link(self, invoice_id: int) -> PaymentLink | None:
        row = await self._session.scalar(
            select(PaymentLinkRow)
            .where(PaymentLinkRow.invoice_id == invoice_id, PaymentLinkRow.state == LinkState.OPEN)
            .order_by(PaymentLinkRow.id.desc())
            .limit(1)
            .execution_options(populate_existing=True)
        )
        return None if row is None else _link(row)

    async def link(self, provider: str, link_id: str) -> PaymentLink | None:
        row = await self._session.scalar(
            select(PaymentLinkRow)
            .where(PaymentLinkRow.provider == provider, PaymentLinkRow.link_id == link_id)
            .execution_options(populate_existing=True)
        )
        return None if row is None else _link(row)

    async def set_link_state(self, provider: str, link_id: str, state: LinkState) -> None:
        await self._session.execute(
            update(PaymentLinkRow)
            .where(PaymentLinkRow.provider == provider, PaymentLinkRow.link_id == link_id)
            .values(state=state)
        )

    async def first_event(self, provider: str, event_id: str, at: datetime) -> bool:
        kept = await self._session.execute(
            _EVENT[dialect_of(self._session)],
            {"provider": provider, "event_id": event_id, "received_at": at},
        )
        return bool(getattr(kept, "rowcount", 0))

    async def add_payment(self, payment: Payment) -> None:
        self._session.add(
            PaymentRow(
                invoice_id=payment.invoice_id,
                amount_cents=payment.amount_cents,
                method=payment.method,
                event_id=payment.event_id,
                at=payment.at,
            )
        )
        await self._session.flush()

    async def paid_cents(self, invoice_id: int) -> int:
        paid = await self._session.scalar(
            select(func.coalesce(func.sum(PaymentRow.amount_cents), 0)).where(
                PaymentRow.invoice_id == invoice_id
            )
        )
        return int(paid or 0)

    async def open_invoices(self) -> list[OpenInvoice]:
        rows = await self._session.execute(
            select(InvoiceRow.id, JobRow.reference, CustomerRow.name)
            .join(JobRow, JobRow.id == InvoiceRow.job_id)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
            .where(InvoiceRow.status == InvoiceStatus.ISSUED)
            .order_by(InvoiceRow.issued_at, InvoiceRow.id)
        )
        invoices = SqlInvoiceRepository(self._session)
        found = []
        for invoice_id, reference, name in rows.all():
            invoice = await invoices.get(invoice_id)
            assert invoice is not None and invoice.issued_at is not None
            found.append(
                OpenInvoice(
                    invoice_id=invoice_id,
                    number_text=invoice.number_text,
                    reference=reference,
                    customer_name=name,
                    total_cents=invoice.totals.gross,
                    paid_cents=await self.paid_cents(invoice_id),
                    issued_at=invoice.issued_at,
                )
            )
        return found

    async def add_credit_note(self, invoice_id: int, amount_cents: int, at: datetime) -> int:
        number = await next_value(self._session, "credit_note")
        self._session.add(
            CreditNoteRow(number=number, invoice_id=invoice_id, amount_cents=amount_cents, at=at)
        )
        await self._session.flush()
        return number

    async def claim_unpaid_links(
        self, provider: str, checked_before: datetime, now: datetime, limit: int
    ) -> list[PaymentLink]:
        """Open links not asked about since `checked_before`, marked asked now: another process
        reconciling at the same moment skips them (SKIP LOCKED), and after the commit they wait
        their next turn."""
        due = (
            select(PaymentLinkRow.id)
            .where(
                PaymentLinkRow.provider == provider,
                PaymentLinkRow.state == LinkState.OPEN,
                or_(
                    PaymentLinkRow.checked_at.is_(None),
                    PaymentLinkRow.checked_at < checked_before,
                ),
            )
            .order_by(PaymentLinkRow.id)
            .limit(limit)
        )
        claimed = update(PaymentLinkRow).values(checked_at=now).returning(PaymentLinkRow)
        if dialect_of(self._session) == "postgresql":
            ids = list(await self._session.scalars(due.with_for_update(skip_locked=True)))
            if not ids:
                return []
            claimed = claimed.where(PaymentLinkRow.id.in_(ids))
        else:  # one UPDATE: it takes SQLite's one write lock before it picks the rows
            claimed = claimed.where(PaymentLinkRow.id.in_(due.scalar_subquery()))
        rows = await self._session.scalars(claimed)
        return [_link(row) for row in rows.all()]


def _link(row: PaymentLinkRow) -> PaymentLink:
    return PaymentLink(
        provider=row.provider,
        link_id=row.link_id,
        url=row.url,
        amount_cents=row.amount_cents,
        invoice_id=row.invoice_id,
        state=LinkState(row.state),
    )

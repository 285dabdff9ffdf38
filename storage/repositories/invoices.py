"""Invoices and their lines; numbers come from the gapless `invoice` counter on issue."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import InvoiceError
from domain.invoices import Invoice, InvoiceLine, InvoiceStatus
from storage.repositories.counters import next_value
from storage.tables import InvoiceLineRow, InvoiceRow


class SqlInvoiceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, invoice: Invoice) -> Invoice:
        totals = invoice.totals if invoice.lines else None
        row = InvoiceRow(
            job_id=invoice.job_id,
            customer_id=invoice.customer_id,
            status=invoice.status,
            number=invoice.number,
            prices_include_vat=invoice.prices_include_vat,
            vat_rate_percent=invoice.vat_rate_percent,
            issued_at=invoice.issued_at,
            created_at=datetime.now(UTC),
            net_cents=totals and totals.net,
            vat_cents=totals and totals.vat,
        )
        self._session.add(row)
        await self._session.flush()
        invoice.id = row.id
        for position, line in enumerate(invoice.lines):
            self._session.add(
                InvoiceLineRow(
                    invoice_id=row.id,
                    position=position,
                    description=line.description,
                    quantity=line.quantity,
                    unit_price_cents=line.unit_price_cents,
                )
            )
        await self._session.flush()
        return invoice

    async def get(self, invoice_id: int) -> Invoice | None:
        row = await self._session.get(InvoiceRow, invoice_id, populate_existing=True)
        return None if row is None else await self._invoice(row)

    async def hold(self, invoice_id: int) -> Invoice | None:
        # A write that changes nothing: it takes the row's lock on Postgres and the write lock
        # on SQLite before the invoice is read.
        await self._session.execute(
            update(InvoiceRow).where(InvoiceRow.id == invoice_id).values(status=InvoiceRow.status)
        )
        return await self.get(invoice_id)

    async def by_number(self, number: int) -> Invoice | None:
        row = await self._session.scalar(select(InvoiceRow).where(InvoiceRow.number == number))
        return None if row is None else await self._invoice(row)

    async def issued_for_job(self, job_id: int) -> list[Invoice]:
        rows = await self._session.scalars(
            select(InvoiceRow)
            .where(InvoiceRow.job_id == job_id, InvoiceRow.status == InvoiceStatus.ISSUED)
            .order_by(InvoiceRow.number)
        )
        return [await self._invoice(row) for row in rows.all()]

    async def settle(self, invoice_id: int, status: InvoiceStatus) -> bool:
        settled = await self._session.scalar(
            update(InvoiceRow)
            .where(InvoiceRow.id == invoice_id, InvoiceRow.status == InvoiceStatus.ISSUED)
            .values(status=status)
            .returning(InvoiceRow.id)
        )
        return settled is not None

    async def _invoice(self, row: InvoiceRow) -> Invoice:
        lines = await self._session.scalars(
            select(InvoiceLineRow)
            .where(InvoiceLineRow.invoice_id == row.id)
            .order_by(InvoiceLineRow.position)
        )
        return Invoice(
            id=row.id,
            job_id=row.job_id,
            customer_id=row.customer_id,
            status=InvoiceStatus(row.status),
            number=row.number,
            prices_include_vat=row.prices_include_vat,
            vat_rate_percent=row.vat_rate_percent,
            issued_at=row.issued_at,
            lines=[InvoiceLine(li.description, li.quantity, li.unit_price_cents) for li in lines],
        )

    async def issue(self, invoice: Invoice, at: datetime) -> Invoice:
        """Number and issue a stored draft; a rollback gives the number back. Raises
        InvoiceError when another transaction issued it meanwhile: the draft is claimed first
        (its row stays locked), so the loser takes no number and leaves no gap."""
        claimed = await self._session.scalar(
            update(InvoiceRow)
            .where(InvoiceRow.id == invoice.id, InvoiceRow.status == InvoiceStatus.DRAFT)
            .values(status=InvoiceStatus.ISSUED)
            .returning(InvoiceRow.id)
        )
        if claimed is None:
            raise InvoiceError(f"invoice {invoice.id} was issued already")
        invoice.issue(await next_value(self._session, "invoice"), at)
        await self._session.execute(
            update(InvoiceRow)
            .where(InvoiceRow.id == invoice.id)
            .values(number=invoice.number, status=invoice.status, issued_at=invoice.issued_at)
        )
        return invoice

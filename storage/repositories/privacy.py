"""Consents, the audit log, and a customer's data gathered or erased."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers import Channel
from domain.privacy import AuditAction, AuditEntry, Consent, ConsentRecord, DataExport, KeptRecord
from storage.privacy_erasure import erase_customer
from storage.privacy_export import customer_export
from storage.tables import AuditEntryRow, ConsentRow, KeptRecordRow


class SqlPrivacyRecords:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record_consent(self, consent: ConsentRecord) -> None:
        self._session.add(
            ConsentRow(
                customer_id=consent.customer_id,
                what=consent.what,
                granted=consent.granted,
                channel=consent.channel,
                at=consent.at,
            )
        )
        await self._session.flush()

    async def noticed(self, customer_id: int, channel: Channel) -> bool:
        found = await self._session.scalar(
            select(ConsentRow.id).where(
                ConsentRow.customer_id == customer_id,
                ConsentRow.what == Consent.NOTICE,
                ConsentRow.channel == channel,
            )
        )
        return found is not None

    async def latest(self, customer_id: int, what: Consent) -> bool | None:
        """The last answer of that kind (False also when only asked); None: never asked."""
        return await self._session.scalar(
            select(ConsentRow.granted)
            .where(ConsentRow.customer_id == customer_id, ConsentRow.what == what)
            .order_by(ConsentRow.id.desc())
            .limit(1)
        )

    async def audit(self, entry: AuditEntry) -> None:
        self._session.add(
            AuditEntryRow(
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                customer_id=entry.customer_id,
                detail=entry.detail[:300],
            )
        )
        await self._session.flush()

    async def audit_log(self, limit: int, customer_id: int | None = None) -> list[AuditEntry]:
        """The latest entries, newest first; one customer's when given."""
        statement = select(AuditEntryRow).order_by(AuditEntryRow.id.desc()).limit(limit)
        if customer_id is not None:
            statement = statement.where(AuditEntryRow.customer_id == customer_id)
        return [
            AuditEntry(r.actor, AuditAction(r.action), r.customer_id, r.at, r.detail, r.id)
            for r in await self._session.scalars(statement)
        ]

    async def kept(self, customer_id: int) -> list[KeptRecord]:
        rows = await self._session.scalars(
            select(KeptRecordRow)
            .where(KeptRecordRow.customer_id == customer_id)
            .order_by(KeptRecordRow.id)
        )
        return [KeptRecord(r.customer_id, r.record, r.reason, r.at, r.keep_until) for r in rows]

    async def export(self, customer_id: int) -> DataExport | None:
        return await customer_export(self._session, customer_id)

    async def erase(self, customer_id: int, now: datetime, invoice_years: int) -> list[str] | None:
        return await erase_customer(self._session, customer_id, now, invoice_years)

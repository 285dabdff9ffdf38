"""The business file's retention periods ([privacy]), applied by the scheduled sweep: messages
older than keep_conversations_days go, and a customer with no open job and no word for
keep_closed_customers_days is erased as if they had asked (tax invoices kept, with why)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.ports import Clock, FileStore
from domain.privacy import AuditAction, AuditEntry, PrivacyTerms
from domain.records import thumbnail_key
from storage.privacy_erasure import erase_customer
from storage.privacy_retention import (
    claim_closed_customer,
    forget_old_messages,
    last_customer_id,
)
from storage.repositories.privacy import SqlPrivacyRecords

log = logging.getLogger(__name__)

BATCH = 200
CUSTOMERS_AT_A_TIME = 500  # asked about in one query: a few milliseconds
ACTOR = "retention sweep"


class PrivacyRetention:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        files: FileStore,
        clock: Clock,
        terms: PrivacyTerms,
    ) -> None:
        self._sessions = sessions
        self._files = files
        self._clock = clock
        self._terms = terms

    async def run(self) -> tuple[int, int]:
        """Messages removed, customers erased."""
        messages = customers = 0
        if days := self._terms.keep_conversations_days:
            messages = await self._old_messages(self._clock.now() - timedelta(days=days))
        if days := self._terms.keep_closed_customers_days:
            customers = await self._closed_customers(self._clock.now() - timedelta(days=days))
        if messages or customers:
            log.info("retention: removed %d old messages, erased %d customers", messages, customers)
        return messages, customers

    async def _old_messages(self, before: datetime) -> int:
        removed = 0
        while True:
            async with self._sessions() as session:
                batch = await forget_old_messages(session, before, BATCH)
                await session.commit()
            removed += batch
            if batch == 0:
                return removed

    async def _closed_customers(self, before: datetime) -> int:
        erased = 0
        async with self._sessions() as session:
            last = await last_customer_id(session)
        for start in range(1, last + 1, CUSTOMERS_AT_A_TIME):
            ids = range(start, start + CUSTOMERS_AT_A_TIME)
            while await self._erase_one(before, ids):
                erased += 1
        return erased

    async def _erase_one(self, before: datetime, ids: range) -> bool:
        """Whether a customer among `ids` was closed long enough, and is erased now."""
        async with self._sessions() as session:
            customer_id = await claim_closed_customer(session, before, ids)
            if customer_id is None:
                return False
            now = self._clock.now()
            keys = await erase_customer(session, customer_id, now, self._terms.invoice_years)
            keys = keys or []
            # The store first: a removal repeated after a crash finds nothing.
            await self._files.delete(keys + [thumbnail_key(key) for key in keys])
            detail = f"no job for {self._terms.keep_closed_customers_days} days"
            entry = AuditEntry(ACTOR, AuditAction.ERASED, customer_id, now, detail)
            await SqlPrivacyRecords(session).audit(entry)
            await session.commit()
        return True

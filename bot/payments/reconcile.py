"""The daily reconciliation: links still unpaid are asked about at the provider, and one it
reports paid (its webhook lost) is taken like the webhook would have been. Each link is asked
at most once a day, claimed by one process (SKIP LOCKED on Postgres)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.payments.intake import PaymentIntake
from domain.payments import CURRENCY, LinkPaid, PaymentProviderError
from domain.ports import Clock, PaymentProvider
from storage.errors import is_transient
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

EVERY_SECONDS = 3600  # each link is still asked about once a day at most
ASK_AGAIN_AFTER = timedelta(days=1)
BATCH = 50


class Reconciliation:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        provider: PaymentProvider,
        intake: PaymentIntake,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._provider = provider
        self._intake = intake
        self._clock = clock

    async def run(self) -> int:
        """One round; how many links were found paid."""
        found = 0
        try:
            while True:
                async with SqlUnitOfWork(self._sessions) as uow:
                    now = self._clock.now()
                    links = await uow.payments.claim_unpaid_links(
                        self._provider.name, now - ASK_AGAIN_AFTER, now, BATCH
                    )
                    await uow.commit()
                for link in links:
                    found += await self._ask(link.link_id)
                if len(links) < BATCH:
                    return found
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("payment reconciliation waits: %s", type(exc).__name__)
            return found

    async def _ask(self, link_id: str) -> int:
        try:
            paid = await self._provider.paid_cents(link_id)
        except PaymentProviderError as exc:
            log.warning("reconciliation: link %s not checked: %s", link_id, exc)
            return 0
        if paid is None:
            return 0
        event = LinkPaid(self._provider.name, f"reconciled:{link_id}", link_id, paid, CURRENCY)
        taken = await self._intake.take(event)
        log.info("reconciliation: link %s paid without its webhook: %s", link_id, taken)
        return 1

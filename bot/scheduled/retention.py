"""The scheduled sweep that removes old photos and screenshots (FILES_RETENTION_DAYS after
their job closed) from the file store, then their records; what signing in leaves behind:
codes and links expired a day ago, the limits' counts of windows long past, portal sessions
ended a month ago; and the business file's retention periods for conversations and closed
customers (bot/scheduled/privacy_retention.py)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.scheduled.privacy_retention import PrivacyRetention
from domain.ports import Clock, FileStore
from domain.privacy import DEFAULT_TERMS, PrivacyTerms
from domain.records import thumbnail_key
from storage.repositories.attempt_counters import SqlAttemptCounters
from storage.repositories.customer_sessions import SqlCustomerSessions
from storage.repositories.sign_ins import SqlSignIns
from storage.retention import expired_files, forget_files

log = logging.getLogger(__name__)

BATCH = 200


class RetentionSweep:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        files: FileStore,
        clock: Clock,
        keep_for: timedelta,
        terms: PrivacyTerms = DEFAULT_TERMS,
    ) -> None:
        self._sessions = sessions
        self._files = files
        self._clock = clock
        self._keep_for = keep_for
        self._privacy = PrivacyRetention(sessions, files, clock, terms)

    async def run(self) -> int:
        """Files removed. The store goes first: a record outliving its file would be a broken
        link, while a removal repeated after a crash finds nothing and is no error."""
        removed = 0
        cutoff = self._clock.now() - self._keep_for
        while True:
            async with self._sessions() as session:
                batch = await expired_files(session, cutoff, BATCH)
                if not batch:
                    break
                keys = [key for _, key in batch]
                await self._files.delete(keys + [thumbnail_key(k) for k in keys])
                await forget_files(session, [row_id for row_id, _ in batch])
                await session.commit()
            removed += len(batch)
        if removed:
            log.info("retention: removed %d old photos and screenshots", removed)
        async with self._sessions() as session:
            await SqlAttemptCounters(session).forget_before(self._clock.now())
            await SqlSignIns(session).forget_expired(self._clock.now())
            await SqlCustomerSessions(session).forget_ended(self._clock.now())
            await session.commit()
        await self._privacy.run()
        return removed

"""One transaction over every repository; it rolls back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction, async_sessionmaker

from storage.repositories.appointments import SqlAppointmentRepository
from storage.repositories.attempt_counters import SqlAttemptCounters
from storage.repositories.calendar_feeds import SqlCalendarFeeds
from storage.repositories.change_requests import SqlChangeRequests
from storage.repositories.closures import SqlDaysOff, SqlPowerCuts
from storage.repositories.conversations import SqlConversations
from storage.repositories.customer_sessions import SqlCustomerSessions
from storage.repositories.customers import SqlCustomerRepository
from storage.repositories.emails import SqlEmailBook
from storage.repositories.feedback import SqlSurveyAnswers
from storage.repositories.figures import SqlFigures
from storage.repositories.follow_ups import SqlFollowUps
from storage.repositories.google_events import SqlGoogleEvents
from storage.repositories.inbound import SqlInboundLog
from storage.repositories.invoices import SqlInvoiceRepository
from storage.repositories.jobs import SqlJobRepository
from storage.repositories.outages import SqlOutages
from storage.repositories.outbox import SqlOutbox
from storage.repositories.payments import SqlPayments
from storage.repositories.privacy import SqlPrivacyRecords
from storage.repositories.records import SqlJobRecordRepository
from storage.repositories.reminder_preferences import SqlReminderPreferences
from storage.repositories.secrets import SqlSecrets
from storage.repositories.sign_ins import SqlSignIns
from storage.repositories.status_links import SqlStatusLinks


class SqlUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session = self._sessions()
        self.customers = SqlCustomerRepository(session)
        self.jobs = SqlJobRepository(session)
        self.appointments = SqlAppointmentRepository(session)
        self.change_requests = SqlChangeRequests(session)
        self.records = SqlJobRecordRepository(session)
        self.invoices = SqlInvoiceRepository(session)
        self.payments = SqlPayments(session)
        self.inbound = SqlInboundLog(session)
        self.outbox = SqlOutbox(session)
        self.conversations = SqlConversations(session)
        self.status_links = SqlStatusLinks(session)
        self.follow_ups = SqlFollowUps(session)
        self.surveys = SqlSurveyAnswers(session)
        self.reminder_preferences = SqlReminderPreferences(session)
        self.secrets = SqlSecrets(session)
        self.days_off = SqlDaysOff(session)
        self.power_cuts = SqlPowerCuts(session)
        self.figures = SqlFigures(session)
        self.emails = SqlEmailBook(session)
        self.sign_ins = SqlSignIns(session)
        self.customer_sessions = SqlCustomerSessions(session)
        self.attempts = SqlAttemptCounters(session)
        self.calendar_feeds = SqlCalendarFeeds(session)
        self.google_events = SqlGoogleEvents(session)
        self.outages = SqlOutages(session)
        self.privacy = SqlPrivacyRecords(session)
        return self

    def savepoint(self) -> AsyncSessionTransaction:
        """Changes made inside are undone together if the block raises; the transaction goes
        on (a booking whose time was just taken leaves no job behind)."""
        assert self._session is not None, "savepoint() outside `async with`"
        return self._session.begin_nested()

    async def commit(self) -> None:
        assert self._session is not None, "commit() outside `async with`"
        await self._session.commit()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        # Whatever was not committed is undone: an exception or a forgotten commit keeps nothing.
        await self._session.rollback()
        await self._session.close()
        self._session = None

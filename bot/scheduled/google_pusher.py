"""Writes visits to the technician's Google Calendar from the durable queue (google_events):
booked and moved visits are put there, cancelled ones removed. Rows are claimed with SKIP
LOCKED, so processes share the work; when Google does not answer, the rows wait with a growing
backoff and the technician is told once, when the outage begins, and once when it ends. Google is
asked between two short transactions (claim, then outcomes), never inside one."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendars.google_api import GoogleCalendarApi
from bot.calendars.google_errors import GoogleRefused, GoogleUnavailable
from bot.calendars.google_event import google_event
from bot.delivery.outlet import Outlet
from domain.business import BusinessConfig
from domain.customers import ChannelIdentity
from domain.messages import Outbound
from domain.ports import Clock
from domain.visit_entries import visit_entry
from storage.errors import is_transient
from storage.repositories.google_events import PendingEvent
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

POLL_SECONDS = 3
BATCH = 20
FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(minutes=15)
# Longer than a batch's Google calls can take (20 of 5 s at most): a row is asked about again
# only when the process that claimed it died.
LEASE = timedelta(minutes=5)
OUTAGE = "google_calendar"
DOWN = (
    "Google Calendar isn't answering ({why}). Bookings go on as usual; they'll be written to "
    "your Google Calendar when it's back, and meanwhile the last busy times I had are used."
)
BACK = "Google Calendar answers again: the bookings that waited are written to it."


class GooglePusher:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        api: GoogleCalendarApi,
        *,
        clock: Clock,
        business: BusinessConfig,
        zone: ZoneInfo,
        admins: tuple[ChannelIdentity, ...],
        outlet: Outlet,
    ) -> None:
        self._sessions = sessions
        self._api = api
        self._clock = clock
        self._business = business
        self._zone = zone
        self._admins = admins
        self._outlet = outlet

    async def run(self) -> None:
        """One round: every due row, a batch at a time, until Google fails or none is left."""
        try:
            while await self._push_batch() == BATCH:
                pass
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("Google Calendar writes wait for the database: %s", type(exc).__name__)

    async def _push_batch(self) -> int:
        # Claimed and committed first: Google is asked with no transaction open, so a slow
        # Google never holds SQLite's one write lock (nor Postgres row locks) from chat turns.
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            due = await uow.google_events.claim_due(now, BATCH, LEASE)
            await uow.commit()
        if not due:
            return 0
        outcomes: list[bool | GoogleUnavailable | GoogleRefused | None] = []
        down: GoogleUnavailable | None = None
        for pending in due:  # once Google is down, it is not asked again this round
            outcome = None if down else await self._outcome(pending, now)
            if isinstance(outcome, GoogleUnavailable):
                down = outcome
            outcomes.append(outcome)
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            said: list[str] = []
            for pending, outcome in zip(due, outcomes, strict=True):
                if isinstance(outcome, bool):
                    await uow.google_events.written(pending, outcome)
                elif isinstance(outcome, GoogleRefused):
                    await uow.google_events.refused(pending, str(outcome))
                    reference = pending.job.reference
                    said.append(f"Google Calendar refused {reference}'s visit: {outcome}.")
                else:
                    await uow.google_events.retry(pending, _backoff(now, pending), str(down))
            if down is not None:
                if await uow.outages.began(OUTAGE, now):
                    said.append(DOWN.format(why=down))
            elif await uow.outages.ended(OUTAGE):
                said.append(BACK)
            messages = [Outbound(a.channel, a.address, text) for text in said for a in self._admins]
            leased = await self._outlet.enqueue(uow, messages, now)
            await uow.commit()
        self._outlet.submit(leased)
        return 0 if down is not None else len(due)

    async def _outcome(
        self, pending: PendingEvent, now: datetime
    ) -> bool | GoogleUnavailable | GoogleRefused:
        """Whether the visit is in Google now, or what went wrong."""
        try:
            return await self._push(pending, now)
        except GoogleUnavailable as exc:
            log.warning("Google Calendar unavailable: %s", exc)
            return exc
        except GoogleRefused as exc:
            log.error("Google Calendar refused visit %s: %s", pending.appointment.id, exc)
            return exc

    async def _push(self, pending: PendingEvent, now: datetime) -> bool:
        """Make Google's calendar show the visit as it stands; whether it is there now."""
        visit = pending.appointment
        if visit.cancelled_at is not None:
            if pending.in_google:
                await self._api.delete_event(pending.event_id)
            return False
        if not pending.in_google and visit.end <= now:
            return False  # over before it could be written (Google set up since): left out
        entry = visit_entry(visit, pending.job, pending.customer_name, self._business)
        event = google_event(entry, self._zone)
        await self._api.put_event(pending.event_id, event, exists=pending.in_google)
        return True


def _backoff(now: datetime, pending: PendingEvent) -> datetime:
    wait: timedelta = min(FIRST_RETRY * 2 ** min(pending.attempts, 8), LAST_RETRY)
    return now + wait

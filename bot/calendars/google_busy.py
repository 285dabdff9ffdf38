"""The technician's busy times from Google (the BusyCalendar port): one freeBusy query serves
every question for a short while; a confirmation asks again; when Google does not answer, the
last busy times it gave are used (none, if it never answered since the start), and it is not
asked again for the same short while."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.calendars.google_api import GoogleCalendarApi
from bot.calendars.google_errors import GoogleRefused, GoogleUnavailable
from domain.closures import BusyTime
from domain.ports import Clock

log = logging.getLogger(__name__)


class GoogleBusy:
    def __init__(self, api: GoogleCalendarApi, clock: Clock, keep_for: timedelta) -> None:
        self._api = api
        self._clock = clock
        self._keep_for = keep_for
        self._known: tuple[BusyTime, ...] = ()
        self._asked: tuple[datetime, datetime, datetime] | None = None  # at, from, to
        self._failed_at: datetime | None = None

    async def busy(
        self, start: datetime, end: datetime, *, fresh: bool = False
    ) -> tuple[BusyTime, ...]:
        now = self._clock.now()
        # After a failure even a confirmation does not ask again for a while: a customer
        # should not wait on a timeout at every step.
        failed_lately = self._failed_at is not None and now - self._failed_at < self._keep_for
        if (not fresh or failed_lately) and self._still_good(now, start, end):
            return self._within(start, end)
        try:
            self._known = await self._api.free_busy(start, end)
            self._failed_at = None
        except (GoogleUnavailable, GoogleRefused) as exc:
            log.warning("Google Calendar busy times not had (%s): the last ones stand", exc)
            self._failed_at = now
        self._asked = (now, start, end)
        return self._within(start, end)

    def _still_good(self, now: datetime, start: datetime, end: datetime) -> bool:
        if self._asked is None:
            return False
        at, first, last = self._asked
        return now - at < self._keep_for and first <= start and end <= last + self._keep_for

    def _within(self, start: datetime, end: datetime) -> tuple[BusyTime, ...]:
        return tuple(b for b in self._known if b.overlaps(start, end))

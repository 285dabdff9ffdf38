"""The slot finder: when a visit can happen, given opening hours, public holidays, the
technician's days off, notice and horizon, what is already booked, the drive between on-site
visits, and power cuts in the visit's area."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.appointments import Appointment, VisitMode
from domain.business import BusinessConfig
from domain.closures import Closures, PowerCut
from domain.day_route import Stop, extra_driving

HolidayName = Callable[[date], str | None]
# A day later is worth this many minutes of extra driving when ranking on-site slots: a visit
# joins a nearby one a few days off rather than cost a separate trip, but not weeks off.
DAY_WEIGHT_MINUTES = 5
MAX_SLOTS_PER_DAY = 2  # offers spread over days give a real choice


@dataclass(frozen=True, slots=True)
class Visit:
    """What is to be placed: how long, remote or on site, and where."""

    minutes: int
    mode: VisitMode
    area: str | None = None

    @property
    def on_site(self) -> bool:
        return self.mode is VisitMode.ON_SITE


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime  # UTC
    end: datetime
    extra_driving_minutes: int = 0
    power_cut: PowerCut | None = None  # offered despite one, when closures only warn


class Refusal(StrEnum):
    """Why a time asked for cannot be had."""

    PAST = "past"
    TOO_SOON = "too_soon"
    TOO_FAR = "too_far"
    HOLIDAY = "holiday"
    CLOSED = "closed"
    OFF_GRID = "off_grid"  # not at a time visits start (on the hour and half hour, say)
    TAKEN = "taken"
    DAY_OFF = "day_off"
    POWER_CUT = "power_cut"  # no power in the area of an on-site visit


class SlotFinder:
    def __init__(
        self,
        business: BusinessConfig,
        zone: ZoneInfo,
        holiday: HolidayName,
        closures: Closures | None = None,
    ) -> None:
        self._business = business
        self._zone = zone
        self._holiday = holiday
        self._closures = closures if closures is not None else Closures()

    def with_closures(self, closures: Closures) -> SlotFinder:
        """The same calendar with other days off and power cuts."""
        return SlotFinder(self._business, self._zone, self._holiday, closures)

    @property
    def closures(self) -> Closures:
        return self._closures

    def offer(
        self,
        visit: Visit,
        booked: Sequence[Appointment],
        now: datetime,
        *,
        day: date | None = None,
        count: int | None = None,
    ) -> list[Slot]:
        """The best few slots (on one `day`, or over the whole horizon): remote ones soonest
        first; on-site ones with the least extra driving, soon ones preferred."""
        count = count or self._business.booking.slots_offered
        days = [day] if day is not None else list(self._days(now))
        candidates = [slot for d in days for slot in self._free_on(d, visit, booked, now)]
        if not visit.on_site:
            return candidates[:count] if day else self._spread(candidates, count)
        today = now.astimezone(self._zone).date()

        def cost(slot: Slot) -> tuple[int, datetime]:
            days_ahead = (slot.start.astimezone(self._zone).date() - today).days
            return slot.extra_driving_minutes + DAY_WEIGHT_MINUTES * days_ahead, slot.start

        ranked = sorted(candidates, key=cost)
        chosen = ranked[:count] if day else self._spread(ranked, count)
        return sorted(chosen, key=lambda slot: slot.start)

    def nearest(
        self,
        visit: Visit,
        booked: Sequence[Appointment],
        now: datetime,
        around: datetime,
        *,
        count: int | None = None,
    ) -> list[Slot]:
        """The free slots closest to a time asked for that cannot be had, in time order."""
        count = count or self._business.booking.slots_offered
        every = [slot for d in self._days(now) for slot in self._free_on(d, visit, booked, now)]
        closest = sorted(every, key=lambda slot: abs(slot.start - around))[:count]
        return sorted(closest, key=lambda slot: slot.start)

    def free_days(self, visit: Visit, booked: Sequence[Appointment], now: datetime) -> list[date]:
        """Every day of the horizon on which the visit fits somewhere."""
        return [d for d in self._days(now) if any(self._free_on(d, visit, booked, now))]

    def check(
        self, visit: Visit, start: datetime, booked: Sequence[Appointment], now: datetime
    ) -> Refusal | None:
        """Why the visit cannot start at `start`; None when it can. The reason that helps most
        comes first: "3am" today is answered with the opening hours, not "that has passed"."""
        day, end = start.astimezone(self._zone).date(), start + timedelta(minutes=visit.minutes)
        refusal = self.day_refusal(day, now)
        if refusal is not None:
            return refusal
        hours = self._opening(day)
        if hours is None or start < hours[0] or end > hours[1]:
            return Refusal.CLOSED
        if start <= now:
            return Refusal.PAST
        if start < now + timedelta(minutes=self._business.booking.min_notice_minutes):
            return Refusal.TOO_SOON
        if (start - hours[0]) % timedelta(minutes=self._business.booking.slot_step_minutes):
            return Refusal.OFF_GRID
        if self._extra_driving(visit, start, end, self._stops(day, booked)) is None:
            return Refusal.TAKEN
        if self._closures.busy_during(start, end):
            return Refusal.TAKEN  # the technician's own calendar: to the customer, just taken
        if self._power_cut(visit, start, end) and not self._closures.warn_only:
            return Refusal.POWER_CUT
        return None

    def day_refusal(self, day: date, now: datetime) -> Refusal | None:
        """Why nothing can be booked on that day at all; None when something might be."""
        if day < now.astimezone(self._zone).date():
            return Refusal.PAST
        if day > self._last_day(now):
            return Refusal.TOO_FAR
        if self._holiday(day):
            return Refusal.HOLIDAY
        if self._closures.day_off(day):
            return Refusal.DAY_OFF
        return Refusal.CLOSED if self._opening(day) is None else None

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def holiday(self, day: date) -> str | None:
        return self._holiday(day)

    def _open_hours(self, day: date) -> tuple[datetime, datetime] | None:
        """Opening and closing time (UTC) on a day; None when closed (a public holiday, a day
        off)."""
        return None if self._holiday(day) or self._closures.day_off(day) else self._opening(day)

    # -- inside ------------------------------------------------------------------------------

    def _spread(self, slots: list[Slot], count: int) -> list[Slot]:
        """The first `count` slots in the given order, at most MAX_SLOTS_PER_DAY a day."""
        chosen: list[Slot] = []
        per_day: dict[date, int] = {}
        for slot in slots:
            day = slot.start.astimezone(self._zone).date()
            if per_day.get(day, 0) < MAX_SLOTS_PER_DAY:
                chosen.append(slot)
                per_day[day] = per_day.get(day, 0) + 1
                if len(chosen) == count:
                    break
        return chosen

    def _days(self, now: datetime) -> Iterator[date]:
        first = now.astimezone(self._zone).date()
        for offset in range((self._last_day(now) - first).days + 1):
            yield first + timedelta(days=offset)

    def _last_day(self, now: datetime) -> date:
        return now.astimezone(self._zone).date() + timedelta(
            days=self._business.booking.max_days_ahead
        )

    def _opening(self, day: date) -> tuple[datetime, datetime] | None:
        hours = self._business.hours.for_weekday(day.weekday())
        if hours is None:
            return None
        opens, closes = (
            datetime.combine(day, moment, self._zone).astimezone(UTC) for moment in hours
        )
        return opens, closes

    def _free_on(
        self, day: date, visit: Visit, booked: Sequence[Appointment], now: datetime
    ) -> Iterator[Slot]:
        hours = self._open_hours(day)
        if hours is None or day > self._last_day(now):
            return
        rules = self._business.booking
        step, length = timedelta(minutes=rules.slot_step_minutes), timedelta(minutes=visit.minutes)
        earliest = now + timedelta(minutes=rules.min_notice_minutes)
        stops = self._stops(day, booked)
        start = hours[0]
        while start + length <= hours[1]:
            if start >= earliest and not self._closures.busy_during(start, start + length):
                extra = self._extra_driving(visit, start, start + length, stops)
                cut = self._power_cut(visit, start, start + length)
                if extra is not None and (cut is None or self._closures.warn_only):
                    yield Slot(start, start + length, extra, cut)
            start += step

    def _power_cut(self, visit: Visit, start: datetime, end: datetime) -> PowerCut | None:
        """A remote visit goes on without the customer's power; an on-site one needs it."""
        return self._closures.power_cut(visit.area, start, end) if visit.on_site else None

    def _stops(self, day: date, booked: Sequence[Appointment]) -> list[Stop]:
        return sorted(
            (
                Stop(a.start, a.end, a.area if a.mode is VisitMode.ON_SITE else None)
                for a in booked
                if a.start.astimezone(self._zone).date() == day
            ),
            key=lambda stop: stop.start,
        )

    def _extra_driving(
        self, visit: Visit, start: datetime, end: datetime, stops: list[Stop]
    ) -> int | None:
        opens = self._opening(start.astimezone(self._zone).date())
        assert opens is not None
        new = Stop(start, end, visit.area if visit.on_site else None)
        return extra_driving(self._business.areas, opens[0], stops, new)

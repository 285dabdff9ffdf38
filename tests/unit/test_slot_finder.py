"""The slot finder: hours, holidays, notice, horizon, travel between on-site visits, clustering."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.business import load_business
from domain.appointments import Appointment, VisitMode
from domain.slots import Refusal, Slot, SlotFinder, Visit

SAST = ZoneInfo("Africa/Johannesburg")
BUSINESS = load_business(None)
HOLIDAYS = {date(2026, 12, 16): "Day of Reconciliation", date(2026, 12, 25): "Christmas Day"}
REMOTE = Visit(60, VisitMode.REMOTE)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A local time in Johannesburg, November 2026 unless told otherwise."""
    return datetime(2026, month, day, hour, minute, tzinfo=SAST)


def local(slots: list[Slot]) -> list[str]:
    return [s.start.astimezone(SAST).strftime("%a %d %H:%M") for s in slots]


def on_site(area: str, minutes: int = 60) -> Visit:
    return Visit(minutes, VisitMode.ON_SITE, area)


def booked(start: datetime, minutes: int, area: str | None = None) -> Appointment:
    mode = VisitMode.ON_SITE if area else VisitMode.REMOTE
    return Appointment(1, start, start + timedelta(minutes=minutes), mode, area)


def drive(a: str, b: str) -> int:
    return BUSINESS.areas.travel_minutes(a, b)


@pytest.fixture
def finder() -> SlotFinder:
    return SlotFinder(BUSINESS, SAST, HOLIDAYS.get)


NOW = at(24, 5)  # Tuesday 24 November 2026, 05:00


def test_remote_slots_start_at_opening_two_a_day_soonest_first(finder: SlotFinder) -> None:
    assert local(finder.offer(REMOTE, [], NOW)) == [
        "Tue 24 08:00", "Tue 24 08:30", "Wed 25 08:00", "Wed 25 08:30",
    ]  # fmt: skip


def test_a_day_is_filled_within_opening_hours(finder: SlotFinder) -> None:
    day = finder.offer(REMOTE, [], NOW, day=date(2026, 11, 24), count=100)
    assert local(day)[0] == "Tue 24 08:00" and local(day)[-1] == "Tue 24 16:00"
    saturday = finder.offer(REMOTE, [], NOW, day=date(2026, 11, 28), count=100)
    assert local(saturday)[0] == "Sat 28 09:00" and local(saturday)[-1] == "Sat 28 12:00"
    assert finder.offer(REMOTE, [], NOW, day=date(2026, 11, 29)) == []  # Sunday


def test_public_holidays_and_sundays_are_not_free_days(finder: SlotFinder) -> None:
    days = finder.free_days(REMOTE, [], at(10, 5, month=12))
    assert date(2026, 12, 16) not in days and date(2026, 12, 25) not in days
    assert date(2026, 12, 13) not in days  # a Sunday
    assert date(2026, 12, 15) in days and date(2026, 12, 17) in days
    assert finder.check(REMOTE, at(16, 10, month=12), [], at(10, 5, month=12)) is Refusal.HOLIDAY


def test_minimum_notice_pushes_the_first_slot_back(finder: SlotFinder) -> None:
    assert local(finder.offer(REMOTE, [], at(24, 10, 10)))[:1] == ["Tue 24 12:30"]
    assert finder.check(REMOTE, at(24, 11, 0), [], at(24, 10, 10)) is Refusal.TOO_SOON
    assert finder.check(REMOTE, at(24, 9, 0), [], at(24, 10, 10)) is Refusal.PAST


def test_nothing_is_offered_beyond_the_horizon(finder: SlotFinder) -> None:
    days = finder.free_days(REMOTE, [], NOW)
    assert days[-1] == date(2026, 12, 24)  # 30 days ahead, a Thursday
    assert finder.check(REMOTE, at(26, 10, month=12), [], NOW) is Refusal.TOO_FAR


def test_closed_times_and_taken_times_are_refused(finder: SlotFinder) -> None:
    busy = [booked(at(25, 10), 60)]
    assert finder.check(REMOTE, at(29, 10), busy, NOW) is Refusal.CLOSED  # Sunday
    assert finder.check(REMOTE, at(25, 16, 30), busy, NOW) is Refusal.CLOSED  # ends after 17:00
    assert finder.check(REMOTE, at(25, 10, 30), busy, NOW) is Refusal.TAKEN
    assert finder.check(REMOTE, at(25, 11, 0), busy, NOW) is None


def test_remote_jobs_need_no_travel(finder: SlotFinder) -> None:
    busy = [booked(at(24, 9), 60, "Edenvale")]
    day = finder.offer(REMOTE, busy, NOW, day=date(2026, 11, 24), count=3)
    # Right after the visit, wherever the technician is; not at 08:00, which would leave no
    # time to drive to Edenvale for 09:00.
    assert local(day) == ["Tue 24 10:00", "Tue 24 10:30", "Tue 24 11:00"]


def test_an_on_site_visit_leaves_time_to_drive_from_the_last_one(finder: SlotFinder) -> None:
    busy = [booked(at(24, 9), 60, "Edenvale")]
    needed = drive("Edenvale", "Kew")
    first = finder.offer(on_site("Kew"), busy, NOW, day=date(2026, 11, 24), count=20)
    after = [s for s in first if s.start >= at(24, 10)]
    assert after[0].start >= at(24, 10) + timedelta(minutes=needed)
    assert after[0].start - timedelta(minutes=30) < at(24, 10) + timedelta(minutes=needed)
    assert finder.check(on_site("Kew"), at(24, 10), busy, NOW) is Refusal.TAKEN


def test_an_on_site_visit_before_another_leaves_time_to_drive_to_it(finder: SlotFinder) -> None:
    busy = [booked(at(24, 12), 60, "Marlboro")]
    assert finder.check(on_site("Edenvale"), at(24, 11), busy, NOW) is Refusal.TAKEN
    assert finder.check(on_site("Marlboro"), at(24, 10, 30), busy, NOW) is None  # 5 min apart


def test_the_first_visit_of_the_day_leaves_time_to_drive_from_base(finder: SlotFinder) -> None:
    assert drive("Lombardy East", "Marlboro") > 0
    [first] = finder.offer(on_site("Marlboro"), [], NOW, day=date(2026, 11, 24), count=1)
    assert local([first]) == ["Tue 24 08:30"]


def test_a_remote_job_cannot_take_the_time_needed_to_drive(finder: SlotFinder) -> None:
    gap = drive("Edenvale", "Kew")
    busy = [
        booked(at(24, 9), 60, "Edenvale"),
        booked(at(24, 10) + timedelta(minutes=gap), 60, "Kew"),
    ]
    assert finder.check(Visit(30, VisitMode.REMOTE), at(24, 10), busy, NOW) is Refusal.TAKEN


def test_on_site_offers_cluster_around_nearby_visits(finder: SlotFinder) -> None:
    thursday_in_edenvale = [booked(at(26, 10), 60, "Edenvale")]
    offered = finder.offer(on_site("Edenvale"), thursday_in_edenvale, NOW)
    thursday = [s for s in offered if s.start.astimezone(SAST).day == 26]
    assert len(thursday) == 2 and all(s.extra_driving_minutes <= 5 for s in thursday)
    assert not any(s.start.astimezone(SAST).day == 25 for s in offered)  # no lone Wednesday trip
    alone = finder.offer(on_site("Edenvale"), [], NOW)
    assert all(s.extra_driving_minutes == 2 * drive("Lombardy East", "Edenvale") for s in alone)

"""The technician's own busy times in the slot finder: a busy time closes every visit that
overlaps it, remote or on site; our own visits, which sit in the same calendar, are taken out of
the busy times first, so a visit can move over its own time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.business import load_business
from domain.appointments import VisitMode
from domain.closures import BusyTime, Closures, others_only
from domain.slots import Refusal, SlotFinder, Visit

SAST = ZoneInfo("Africa/Johannesburg")
NOW = datetime(2026, 11, 24, 5, 0, tzinfo=SAST)  # Tuesday
WEDNESDAY = date(2026, 11, 25)
REMOTE = Visit(60, VisitMode.REMOTE)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 25, hour, minute, tzinfo=SAST)


def test_a_busy_time_closes_the_slots_it_overlaps() -> None:
    busy = (BusyTime(at(8, 30), at(10)),)
    calendar = SlotFinder(load_business(None), SAST, lambda day: None, Closures(busy=busy))
    offered = calendar.offer(REMOTE, [], NOW, day=WEDNESDAY, count=3)
    assert [s.start for s in offered] == [at(10), at(10, 30), at(11)]
    assert calendar.check(REMOTE, at(9), [], NOW) is Refusal.TAKEN
    assert calendar.check(Visit(60, VisitMode.ON_SITE, "Kew"), at(8), [], NOW) is Refusal.TAKEN
    assert calendar.check(REMOTE, at(10), [], NOW) is None  # it ends as the visit starts


def test_our_own_visits_are_taken_out_of_the_busy_times() -> None:
    merged = (BusyTime(at(9), at(12)),)  # a visit 10-11 beside the technician's own meetings
    assert others_only(merged, [(at(10), at(11))]) == (
        BusyTime(at(9), at(10)),
        BusyTime(at(11), at(12)),
    )
    assert others_only((BusyTime(at(10), at(11)),), [(at(10), at(11))]) == ()
    assert others_only(merged, [(at(13), at(14))]) == merged

"""Days off and power cuts in the slot finder: a day off is closed for every visit; a power cut
in an area holds back on-site visits there (or flags them), never remote ones."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.business import load_business
from domain.appointments import VisitMode
from domain.closures import Closures, DaysOff, PowerCut
from domain.slots import Refusal, Slot, SlotFinder, Visit

SAST = ZoneInfo("Africa/Johannesburg")
BUSINESS = load_business(None)
NOW = datetime(2026, 11, 24, 5, 0, tzinfo=SAST)  # Tuesday
WEDNESDAY = date(2026, 11, 25)
CUT = PowerCut(datetime(2026, 11, 25, 8, tzinfo=SAST), datetime(2026, 11, 25, 10, 30, tzinfo=SAST))
REMOTE = Visit(60, VisitMode.REMOTE)
IN_KEW = Visit(60, VisitMode.ON_SITE, "Kew")


def finder(closures: Closures) -> SlotFinder:
    return SlotFinder(BUSINESS, SAST, lambda day: None, closures)


def hours(slots: list[Slot]) -> list[str]:
    return [s.start.astimezone(SAST).strftime("%H:%M") for s in slots]


def test_days_off_are_closed_for_every_visit() -> None:
    calendar = finder(Closures(days_off=(DaysOff(WEDNESDAY, WEDNESDAY + timedelta(days=1)),)))
    assert calendar.day_refusal(WEDNESDAY, NOW) is Refusal.DAY_OFF
    assert calendar.offer(REMOTE, [], NOW, day=WEDNESDAY) == []
    free = calendar.free_days(IN_KEW, [], NOW)
    assert WEDNESDAY not in free and date(2026, 11, 27) in free
    nine = datetime(2026, 11, 26, 9, tzinfo=SAST)
    assert calendar.check(REMOTE, nine, [], NOW) is Refusal.DAY_OFF


def test_a_power_cut_holds_back_on_site_visits_in_its_area_only() -> None:
    calendar = finder(Closures(power_cuts={"Kew": (CUT,)}))
    assert hours(calendar.offer(IN_KEW, [], NOW, day=WEDNESDAY))[0] == "10:30"
    in_bramley = Visit(60, VisitMode.ON_SITE, "Bramley")
    assert hours(calendar.offer(in_bramley, [], NOW, day=WEDNESDAY))[0] < "10:00"
    assert hours(calendar.offer(REMOTE, [], NOW, day=WEDNESDAY))[0] == "08:00"
    nine = datetime(2026, 11, 25, 9, tzinfo=SAST)
    assert calendar.check(IN_KEW, nine, [], NOW) is Refusal.POWER_CUT
    assert calendar.check(REMOTE, nine, [], NOW) is None
    # A visit ending as the power goes is fine: the cut starts at 08:00.
    assert calendar.check(IN_KEW, datetime(2026, 11, 25, 10, 30, tzinfo=SAST), [], NOW) is None


def test_with_warnings_only_the_slot_is_offered_and_carries_the_cut() -> None:
    calendar = finder(Closures(power_cuts={"Kew": (CUT,)}, warn_only=True))
    first = calendar.offer(IN_KEW, [], NOW, day=WEDNESDAY)[0]
    assert first.start < CUT.end and first.power_cut == CUT
    assert calendar.check(IN_KEW, first.start, [], NOW) is None


def test_new_closures_keep_the_warning_policy() -> None:
    calendar = finder(Closures(warn_only=True)).with_closures(
        Closures(warn_only=True).updated((), {"Kew": (CUT,)})
    )
    assert calendar.closures.warn_only and calendar.closures.power_cuts == {"Kew": (CUT,)}

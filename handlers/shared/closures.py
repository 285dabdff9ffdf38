"""The calendar as it stands this turn: the technician's days off, power cuts in the area of
an on-site visit (set by the technician, or from the load-shedding schedule, asked for again
only when the kept one is old: every process shares it, and the source counts its calls), and
the busy times of the technician's own calendar (Google's, when configured)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, tzinfo

from domain.closures import BusyTime, DaysOff, PowerCut, others_only
from domain.slots import Refusal, Slot, Visit
from handlers.kernel.turn import Turn
from handlers.shared.wording import day_text, when_text

CLOSURE_REFUSALS = (Refusal.DAY_OFF, Refusal.POWER_CUT)


async def close_calendar(turn: Turn, visit: Visit, *, fresh: bool = False) -> None:
    """Give the turn's calendar today's days off, the power cuts in the visit's area and the
    technician's busy times (asked again when `fresh`: a time about to be booked)."""
    now = turn.clock.now()
    today = now.astimezone(turn.calendar.zone).date()
    days_off = tuple(await turn.uow.days_off.ending_from(today))
    power_cuts = {}
    if visit.on_site and visit.area:
        power_cuts[visit.area] = await _power_cuts(turn, visit.area, now)
    busy = await _busy(turn, now, fresh)
    closures = turn.calendar.closures.updated(days_off, power_cuts, busy)
    turn.calendar = turn.calendar.with_closures(closures)


def fresh_busy_first(turn: Turn) -> Callable[[], Awaitable[object]] | None:
    """The technician's calendar asked afresh, as work to do before the turn holds the
    database (Google may be slow); None without one."""
    calendar, now = turn.services.busy, turn.clock.now()
    if calendar is None:
        return None
    return lambda: calendar.busy(now, now + _horizon(turn), fresh=True)


def _horizon(turn: Turn) -> timedelta:
    # Always the whole horizon, so one answer serves every question of the next minute.
    return timedelta(days=turn.business.booking.max_days_ahead + 2)


async def _busy(turn: Turn, now: datetime, fresh: bool) -> tuple[BusyTime, ...]:
    if turn.services.busy is None:
        return ()
    horizon = _horizon(turn)
    busy = await turn.services.busy.busy(now, now + horizon, fresh=fresh)
    ours = await turn.uow.appointments.between(now, now + horizon)
    return others_only(busy, [(visit.start, visit.end) for visit in ours])


async def _power_cuts(turn: Turn, area: str, now: datetime) -> tuple[PowerCut, ...]:
    set_here = tuple(
        cut for where, cut in await turn.uow.power_cuts.set_after(now) if where == area
    )
    area_id = turn.business.areas.load_shedding_ids.get(area)
    if area_id is None or turn.power is None:
        return set_here
    known = await turn.uow.power_cuts.known(area_id)
    if known is not None and now - known.checked_at < turn.power.refresh_after:
        return set_here + known.cuts
    fresh = await turn.power.power_cuts(area_id)
    await turn.uow.power_cuts.remember(area_id, fresh, now)
    if fresh is None:  # the source did not answer: the last schedule it gave stands
        return set_here + (known.cuts if known else ())
    return set_here + tuple(fresh)


async def power_note(turn: Turn, visit: Visit, start: datetime) -> str:
    """A sentence warning of load-shedding during an on-site visit offered despite it."""
    await close_calendar(turn, visit)
    end = start + timedelta(minutes=visit.minutes)
    cut = turn.calendar.closures.power_cut(visit.area, start, end) if visit.on_site else None
    if cut is None:
        return ""
    return f" Note: load-shedding in {visit.area} then ({span(cut, turn.calendar.zone)})."


def slot_label(slot: Slot, zone: tzinfo) -> str:
    """The time offered; one during a power cut says so."""
    label = when_text(slot.start, zone)
    cut = slot.power_cut
    return label if cut is None else f"{label} (no power {span(cut, zone)})"


def span(cut: PowerCut, zone: tzinfo) -> str:
    return f"{cut.start.astimezone(zone):%H:%M}-{cut.end.astimezone(zone):%H:%M}"


def closure_reason(turn: Turn, refusal: Refusal, start: datetime) -> str:
    """Why a day off or a power cut keeps that time from being booked, in a sentence."""
    day = start.astimezone(turn.calendar.zone).date()
    if refusal is Refusal.DAY_OFF:
        off = turn.calendar.closures.day_off(day)
        return f"We're away {days_text(off)}." if off else "We're away that day."
    return "There's load-shedding in your area then, so we can't work there."


def days_text(off: DaysOff) -> str:
    """'on Thu 24 Dec', or 'from Thu 24 Dec to Sat 2 Jan'."""
    if off.first == off.last:
        return f"on {day_text(off.first)}"
    return f"from {day_text(off.first)} to {day_text(off.last)}"

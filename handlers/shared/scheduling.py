"""Offering times, for a booking or a move: the best free ones, those of a day (within a range
of it), the nearest to a time asked for, or the free days; a time that cannot be had is
explained. What the customer chose or typed is read in time_choice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from domain.appointments import Appointment
from domain.messages import Option
from domain.slots import Refusal, Slot, Visit
from domain.when import range_text
from domain.when_words import WEEKDAY_NAMES
from handlers.kernel.turn import Turn
from handlers.shared.closures import CLOSURE_REFUSALS, close_calendar, closure_reason, slot_label
from handlers.shared.wording import day_text

ANOTHER_DAY = Option("time.another_day", "Another day")
SLOT, DAY = "slot.", "day."
DAYS_LISTED = 6
TYPE_A_TIME = 'Or type a day and time, like "Friday 10am".'
TYPED_INSTEAD = ' (or type a day and time, like "Friday 10am"):'


async def booked(turn: Turn, moving: int | None = None) -> Sequence[Appointment]:
    """Every appointment still on within the booking horizon, but the one being moved."""
    now = turn.clock.now()
    horizon = timedelta(days=turn.business.booking.max_days_ahead + 2)
    found = await turn.uow.appointments.between(now - timedelta(days=1), now + horizon)
    return [a for a in found if moving is None or a.id != moving]


async def offer_times(
    turn: Turn,
    visit: Visit,
    *,
    heading: str,
    day: date | None = None,
    window: tuple[time, time] | None = None,
    around: datetime | None = None,
    moving: int | None = None,
    asked: str = "",
) -> None:
    """Free times as options (with "Another day"): the best few, or those of one day (within
    a part of it), or the nearest to a time asked for. `moving`: the appointment to move,
    whose own time counts as free; `asked`: a question to put before the heading."""
    await close_calendar(turn, visit)
    calendar, now, taken = turn.calendar, turn.clock.now(), await booked(turn, moving)
    if around is not None:
        slots = calendar.nearest(visit, taken, now, around)
    elif day is not None:
        slots = _on_day(turn, visit, taken, day, window)
        if not slots:
            heading = f"Nothing is free on {day_and_range(day, window)}. The nearest free times:"
            near = time(12) if not window else window[1] if window[0] == time(0) else window[0]
            slots = calendar.nearest(visit, taken, now, datetime.combine(day, near, calendar.zone))
    else:
        slots = calendar.offer(visit, taken, now)
    if not slots:
        phone = turn.business.business.phone
        turn.reply(f"Sorry, we're fully booked for now. Please call us on {phone}.")
        return
    options = tuple(Option(SLOT + s.start.isoformat(), slot_label(s, calendar.zone)) for s in slots)
    turn.reply(_lead_in(heading, asked), (*options, ANOTHER_DAY))


def _lead_in(heading: str, asked: str | None) -> str:
    """The heading, with how to type a time instead, after any question asked; a heading that
    leads into the list ("The nearest free times:") still does, so the list follows it directly."""
    question = f"{asked}\n" if asked else ""
    if heading.endswith(":"):
        return question + heading.removesuffix(":") + TYPED_INSTEAD
    return f"{question}{heading}\n{TYPE_A_TIME}"


async def offer_day(
    turn: Turn, visit: Visit, day: date, window: tuple[time, time] | None, moving: int | None
) -> None:
    """The free times of a day asked for (within a range of it); if the day itself cannot be
    had, why, and the nearest free times."""
    refusal = turn.calendar.day_refusal(day, turn.clock.now())
    if refusal is None:
        heading = f"Free times on {day_and_range(day, window)}:"
        await offer_times(turn, visit, heading=heading, day=day, window=window, moving=moving)
        return
    noon = datetime.combine(day, time(12), turn.calendar.zone)
    heading = f"{explain(turn, refusal, noon)} The nearest free times:"
    await offer_times(turn, visit, heading=heading, around=noon, moving=moving)


async def refusal_for(
    turn: Turn, visit: Visit, start: datetime, moving: int | None = None
) -> Refusal | None:
    """Why the visit cannot start then, as the calendar stands; None when it can."""
    await close_calendar(turn, visit)
    return turn.calendar.check(visit, start, await booked(turn, moving), turn.clock.now())


def explain(turn: Turn, refusal: Refusal, start: datetime) -> str:
    """Why that time cannot be had, in a sentence."""
    rules, day = turn.business.booking, start.astimezone(turn.calendar.zone).date()
    if refusal in CLOSURE_REFUSALS:
        return closure_reason(turn, refusal, start)
    if refusal is Refusal.PAST:
        return "That time has already passed."
    if refusal is Refusal.TOO_SOON:
        return f"We need {_duration(rules.min_notice_minutes)} notice, so that's too soon."
    if refusal is Refusal.TOO_FAR:
        return f"We book up to {rules.max_days_ahead} days ahead."
    if refusal is Refusal.HOLIDAY:
        return f"{day_text(day)} is a public holiday ({turn.calendar.holiday(day)}); we're closed."
    if refusal is Refusal.OFF_GRID:
        step = rules.slot_step_minutes
        every = "on the hour and half hour" if step == 30 else f"every {step} minutes"
        return f"Visits start {every}."
    if refusal is Refusal.CLOSED:
        hours = turn.business.hours.for_weekday(day.weekday())
        weekday = f"{WEEKDAY_NAMES[day.weekday()]}s"
        if hours is None:
            return f"We're closed on {weekday}."
        return f"That's outside our hours: on {weekday} we work {hours[0]:%H:%M}-{hours[1]:%H:%M}."
    return "That time is already booked."


async def offer_days(turn: Turn, visit: Visit, moving: int | None) -> None:
    taken = await booked(turn, moving)
    days = turn.calendar.free_days(visit, taken, turn.clock.now())[:DAYS_LISTED]
    options = tuple(Option(f"{DAY}{d.isoformat()}", day_text(d)) for d in days)
    turn.reply(f"Which day suits you? {TYPE_A_TIME}", options)


def _on_day(
    turn: Turn,
    visit: Visit,
    taken: Sequence[Appointment],
    day: date,
    window: tuple[time, time] | None,
) -> list[Slot]:
    slots = turn.calendar.offer(visit, taken, turn.clock.now(), day=day, count=48)
    if window is not None:
        zone = turn.calendar.zone
        slots = [s for s in slots if window[0] <= s.start.astimezone(zone).time() < window[1]]
    return slots[: turn.business.booking.slots_offered]


def day_and_range(day: date, window: tuple[time, time] | None) -> str:
    """Wed 25 Nov; Wed 25 Nov before 11:00"""
    return f"{day_text(day)} {range_text(window)}" if window else day_text(day)


def _duration(minutes: int) -> str:
    """2 hours', 90 minutes', 1 hour's: as "notice" takes it."""
    if minutes % 60:
        return f"{minutes} minutes'"
    hours = minutes // 60
    return "1 hour's" if hours == 1 else f"{hours} hours'"

"""The time the customer chose: an offered slot, a day, or words. Words are read and answered
as read: an exact time is checked, a range offers the free times inside it, several readings
are offered to choose from, and a question is asked with what was understood."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TypeVar

from domain.messages import Option
from domain.slots import Visit
from domain.when import Question, Readings, Wanted, read_when, told
from handlers.kernel.turn import Turn
from handlers.shared.closures import close_calendar
from handlers.shared.scheduling import (
    ANOTHER_DAY,
    DAY,
    SLOT,
    TYPE_A_TIME,
    day_and_range,
    explain,
    offer_day,
    offer_days,
    offer_times,
    refusal_for,
)
from handlers.shared.wording import day_text, hint, when_text

T = TypeVar("T", date, datetime)
_RANGE = "@"  # a day option that carries a range of the day: day.2026-11-25@08:00-12:00


async def pick_time(turn: Turn, visit: Visit, moving: int | None = None) -> datetime | None:
    """The start the customer chose or typed, if it can be had; else None, having offered
    what can (days, times, the nearest free ones) or asked what was meant."""
    await close_calendar(turn, visit)
    chosen = turn.inbound.chosen_option or ""
    if chosen == ANOTHER_DAY.id:
        await offer_days(turn, visit, moving)
        return None
    if chosen.startswith(DAY) and (asked := _day_option(chosen)):
        await offer_day(turn, visit, *asked, moving)
        return None
    start = _parsed(datetime.fromisoformat, chosen, SLOT) if chosen.startswith(SLOT) else None
    start = start or await _typed(turn, visit, moving)
    if start is None:
        return None
    refusal = await refusal_for(turn, visit, start, moving)
    if refusal is None:
        return start
    heading = f"{explain(turn, refusal, start)} The nearest free times:"
    await offer_times(turn, visit, heading=heading, around=start, moving=moving)
    return None


async def _typed(turn: Turn, visit: Visit, moving: int | None) -> datetime | None:
    """The exact time typed; None when the words were answered otherwise."""
    zone = turn.calendar.zone
    reading = read_when(turn.inbound.text, turn.clock.now().astimezone(zone).replace(tzinfo=None))
    if isinstance(reading, Wanted) and reading.at is not None:
        return datetime.combine(reading.day, reading.at, zone)
    if isinstance(reading, Wanted):
        await offer_day(turn, visit, reading.day, reading.window, moving)
    elif isinstance(reading, Readings):
        await _offer_readings(turn, visit, reading, moving)
    elif isinstance(reading, Question) and reading.understood is not None:
        await _offer_understood(turn, visit, reading.text, reading.understood, moving)
    else:
        await offer_times(turn, visit, heading=hint(told(reading)), moving=moving)
    return None


async def _offer_understood(
    turn: Turn, visit: Visit, question: str, understood: Wanted, moving: int | None
) -> None:
    """The question, with the free times of what was understood: near the time, or on the
    day (within its range)."""
    day, at, window = understood.day, understood.at, understood.window
    if at is not None:
        around = datetime.combine(day, at, turn.calendar.zone)
        heading = "The nearest free times:"
        await offer_times(
            turn, visit, heading=heading, around=around, moving=moving, asked=question
        )
        return
    heading = f"Free times on {day_and_range(day, window)}:"
    await offer_times(
        turn, visit, heading=heading, day=day, window=window, moving=moving, asked=question
    )


async def _offer_readings(turn: Turn, visit: Visit, readings: Readings, moving: int | None) -> None:
    """Each reading that can be had as an option: its time, or its day to choose a time on."""
    zone, now, options = turn.calendar.zone, turn.clock.now(), list[Option]()
    for wanted in readings.options:
        if wanted.at is not None:
            start = datetime.combine(wanted.day, wanted.at, zone)
            if await refusal_for(turn, visit, start, moving) is None:
                options.append(Option(SLOT + start.isoformat(), when_text(start, zone)))
        elif turn.calendar.day_refusal(wanted.day, now) is None:
            options.append(_day_option_for(wanted))
    if not options:
        first = readings.options[0]
        around = datetime.combine(first.day, first.at or time(12), zone)
        heading = "None of those can be booked. The nearest free times:"
        await offer_times(
            turn, visit, heading=heading, around=around, moving=moving, asked=readings.question
        )
        return
    turn.reply(f"{readings.question}\n{TYPE_A_TIME}", (*options, ANOTHER_DAY))


def _day_option_for(wanted: Wanted) -> Option:
    said = f"{DAY}{wanted.day.isoformat()}"
    if wanted.window:
        said += f"{_RANGE}{wanted.window[0]:%H:%M}-{wanted.window[1]:%H:%M}"
    return Option(said, day_text(wanted.day))


def _day_option(option: str) -> tuple[date, tuple[time, time] | None] | None:
    """The day (and range of it) a day option carries; None for one that was never ours."""
    day_said, _, range_said = option.removeprefix(DAY).partition(_RANGE)
    day = _parsed(date.fromisoformat, day_said, "")
    if day is None or not range_said:
        return None if day is None else (day, None)
    start, _, end = range_said.partition("-")
    try:
        return day, (time.fromisoformat(start), time.fromisoformat(end))
    except ValueError:
        return None


def _parsed(parse: Callable[[str], T], option: str, prefix: str) -> T | None:
    """The date or time an option carries; None for one that was never ours."""
    try:
        value = parse(option.removeprefix(prefix))
    except ValueError:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        return None
    return value

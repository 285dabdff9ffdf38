"""Power cuts the technician knows of: /loadshedding Lombardy East 16:00-18:30 today keeps
on-site visits in that area out of those hours (beside EskomSePush's schedule, when it is set
up); /loadshedding alone lists the ones to come, each with a button to remove it."""

from __future__ import annotations

from domain.closures import PowerCut
from domain.day_ranges import UnreadableDays, hours_on, read_day, read_hours
from domain.messages import Option
from handlers.kernel.turn import Turn
from handlers.shared.closures import span
from handlers.shared.wording import day_text
from handlers.technician.days_off import visits_to_move

REMOVE = "power.remove."  # "power.remove.3": that power cut is off the calendar
EXAMPLE = "/loadshedding Lombardy East 16:00-18:30 today"


async def load_shedding(turn: Turn, args: str) -> None:
    if not args.strip():
        await _list(turn)
        return
    zone, now = turn.calendar.zone, turn.clock.now()
    try:
        typed_area, hours, typed_day = read_hours(args)
        day = read_day(typed_day or "today", now.astimezone(zone).date())
    except UnreadableDays as unreadable:
        turn.reply(f"{unreadable} Like this: {EXAMPLE}")
        return
    area = turn.business.areas.find(typed_area)
    if area is None:
        close = turn.business.areas.nearest(typed_area)
        known = f" Did you mean {' or '.join(close)}?" if close else ""
        turn.reply(f'"{typed_area}" is not one of our areas.{known} Like this: {EXAMPLE}')
        return
    start, end = hours_on(day, hours, zone)
    cut = await turn.uow.power_cuts.add(area, PowerCut(start, end), now)
    said = (
        f"Power cut set: {area}, {day_text(day)} {span(cut, zone)}. "
        "On-site visits there are not offered then."
    )
    visits = [v for v in await turn.uow.appointments.between(start, end) if v.area == area]
    if not visits:
        turn.reply(said)
        return
    lines, cards = await visits_to_move(turn, visits)
    turn.reply(f"{said}\nBooked there then, to move:\n" + "\n".join(lines), cards)


async def remove(turn: Turn, chosen: str) -> None:
    """A power cut's button: it is off the calendar."""
    removed = await turn.uow.power_cuts.remove(int(chosen)) if chosen.isdigit() else None
    if removed is None:
        turn.reply("That power cut was already removed.")
        return
    area, cut = removed
    turn.reply(f"Removed: the power cut in {area}, {_when(turn, cut)}.")


async def _list(turn: Turn) -> None:
    coming = await turn.uow.power_cuts.set_after(turn.clock.now())
    source = (
        "EskomSePush's schedule is used too."
        if turn.power is not None
        else "No schedule service is set up: only these count."
    )
    if not coming:
        turn.reply(f"No power cuts set. {source} Add one like this: {EXAMPLE}")
        return
    lines = [f"- {area}, {_when(turn, cut)}" for area, cut in coming]
    buttons = tuple(
        Option(f"{REMOVE}{cut.id}", f"Remove {area} {_when(turn, cut)}") for area, cut in coming
    )
    turn.reply("Power cuts set:\n" + "\n".join(lines) + f"\n{source}", buttons)


def _when(turn: Turn, cut: PowerCut) -> str:
    zone = turn.calendar.zone
    return f"{day_text(cut.start.astimezone(zone).date())} {span(cut, zone)}"

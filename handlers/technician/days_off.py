"""The technician's days off and leave: /off 24 Dec - 2 Jan keeps those days out of the times
customers are offered and lists the visits already booked then, to be moved; /off alone lists
the days off to come, each with a button to remove it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from domain.appointments import Appointment, VisitMode
from domain.closures import DaysOff
from domain.day_ranges import UnreadableDays, read_days
from domain.messages import Option
from handlers.kernel.turn import Turn
from handlers.shared.closures import days_text
from handlers.shared.job_card import CARD
from handlers.shared.wording import day_text, service_name, when_text

REMOVE = "off.remove."  # "off.remove.7": those days off are working days again


async def days_off(turn: Turn, args: str) -> None:
    if not args.strip():
        await _list(turn)
        return
    today = turn.clock.now().astimezone(turn.calendar.zone).date()
    try:
        first, last = read_days(args, today)
    except UnreadableDays as unreadable:
        turn.reply(f"{unreadable} Like this: /off 24 Dec - 2 Jan")
        return
    off = await turn.uow.days_off.add(DaysOff(first, last), turn.clock.now())
    zone = turn.calendar.zone
    start = datetime.combine(off.first, time(0), zone)
    visits = await turn.uow.appointments.between(start, start + timedelta(days=_days(off)))
    said = f"Days off {days_text(off)}: no times are offered to customers then."
    if not visits:
        turn.reply(f"{said} Nothing is booked then.")
        return
    lines, cards = await visits_to_move(turn, visits)
    turn.reply(f"{said}\nBooked then, to move:\n" + "\n".join(lines), cards)


async def remove(turn: Turn, chosen: str) -> None:
    """A days off button: those days are working days again."""
    removed = await turn.uow.days_off.remove(int(chosen)) if chosen.isdigit() else None
    if removed is None:
        turn.reply("Those days off were already removed.")
        return
    turn.reply(f"Removed: days off {days_text(removed)}. Customers can book those days again.")


async def visits_to_move(
    turn: Turn, visits: Sequence[Appointment]
) -> tuple[list[str], tuple[Option, ...]]:
    """A line per visit (its job's reference first) and a button to each job's card."""
    lines: list[str] = []
    cards: list[Option] = []
    for visit in visits:
        job = await turn.uow.jobs.get(visit.job_id)
        if job is None:
            continue
        where = visit.area if visit.mode is VisitMode.ON_SITE else "remote"
        what = service_name(turn.business, job.service_code)
        lines.append(
            f"{job.reference} {when_text(visit.start, turn.calendar.zone)} {what}, {where}"
        )
        cards.append(Option(f"{CARD}{job.reference}", job.reference))
    return lines, tuple(cards)


async def _list(turn: Turn) -> None:
    today = turn.clock.now().astimezone(turn.calendar.zone).date()
    coming = await turn.uow.days_off.ending_from(today)
    if not coming:
        turn.reply("No days off to come. Add some like this: /off 24 Dec - 2 Jan")
        return
    lines = [f"- {days_text(off)}" for off in coming]
    buttons = tuple(Option(f"{REMOVE}{off.id}", f"Remove {_span(off)}") for off in coming)
    turn.reply("Days off to come:\n" + "\n".join(lines), buttons)


def _span(off: DaysOff) -> str:
    last = f" - {day_text(off.last)}" if off.last != off.first else ""
    return day_text(off.first) + last


def _days(off: DaysOff) -> int:
    return (off.last - off.first).days + 1

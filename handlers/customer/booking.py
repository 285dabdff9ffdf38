"""Booking, step by step: what is wrong → which service → remote or on site → area and address
→ a time (booking_time.py) → name → summary → confirmed. BACK goes one step back, MENU leaves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from domain.appointments import VisitMode
from domain.business import Service
from domain.messages import Option
from domain.money import format_rand
from handlers.customer.booking_flow import (
    BUTTON_CHANNELS,
    BookingState,
    BookingStep,
    SentFile,
    advance,
    back,
    booking,
    off_topic,
    service_of,
)
from handlers.customer.booking_time import ASK as TIME_ASK
from handlers.customer.booking_time import TAKE as TIME_TAKE
from handlers.kernel.turn import Turn
from handlers.shared.wording import hint

SERVICE_PREFIX = "service."
REMOTE = Option("mode.remote", "Remotely (we connect to your computer)")
ON_SITE = Option("mode.on_site", "At my place")
REMOTE_INSTEAD = Option("area.remote", "Remotely instead")
MODE_WORDS = {"remote": REMOTE.id, "remotely": REMOTE.id, "on site": ON_SITE.id}
MIN_ADDRESS = 6


async def start_booking(turn: Turn) -> None:
    turn.start_flow(BookingState(at=turn.clock.now()))
    await ask(turn, BookingStep.PROBLEM)


async def ask(turn: Turn, step: BookingStep) -> None:
    await ASK[step](turn)


async def continue_booking(turn: Turn) -> None:
    inbound, flow = turn.inbound, booking(turn)
    words = inbound.text.strip().lower().rstrip(".!")
    if not inbound.chosen_option and words in ("back", "go back"):
        await back(turn, ask)
    elif inbound.media and flow.step is not BookingStep.PROBLEM:  # a photo, sent later
        turn.start_flow(replace(flow, media=flow.media + _media(turn)))
        turn.reply("Thanks, I've added that to the booking.")
        await ask(turn, flow.step)
    else:
        await TAKE[flow.step](turn)
    turn.touch_flow()


def _media(turn: Turn) -> tuple[SentFile, ...]:
    return tuple((m.ref, m.content_type, m.filename) for m in turn.inbound.media)


# -- what is wrong -------------------------------------------------------------------------


async def _ask_problem(turn: Turn) -> None:
    turn.reply("What's going wrong? A sentence or two is perfect, and you can add a photo.")


async def _take_problem(turn: Turn) -> None:
    inbound = turn.inbound
    problem = inbound.text.strip()
    if not problem and not inbound.media:
        turn.reply(hint("Please describe the problem in a few words."))
        return
    flow = replace(booking(turn), problem=problem or "(see the photo)", media=_media(turn))
    turn.start_flow(flow)
    await advance(turn, BookingStep.SERVICE, ask)


# -- which service ---------------------------------------------------------------------------


def service_options(turn: Turn) -> tuple[Option, ...]:
    return tuple(
        Option(f"{SERVICE_PREFIX}{s.code}", f"{s.name} (from {_price(s)})")
        for s in turn.business.services
    )


def _price(service: Service) -> str:
    return format_rand(service.price_cents, drop_zero_cents=True)


async def _ask_service(turn: Turn) -> None:
    turn.reply("Thanks! Which service fits best?", service_options(turn))


async def _take_service(turn: Turn) -> None:
    chosen = turn.inbound.chosen_option or ""
    service = turn.business.service(chosen.removeprefix(SERVICE_PREFIX))
    if not chosen.startswith(SERVICE_PREFIX) or service is None:
        turn.reply(hint("Please pick one of these services."), service_options(turn))
        return
    if len(service.modes) > 1:
        turn.start_flow(replace(booking(turn), service=service.code))
        await advance(turn, BookingStep.MODE, ask)
        return
    [mode] = service.modes
    turn.start_flow(replace(booking(turn), service=service.code, mode=mode))
    await advance(turn, BookingStep.AREA if mode is VisitMode.ON_SITE else BookingStep.TIME, ask)


# -- remote or on site -----------------------------------------------------------------------


async def _ask_mode(turn: Turn) -> None:
    turn.reply("Shall we help remotely, or come to you?", (REMOTE, ON_SITE))


async def _take_mode(turn: Turn) -> None:
    chosen = turn.inbound.chosen_option or MODE_WORDS.get(turn.inbound.text.strip().lower())
    if chosen not in (REMOTE.id, ON_SITE.id):
        turn.reply(hint("Please choose one of these."), (REMOTE, ON_SITE))
        return
    on_site = chosen == ON_SITE.id
    mode = VisitMode.ON_SITE if on_site else VisitMode.REMOTE
    turn.start_flow(replace(booking(turn), mode=mode))
    await advance(turn, BookingStep.AREA if on_site else BookingStep.TIME, ask)


# -- where -------------------------------------------------------------------------------------


async def _ask_area(turn: Turn) -> None:
    areas = turn.business.areas.names
    if turn.inbound.channel in BUTTON_CHANNELS:
        options = tuple(Option(f"area.{name}", name) for name in areas)
        turn.reply("Which area are you in? Pick it, or type it.", options)
    else:
        turn.reply(f"Which suburb are you in? For example {areas[0]} or {areas[1]}.")


async def _take_area(turn: Turn) -> None:
    inbound, flow = turn.inbound, booking(turn)
    if inbound.chosen_option == REMOTE_INSTEAD.id:
        turn.start_flow(replace(flow, mode=VisitMode.REMOTE))
        await advance(turn, BookingStep.TIME, ask)
        return
    typed = (inbound.chosen_option or "").removeprefix("area.") or inbound.text
    area = turn.business.areas.find(typed)
    if area is not None:
        # They may have come back from "Remotely instead".
        turn.start_flow(replace(flow, mode=VisitMode.ON_SITE, area=area))
        await advance(turn, BookingStep.ADDRESS, ask)
        return
    service = service_of(turn)
    options = (REMOTE_INSTEAD,) if VisitMode.REMOTE in service.modes else ()
    close = turn.business.areas.nearest(typed) if typed.strip() else ()
    if close:  # most likely a typo: "Lombardi East"
        choices = tuple(Option(f"area.{name}", name) for name in close)
        turn.reply(
            f"Did you mean {' or '.join(close)}? Pick it, or type your suburb again.",
            (*choices, *options),
        )
        return
    where = f"{typed.strip()[:40]} is" if typed.strip() else "That's"
    turn.reply(
        hint(
            f"Sorry, {where} outside the area we visit (around {turn.business.areas.base}). "
            "Type another suburb"
            + (", or we can help remotely." if options else ", or call us to ask.")
        ),
        options,
    )


async def _ask_address(turn: Turn) -> None:
    turn.reply(f"And the street address in {booking(turn).area}?")


async def _take_address(turn: Turn) -> None:
    address = turn.inbound.text.strip()
    if len(address) < MIN_ADDRESS or off_topic(address):
        turn.reply(hint("We're in the middle of a booking: please type the street and number."))
        return
    turn.start_flow(replace(booking(turn), address=address[:300]))
    await advance(turn, BookingStep.TIME, ask)


Step = Callable[[Turn], Awaitable[None]]
ASK: dict[BookingStep, Step] = {
    BookingStep.PROBLEM: _ask_problem,
    BookingStep.SERVICE: _ask_service,
    BookingStep.MODE: _ask_mode,
    BookingStep.AREA: _ask_area,
    BookingStep.ADDRESS: _ask_address,
    **TIME_ASK,
}
TAKE: dict[BookingStep, Step] = {
    BookingStep.PROBLEM: _take_problem,
    BookingStep.SERVICE: _take_service,
    BookingStep.MODE: _take_mode,
    BookingStep.AREA: _take_area,
    BookingStep.ADDRESS: _take_address,
    **TIME_TAKE,
}

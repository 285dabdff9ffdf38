"""Booking, second half: a time (offered, another day, or typed in words) → name (and phone on
Telegram) → summary → the job and its appointment, the technician told at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from domain.appointments import VisitMode
from domain.customers import Channel
from domain.errors import InvalidPhoneNumber
from domain.messages import Attachment, Option
from domain.phones import normalize_phone
from handlers.customer import booking_phone
from handlers.customer.booking_flow import (
    BUTTON_CHANNELS,
    BookingState,
    BookingStep,
    advance,
    booking,
    off_topic,
    rewind,
    service_of,
    visit_of,
)
from handlers.customer.booking_phone import proves_phone_here
from handlers.customer.identity import keep_proven_phone
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn
from handlers.shared.closures import power_note
from handlers.shared.new_booking import NewBooking, book, what_next
from handlers.shared.scheduling import offer_times
from handlers.shared.status_links import CALENDAR_FILE
from handlers.shared.time_choice import pick_time
from handlers.shared.wording import hint, place, when_text

YES = Option("booking.yes", "Yes, book it")
SHORT_ADDRESS = 60  # in the summary, which must fit two SMS segments
OTHER_TIME = Option("booking.other_time", "Choose another time")


async def _ask_time(turn: Turn) -> None:
    await offer_times(turn, visit_of(turn), heading="Here are the next free times:")


async def _take_time(turn: Turn) -> None:
    start = await pick_time(turn, visit_of(turn))
    if start is not None:
        turn.start_flow(replace(booking(turn), start=start))
        await advance(turn, _next_after_time(turn), ask)


def _next_after_time(turn: Turn) -> BookingStep:
    flow = booking(turn)
    if not turn.me.name and not flow.customer_name:
        return BookingStep.NAME
    telegram = turn.inbound.channel is Channel.TELEGRAM
    if (telegram or proves_phone_here(turn)) and not turn.me.phone and not flow.phone:
        return BookingStep.PHONE
    return BookingStep.CONFIRM


async def _ask_name(turn: Turn) -> None:
    turn.reply("What name should we put the booking under?")


async def _take_name(turn: Turn) -> None:
    name = " ".join(turn.inbound.text.split())[:100]
    if len(name) < 2 or off_topic(name):
        turn.reply(hint("We're in the middle of a booking: what name should we put it under?"))
        return
    turn.start_flow(replace(booking(turn), customer_name=name))
    await advance(turn, _next_after_time(turn), ask)


async def _ask_phone(turn: Turn) -> None:
    if proves_phone_here(turn):
        await booking_phone.ask_number(turn)
        return
    turn.ask_phone("And a phone number, in case we need to call? Tap the button below, or type it.")


async def _take_phone(turn: Turn) -> None:
    """A shared contact is Telegram's word that the number is theirs: it joins their records.
    A typed number is only noted on the booking: it proves nothing about whose it is."""
    if proves_phone_here(turn):
        await booking_phone.take_number(turn, ask)
        return
    shared = turn.inbound.shared_phone
    phone = _typed_phone(shared or turn.inbound.text)
    if phone is None:
        turn.reply(hint("Sorry, I couldn't read that number. Try 082 123 4567."))
        return
    proof = booking_phone.proof_of(await keep_proven_phone(turn, phone)) if shared else ""
    turn.start_flow(replace(booking(turn), phone=phone, phone_proof=proof))
    await advance(turn, BookingStep.CONFIRM, ask)


async def _take_phone_code(turn: Turn) -> None:
    await booking_phone.take_code(turn, ask)


def _typed_phone(text: str) -> str | None:
    try:
        return normalize_phone(text)
    except InvalidPhoneNumber:
        return None


async def _ask_confirm(turn: Turn) -> None:
    flow, service = booking(turn), service_of(turn)
    start = _start(flow)
    note = await power_note(turn, visit_of(turn), start)
    turn.reply(
        f"Please check: {service.name} on {when_text(start, turn.calendar.zone)}, "
        f"{_where(flow, short=True)}.{note} Book it?",
        (YES, OTHER_TIME),
    )


async def _take_confirm(turn: Turn) -> None:
    chosen = turn.inbound.chosen_option
    words = turn.inbound.text.strip().lower().rstrip(".!")
    if chosen == OTHER_TIME.id:
        await advance(turn, BookingStep.TIME, ask)
    elif chosen == YES.id or words in ("yes", "y", "ok", "book it"):
        await _book(turn)
    elif words in ("no", "n"):
        turn.reply(hint("No problem. Would you like another time?"), (OTHER_TIME,))
    else:
        turn.reply(hint("Shall I book it?"), (YES, OTHER_TIME))


async def _book(turn: Turn) -> None:
    """Kept (handlers/shared/new_booking.py), or, if the time was taken in between, nothing
    kept and other times offered."""
    flow, service, visit = booking(turn), service_of(turn), visit_of(turn)
    media = tuple(Attachment(ref, kind, name) for ref, kind, name in flow.media)
    wanted = NewBooking(
        flow.problem,
        service,
        visit,
        _start(flow),
        address=flow.address,
        customer_name=flow.customer_name,
        phone_line=booking_phone.card_line(flow.phone, flow.phone_proof),
        media=media,
        via=str(turn.inbound.channel),
    )
    booked = await book(turn, wanted)
    if isinstance(booked, str):
        rewind(turn, BookingStep.TIME)
        heading = f"{booked} The nearest free times:"
        await offer_times(turn, visit, heading=heading, around=wanted.start)
        return
    turn.end_flow()
    # Buttons cost nothing; on SMS the menu would push the message past two segments.
    buttons = turn.inbound.channel in BUTTON_CHANNELS
    menu = main_menu() if buttons else ()
    link = booked.link
    # SMS keeps to one link; the others get the calendar file beside the live page.
    calendar = f"\nAdd it to your calendar: {link}{CALENDAR_FILE}" if buttons else ""
    if buttons and turn.services.sends_email and not await _has_email(turn):
        calendar += "\nWant it by e-mail too, with the invitation? Type MY EMAIL."
    turn.reply(
        f"Booked! {booked.job.reference}: {service.name} on {booked.when}, "
        f"{_where(flow, short=not buttons)}. {what_next(visit.mode)} "
        f"To move or cancel it, choose My jobs.\nFollow it live: {link}{calendar}",
        menu,
    )


async def _has_email(turn: Turn) -> bool:
    assert turn.me.id is not None
    known = await turn.uow.emails.of_customer(turn.me.id)
    return known is not None and known.usable


def _start(flow: BookingState) -> datetime:
    assert flow.start is not None, "a time was chosen before the summary"
    return flow.start


def _where(flow: BookingState, *, short: bool = False) -> str:
    if flow.mode is not VisitMode.ON_SITE:
        return "remotely"
    address = str(flow.address)
    if short and len(address) > SHORT_ADDRESS:
        address = address[: SHORT_ADDRESS - 3].rstrip() + "..."
    return f"at {place(address, flow.area)}"


async def ask(turn: Turn, step: BookingStep) -> None:
    await ASK[step](turn)


Step = Callable[[Turn], Awaitable[None]]
ASK: dict[BookingStep, Step] = {
    BookingStep.TIME: _ask_time,
    BookingStep.NAME: _ask_name,
    BookingStep.PHONE: _ask_phone,
    BookingStep.PHONE_CODE: _ask_phone,
    BookingStep.CONFIRM: _ask_confirm,
}
TAKE: dict[BookingStep, Step] = {
    BookingStep.TIME: _take_time,
    BookingStep.NAME: _take_name,
    BookingStep.PHONE: _take_phone,
    BookingStep.PHONE_CODE: _take_phone_code,
    BookingStep.CONFIRM: _take_confirm,
}

"""Booking, second half: a time (offered, another day, or typed in words) → name (and phone on
Telegram) → summary → the job and its appointment, the technician told at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

from domain.appointments import Appointment, VisitMode
from domain.customers import Channel
from domain.errors import InvalidPhoneNumber, SlotTaken
from domain.jobs import Actor, Job, JobStatus
from domain.messages import Attachment, Option
from domain.phones import normalize_phone
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
from handlers.customer.identity import remember_phone
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn
from handlers.shared.closures import close_calendar, power_note
from handlers.shared.follow_up_plans import plan_reminders
from handlers.shared.job_card import job_card
from handlers.shared.scheduling import explain, offer_times, refusal_for
from handlers.shared.status_links import new_status_link
from handlers.shared.time_choice import pick_time
from handlers.shared.wording import hint, place, when_text, who

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
    if turn.inbound.channel is Channel.TELEGRAM and not turn.me.phone and not flow.phone:
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
    turn.ask_phone("And a phone number, in case we need to call? Tap the button below, or type it.")


async def _take_phone(turn: Turn) -> None:
    """A shared contact is Telegram's word that the number is theirs: it joins their records.
    A typed number is only noted on the booking: it proves nothing about whose it is."""
    shared = turn.inbound.shared_phone
    phone = await remember_phone(turn, shared) if shared else _typed_phone(turn.inbound.text)
    if phone is None:
        turn.reply(hint("Sorry, I couldn't read that number. Try 082 123 4567."))
        return
    if not shared:
        turn.start_flow(replace(booking(turn), phone=phone))
    await advance(turn, BookingStep.CONFIRM, ask)


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
    """Check the time once more, with bookings taking turns, then keep job and appointment
    together: if the time was taken in between, neither is kept and other times are offered."""
    flow, service, visit, now = booking(turn), service_of(turn), visit_of(turn), turn.clock.now()
    start = _start(flow)
    # The technician's own calendar is asked again before bookings take turns: Google may be
    # slow, and the answer is kept for the check below.
    await close_calendar(turn, visit, fresh=True)
    await turn.uow.appointments.hold_calendar()
    me = turn.me
    assert me.id is not None
    job = Job(me.id, flow.problem, service.code, area=visit.area, address=flow.address)
    job.open(now, Actor.CUSTOMER, note=f"booked on {turn.inbound.channel}")
    when = when_text(start, turn.calendar.zone)
    job.transition(JobStatus.SCHEDULED, at=now, actor=Actor.CUSTOMER, note=f"for {when}")
    end = start + timedelta(minutes=visit.minutes)
    refusal = await refusal_for(turn, visit, start)
    try:
        if refusal is not None:
            raise SlotTaken(explain(turn, refusal, start))
        async with turn.uow.savepoint():
            job = await turn.uow.jobs.add(job)
            assert job.id is not None
            visit_booked = await turn.uow.appointments.add(
                Appointment(job.id, start, end, visit.mode, visit.area)
            )
    except SlotTaken as taken:
        rewind(turn, BookingStep.TIME)
        why = str(taken) if refusal else "Sorry, someone has just taken that time."
        await offer_times(turn, visit, heading=f"{why} The nearest free times:", around=start)
        return
    assert visit_booked.id is not None
    await plan_reminders(turn, job, visit_booked.id, start)
    if flow.customer_name and not me.name:
        me.name = flow.customer_name
        await turn.uow.customers.update(me)
    turn.end_flow()
    # Buttons cost nothing; on SMS the menu would push the message past two segments.
    buttons = turn.inbound.channel in BUTTON_CHANNELS
    menu = main_menu() if buttons else ()
    link = await new_status_link(turn, job)
    turn.reply(
        f"Booked! {job.reference}: {service.name} on {when}, "
        f"{_where(flow, short=not buttons)}. {_next(visit.mode)} "
        f"To move or cancel it, choose My jobs.\nFollow it live: {link}",
        menu,
    )
    # The alert is the job card itself, with its buttons: the technician can act at once.
    media = tuple(Attachment(ref, kind, name) for ref, kind, name in flow.media)
    phone = f"\nPhone given: {flow.phone}" if flow.phone else ""
    card, buttons_for_job = await job_card(turn, job)
    turn.tell_admins(
        f"New booking {job.reference} from {who(me, turn.inbound.channel)}\n{card}{phone}",
        media,
        buttons_for_job,
    )


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


def _next(mode: VisitMode | str) -> str:
    if mode == VisitMode.ON_SITE:
        return "The technician will message you when on the way."
    return "The technician will message you at that time to connect."


async def ask(turn: Turn, step: BookingStep) -> None:
    await ASK[step](turn)


Step = Callable[[Turn], Awaitable[None]]
ASK: dict[BookingStep, Step] = {
    BookingStep.TIME: _ask_time,
    BookingStep.NAME: _ask_name,
    BookingStep.PHONE: _ask_phone,
    BookingStep.CONFIRM: _ask_confirm,
}
TAKE: dict[BookingStep, Step] = {
    BookingStep.TIME: _take_time,
    BookingStep.NAME: _take_name,
    BookingStep.PHONE: _take_phone,
    BookingStep.CONFIRM: _take_confirm,
}

"""Moving or cancelling a booking from "My jobs", within the policy: free until some hours
before, later ones go to the technician to approve, and a job is moved only so often."""

from __future__ import annotations

from datetime import datetime

from domain.appointments import Appointment
from domain.jobs import Actor, Job
from domain.messages import Option
from domain.money import format_rand
from handlers import change_core
from handlers.booking_flow import hint, touch
from handlers.menu import main_menu
from handlers.scheduling import offer_times, pick_time
from handlers.turn import Turn
from handlers.wording import when_text, who

FLOW_NAME = "change"
PREFIX = "change."  # "change.BG-1001": the booking picked from My jobs
MOVE = Option("change.move", "Move it")
CANCEL = Option("change.cancel", "Cancel it")
KEEP = Option("change.keep", "Keep it as it is")
YES_MOVE = Option("change.yes_move", "Yes, move it")
YES_CANCEL = Option("change.yes_cancel", "Yes, cancel it")
OTHER_TIME = Option("change.other_time", "Choose another time")


def change_option(turn: Turn, job: Job, appointment: Appointment) -> Option:
    when = when_text(appointment.start, turn.calendar.zone)
    return Option(f"{PREFIX}{job.reference}", f"Change {job.reference} ({when})")


async def start_change(turn: Turn) -> None:
    reference = (turn.inbound.chosen_option or "").removeprefix(PREFIX)
    found = await change_core.booking_of(turn, reference)
    if found is None or found[0].customer_id != turn.me.id:
        turn.end_flow()
        turn.reply("I can't find a coming booking of yours with that reference.", main_menu())
        return
    job, appointment = found
    turn.start_flow(FLOW_NAME, ref=reference, step="what")
    touch(turn)
    turn.reply(
        f"{change_core.describe(turn, job, appointment)}. What would you like to do?",
        (MOVE, CANCEL, KEEP),
    )


async def continue_change(turn: Turn) -> None:
    flow = turn.flow or {}
    found = await change_core.booking_of(turn, flow.get("ref", ""))
    if found is None or found[0].customer_id != turn.me.id:
        turn.end_flow()
        turn.reply("That booking can't be changed any more.", main_menu())
        return
    job, appointment = found
    chosen = turn.inbound.chosen_option
    if chosen == KEEP.id:
        turn.end_flow()
        turn.reply("Good - it stays as it is.", main_menu())
    elif chosen == MOVE.id or chosen == OTHER_TIME.id:
        await _ask_time(turn, job, appointment)
    elif chosen == CANCEL.id:
        await _ask_cancel(turn, appointment)
    elif chosen == YES_MOVE.id and flow.get("start"):
        await _move(turn, job, appointment, datetime.fromisoformat(flow["start"]))
    elif chosen == YES_CANCEL.id:
        await _cancel(turn, job, appointment)
    elif flow.get("step") == "time":
        await _take_time(turn, appointment)
    else:
        turn.reply(hint("Please choose one of these."), _options_for(flow.get("step", "")))


async def _ask_time(turn: Turn, job: Job, appointment: Appointment) -> None:
    most = turn.business.cancellation.max_reschedules
    if appointment.reschedules >= most:
        turn.end_flow()
        turn.reply(
            f"{job.reference} has been moved {most} times already, so the technician will "
            "arrange a new time with you.",
            main_menu(),
        )
        turn.tell_admins(
            f"{who(turn.me, turn.inbound.channel)} wants to move {job.reference} again "
            f"(moved {most} times already): please arrange a time with them."
        )
        return
    turn.start_flow(FLOW_NAME, ref=job.reference, step="time")
    touch(turn)
    visit = change_core.visit_for(appointment)
    await offer_times(turn, visit, heading="When would suit you instead?", moving=appointment.id)


async def _take_time(turn: Turn, appointment: Appointment) -> None:
    visit = change_core.visit_for(appointment)
    start = await pick_time(turn, visit, moving=appointment.id)
    if start is None:
        return
    flow = turn.flow or {}
    flow.update(step="confirm_move", start=start.isoformat())
    touch(turn)
    zone = turn.calendar.zone
    turn.reply(
        f"Move it from {when_text(appointment.start, zone)} to {when_text(start, zone)}?",
        (YES_MOVE, OTHER_TIME),
    )


async def _ask_cancel(turn: Turn, appointment: Appointment) -> None:
    (turn.flow or {})["step"] = "confirm_cancel"
    touch(turn)
    fee = turn.business.cancellation.late_cancellation_fee_cents
    charge = ""
    if fee and change_core.late(turn, appointment):
        charge = f" A late cancellation costs {format_rand(fee, drop_zero_cents=True)}."
    when = when_text(appointment.start, turn.calendar.zone)
    turn.reply(f"Cancel the booking on {when}?{charge}", (YES_CANCEL, KEEP))


async def _move(turn: Turn, job: Job, appointment: Appointment, start: datetime) -> None:
    zone, policy = turn.calendar.zone, turn.business.cancellation
    old, new = when_text(appointment.start, zone), when_text(start, zone)
    if change_core.late(turn, appointment) and policy.late_change_needs_approval:
        wish = f"move {job.reference} from {old} to {new}"
        _ask_technician(turn, job, wish, f"move.{start.isoformat()}")
        return
    refusal = await change_core.move(turn, job, appointment, start, Actor.CUSTOMER)
    if refusal is not None:
        (turn.flow or {})["step"] = "time"
        visit = change_core.visit_for(appointment)
        heading = f"{refusal} The nearest free times:"
        await offer_times(turn, visit, heading=heading, around=start, moving=appointment.id)
        return
    turn.end_flow()
    turn.reply(f"Done: {job.reference} is now on {new}.", main_menu())
    turn.tell_admins(f"{who(turn.me, turn.inbound.channel)} moved {job.reference}: {old} -> {new}")


async def _cancel(turn: Turn, job: Job, appointment: Appointment) -> None:
    policy = turn.business.cancellation
    when = when_text(appointment.start, turn.calendar.zone)
    if change_core.late(turn, appointment) and policy.late_change_needs_approval:
        _ask_technician(turn, job, f"cancel {job.reference} on {when}", "cancel")
        return
    await change_core.cancel(turn, job, appointment, Actor.CUSTOMER)
    turn.end_flow()
    turn.reply(f"Cancelled: {job.reference} on {when}. Book again any time.", main_menu())
    turn.tell_admins(f"{who(turn.me, turn.inbound.channel)} cancelled {job.reference} ({when}).")


def _ask_technician(turn: Turn, job: Job, wish: str, what: str) -> None:
    """A late change waits for the technician's yes or no; the booking stands meanwhile."""
    hours = turn.business.cancellation.free_change_until_hours
    turn.end_flow()
    turn.reply(
        f"That's within {hours} hours of the visit, so I've asked the technician. You'll "
        "hear back soon; until then your booking stays as it is.",
        main_menu(),
    )
    decision = f"{job.reference}.{what}"
    turn.tell_admins(
        f"{who(turn.me, turn.inbound.channel)} asks to {wish} (within {hours} hours).",
        options=(
            Option(f"approve.{decision}", "Approve"),
            Option(f"decline.{decision}", "Decline"),
        ),
    )


def _options_for(step: str) -> tuple[Option, ...]:
    if step == "confirm_move":
        return (YES_MOVE, OTHER_TIME)
    if step == "confirm_cancel":
        return (YES_CANCEL, KEEP)
    return (MOVE, CANCEL, KEEP)

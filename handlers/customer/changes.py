"""Moving or cancelling a booking from "My jobs", within the policy: free until some hours
before, later ones go to the technician to approve, and a job is moved only so often. Every
option names its booking, so an old button never acts on another one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.appointments import Appointment, ChangeKind, ChangeRequest
from domain.jobs import Actor, Job
from domain.messages import Option
from domain.money import format_rand
from handlers.customer.change_options import (
    ChangeState,
    ChangeStep,
    choices,
    chosen_action,
    confirm_cancel,
    confirm_move,
)
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn
from handlers.shared import change_core
from handlers.shared.scheduling import offer_times
from handlers.shared.time_choice import pick_time
from handlers.shared.wording import hint, when_text, who


async def start_change(turn: Turn, reference: str) -> None:
    found = await _mine(turn, reference)
    if found is None:
        turn.end_flow()
        turn.reply("I can't find a coming booking of yours with that reference.", main_menu())
        return
    job, appointment = found
    turn.start_flow(ChangeState(ref=reference, at=turn.clock.now()))
    turn.reply(
        f"{change_core.describe(turn, job, appointment)}. What would you like to do?",
        choices(reference),
    )


async def reopen_change(turn: Turn, action_and_reference: str) -> None:
    """A change button of an earlier change ("move.BG-1001"), pressed with none open."""
    await start_change(turn, action_and_reference.partition(".")[2])


async def continue_change(turn: Turn) -> None:
    flow = turn.flow_as(ChangeState)
    assert flow is not None, "the router hands on only an open change"
    action, reference = chosen_action(turn, flow)
    if reference != flow.ref:  # a button of another booking: that one, from the top
        await start_change(turn, reference)
        return
    found = await _mine(turn, reference)
    if found is None:
        turn.end_flow()
        turn.reply("That booking can't be changed any more.", main_menu())
        return
    job, appointment = found
    step = flow.step
    if action == "keep" or (action == "no" and step is ChangeStep.CONFIRM_CANCEL):
        turn.end_flow()
        turn.reply("Good - it stays as it is.", main_menu())
    elif action == "back":
        await _back(turn, job, appointment, step)
    elif action == "move" or (action in ("other_time", "no") and step is ChangeStep.CONFIRM_MOVE):
        await _ask_time(turn, job, appointment)
    elif action == "cancel":
        await _ask_cancel(turn, job, appointment)
    elif action == "yes" and step is ChangeStep.CONFIRM_MOVE and flow.start is not None:
        await _move(turn, job, appointment, flow.start)
    elif action == "yes" and step is ChangeStep.CONFIRM_CANCEL:
        await _cancel(turn, job, appointment)
    elif step is ChangeStep.TIME:
        await _take_time(turn, flow, appointment)
    else:
        _ask_again(turn, flow)
    turn.touch_flow()


async def _mine(turn: Turn, reference: str) -> tuple[Job, Appointment] | None:
    found = await change_core.booking_of(turn, reference)
    return found if found is not None and found[0].customer_id == turn.me.id else None


async def _back(turn: Turn, job: Job, appointment: Appointment, step: ChangeStep) -> None:
    if step is ChangeStep.CONFIRM_MOVE:
        await _ask_time(turn, job, appointment)
    else:
        await start_change(turn, job.reference)


def _ask_again(turn: Turn, flow: ChangeState) -> None:
    reference = flow.ref
    if flow.step is ChangeStep.CONFIRM_MOVE:
        options = confirm_move(reference)
    elif flow.step is ChangeStep.CONFIRM_CANCEL:
        options = confirm_cancel(reference)
    else:
        options = choices(reference)
    turn.reply(hint("Please choose one of these."), options)


async def _ask_time(turn: Turn, job: Job, appointment: Appointment) -> None:
    if await _moved_too_often(turn, job, appointment):
        return
    turn.start_flow(ChangeState(ref=job.reference, step=ChangeStep.TIME))
    visit = change_core.visit_for(appointment)
    await offer_times(turn, visit, heading="When would suit you instead?", moving=appointment.id)


async def _moved_too_often(turn: Turn, job: Job, appointment: Appointment) -> bool:
    most = turn.business.cancellation.max_reschedules
    if appointment.reschedules < most:
        return False
    turn.end_flow()
    turn.reply(
        f"{job.reference} has been moved {most} times already, so the technician will arrange "
        "a new time with you.",
        main_menu(),
    )
    turn.tell_admins(
        f"{who(turn.me, turn.inbound.channel)} wants to move {job.reference} again (moved "
        f"{most} times already): please arrange a time with them."
    )
    return True


async def _take_time(turn: Turn, flow: ChangeState, appointment: Appointment) -> None:
    visit = change_core.visit_for(appointment)
    start = await pick_time(turn, visit, moving=appointment.id)
    if start is None:
        return
    turn.start_flow(replace(flow, step=ChangeStep.CONFIRM_MOVE, start=start))
    zone, reference = turn.calendar.zone, flow.ref
    turn.reply(
        f"Move it from {when_text(appointment.start, zone)} to {when_text(start, zone)}?",
        confirm_move(reference),
    )


async def _ask_cancel(turn: Turn, job: Job, appointment: Appointment) -> None:
    turn.start_flow(ChangeState(ref=job.reference, step=ChangeStep.CONFIRM_CANCEL))
    fee = turn.business.cancellation.late_cancellation_fee_cents
    charge = ""
    if fee and change_core.late(turn, appointment):
        charge = f" A late cancellation costs {format_rand(fee, drop_zero_cents=True)}."
    when = when_text(appointment.start, turn.calendar.zone)
    turn.reply(
        f"Call off the booking on {when}?{charge}",
        confirm_cancel(job.reference),
    )


async def _move(turn: Turn, job: Job, appointment: Appointment, start: datetime) -> None:
    if await _moved_too_often(turn, job, appointment):
        return
    zone, policy = turn.calendar.zone, turn.business.cancellation
    old, new = when_text(appointment.start, zone), when_text(start, zone)
    if change_core.late(turn, appointment) and policy.late_change_needs_approval:
        wish = f"move {job.reference} from {old} to {new}"
        await _ask_technician(turn, job, appointment, wish, ChangeKind.MOVE, start)
        return
    refusal = await change_core.move(turn, job, appointment, start, Actor.CUSTOMER)
    if refusal is not None:
        if flow := turn.flow_as(ChangeState):
            turn.start_flow(replace(flow, step=ChangeStep.TIME))
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
        wish = f"cancel {job.reference} on {when}"
        await _ask_technician(turn, job, appointment, wish, ChangeKind.CANCEL, None)
        return
    await change_core.cancel(turn, job, appointment, Actor.CUSTOMER)
    turn.end_flow()
    turn.reply(f"Called off: {job.reference} on {when}. Book again any time.", main_menu())
    turn.tell_admins(f"{who(turn.me, turn.inbound.channel)} cancelled {job.reference} ({when}).")


async def _ask_technician(
    turn: Turn,
    job: Job,
    appointment: Appointment,
    wish: str,
    kind: ChangeKind,
    start: datetime | None,
) -> None:
    """A late change waits for the technician's yes or no; the booking stands meanwhile."""
    assert job.id is not None and appointment.id is not None
    request = ChangeRequest(job.id, appointment.id, kind, turn.clock.now(), start)
    request_id = await turn.uow.change_requests.add(request)
    hours = turn.business.cancellation.free_change_until_hours
    turn.end_flow()
    turn.reply(
        f"That's within {hours} hours of the visit, so I've asked the technician. You'll "
        "hear back soon; until then your booking stays as it is.",
        main_menu(),
    )
    turn.tell_admins(
        f"{who(turn.me, turn.inbound.channel)} asks to {wish} (within {hours} hours).",
        options=(
            Option(f"approve.{request_id}", "Approve"),
            Option(f"decline.{request_id}", "Decline"),
        ),
    )

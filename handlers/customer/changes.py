"""Moving or cancelling a booking from "My jobs", step by step in the chat; the policy itself
(free until some hours before, later ones to the technician, moved only so often) lives in
handlers/shared/customer_changes.py, which the portal uses too. Every option names its
booking, so an old button never acts on another one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.appointments import Appointment
from domain.jobs import Job
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
from handlers.shared import change_core, customer_changes
from handlers.shared.customer_changes import Changed, Outcome
from handlers.shared.scheduling import offer_times
from handlers.shared.time_choice import pick_time
from handlers.shared.wording import hint, when_text


async def start_change(turn: Turn, reference: str) -> None:
    found = await customer_changes.own_booking(turn, reference)
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
    found = await customer_changes.own_booking(turn, reference)
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
    if _said_moved_too_often(turn, job, appointment):
        return
    turn.start_flow(ChangeState(ref=job.reference, step=ChangeStep.TIME))
    visit = change_core.visit_for(appointment)
    await offer_times(turn, visit, heading="When would suit you instead?", moving=appointment.id)


def _said_moved_too_often(turn: Turn, job: Job, appointment: Appointment) -> bool:
    too_often = customer_changes.moved_too_often(turn, job, appointment)
    if too_often is None:
        return False
    _done(turn, too_often)
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
    charge = customer_changes.late_charge(turn, appointment)
    when = when_text(appointment.start, turn.calendar.zone)
    turn.reply(
        f"Call off the booking on {when}?{charge}",
        confirm_cancel(job.reference),
    )


async def _move(turn: Turn, job: Job, appointment: Appointment, start: datetime) -> None:
    changed = await customer_changes.move_booking(turn, job, appointment, start)
    if changed.outcome is not Outcome.REFUSED:
        _done(turn, changed)
        return
    if flow := turn.flow_as(ChangeState):
        turn.start_flow(replace(flow, step=ChangeStep.TIME))
    visit = change_core.visit_for(appointment)
    heading = f"{changed.said} The nearest free times:"
    await offer_times(turn, visit, heading=heading, around=start, moving=appointment.id)


async def _cancel(turn: Turn, job: Job, appointment: Appointment) -> None:
    _done(turn, await customer_changes.cancel_booking(turn, job, appointment))


def _done(turn: Turn, changed: Changed) -> None:
    turn.end_flow()
    turn.reply(changed.said, main_menu())

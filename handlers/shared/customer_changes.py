"""A customer's own move or cancellation, within the policy: free until some hours before,
later ones go to the technician to approve, and a job is moved only so often. The chat's
change flow and the portal's pages both end here, so the rules are written once; each says
the outcome in its own way (a reply with buttons, a page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.appointments import Appointment, ChangeKind, ChangeRequest
from domain.jobs import Actor, Job
from domain.messages import Option
from domain.money import format_rand
from handlers.kernel.turn import Turn
from handlers.shared import change_core
from handlers.shared.wording import when_text, who_wrote


class Outcome(StrEnum):
    DONE = "done"  # moved or called off
    ASKED = "asked"  # late: waiting for the technician's yes or no
    TOO_OFTEN = "too_often"  # moved too often: the technician will arrange a time
    REFUSED = "refused"  # the new time cannot be had; `said` is why


@dataclass(frozen=True)
class Changed:
    outcome: Outcome
    said: str  # what the customer is told


async def own_booking(turn: Turn, reference: str) -> tuple[Job, Appointment] | None:
    """The customer's own scheduled job and its coming appointment; None for anyone else's."""
    found = await change_core.booking_of(turn, reference)
    return found if found is not None and found[0].customer_id == turn.me.id else None


def moved_too_often(turn: Turn, job: Job, appointment: Appointment) -> Changed | None:
    """Moved as often as the policy allows: the technician is asked to arrange a time."""
    most = turn.business.cancellation.max_reschedules
    if appointment.reschedules < most:
        return None
    turn.tell_admins(
        f"{who_wrote(turn.me, turn.inbound)} wants to move {job.reference} again (moved "
        f"{most} times already): please arrange a time with them."
    )
    said = (
        f"{job.reference} has been moved {most} times already, so the technician will arrange "
        "a new time with you."
    )
    return Changed(Outcome.TOO_OFTEN, said)


def late_charge(turn: Turn, appointment: Appointment) -> str:
    """' A late cancellation costs R150.' when calling it off now would cost something."""
    fee = turn.business.cancellation.late_cancellation_fee_cents
    if fee and change_core.late(turn, appointment):
        return f" A late cancellation costs {format_rand(fee, drop_zero_cents=True)}."
    return ""


async def move_booking(turn: Turn, job: Job, appointment: Appointment, start: datetime) -> Changed:
    if too_often := moved_too_often(turn, job, appointment):
        return too_often
    zone, policy = turn.calendar.zone, turn.business.cancellation
    old, new = when_text(appointment.start, zone), when_text(start, zone)
    if change_core.late(turn, appointment) and policy.late_change_needs_approval:
        wish = f"move {job.reference} from {old} to {new}"
        return await _ask_technician(turn, job, appointment, wish, ChangeKind.MOVE, start)
    refusal = await change_core.move(turn, job, appointment, start, Actor.CUSTOMER)
    if refusal is not None:
        return Changed(Outcome.REFUSED, refusal)
    turn.tell_admins(f"{who_wrote(turn.me, turn.inbound)} moved {job.reference}: {old} -> {new}")
    return Changed(Outcome.DONE, f"Done: {job.reference} is now on {new}.")


async def cancel_booking(turn: Turn, job: Job, appointment: Appointment) -> Changed:
    policy = turn.business.cancellation
    when = when_text(appointment.start, turn.calendar.zone)
    if change_core.late(turn, appointment) and policy.late_change_needs_approval:
        wish = f"cancel {job.reference} on {when}"
        return await _ask_technician(turn, job, appointment, wish, ChangeKind.CANCEL, None)
    await change_core.cancel(turn, job, appointment, Actor.CUSTOMER)
    turn.tell_admins(f"{who_wrote(turn.me, turn.inbound)} cancelled {job.reference} ({when}).")
    return Changed(Outcome.DONE, f"Called off: {job.reference} on {when}. Book again any time.")


async def _ask_technician(
    turn: Turn,
    job: Job,
    appointment: Appointment,
    wish: str,
    kind: ChangeKind,
    start: datetime | None,
) -> Changed:
    """A late change waits for the technician's yes or no; the booking stands meanwhile."""
    assert job.id is not None and appointment.id is not None
    request = ChangeRequest(job.id, appointment.id, kind, turn.clock.now(), start)
    request_id = await turn.uow.change_requests.add(request)
    hours = turn.business.cancellation.free_change_until_hours
    turn.tell_admins(
        f"{who_wrote(turn.me, turn.inbound)} asks to {wish} (within {hours} hours).",
        options=(
            Option(f"approve.{request_id}", "Approve"),
            Option(f"decline.{request_id}", "Decline"),
        ),
    )
    said = (
        f"That's within {hours} hours of the visit, so I've asked the technician. You'll "
        "hear back soon; until then your booking stays as it is."
    )
    return Changed(Outcome.ASKED, said)

"""The options of a booking change. Every one names its booking, so an old button never acts
on another one; the words a customer may type instead are understood too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from domain.appointments import Appointment
from domain.jobs import Job
from domain.messages import Option
from handlers.kernel.flow_state import FlowState
from handlers.kernel.turn import Turn
from handlers.shared.wording import when_text


class ChangeStep(StrEnum):
    WHAT = "what"  # move, call off or keep
    TIME = "time"
    CONFIRM_MOVE = "confirm_move"
    CONFIRM_CANCEL = "confirm_cancel"


@dataclass(frozen=True, kw_only=True)
class ChangeState(FlowState):
    NAME: ClassVar[str] = "change"
    ref: str  # the booking's job reference
    step: ChangeStep = ChangeStep.WHAT
    start: datetime | None = None  # the new time, once chosen


JOB = "job."  # "job.BG-1001": a booking picked from My jobs
ACTION = "change."  # "change.move.BG-1001" and the like
# Typed words for the actions; "cancel" alone is an unsubscribe on SMS, so the option reads
# "Call it off" and these longer phrases are understood too.
WORDS = {
    "move it": "move", "move": "move", "cancel it": "cancel", "cancel the booking": "cancel",
    "cancel my booking": "cancel", "call it off": "cancel", "yes": "yes", "y": "yes",
    "no": "no", "keep it": "keep",
}  # fmt: skip


def change_option(turn: Turn, job: Job, appointment: Appointment) -> Option:
    when = when_text(appointment.start, turn.calendar.zone)
    return Option(f"{JOB}{job.reference}", f"Change {job.reference} ({when})")


def option(action: str, reference: str, label: str) -> Option:
    return Option(f"{ACTION}{action}.{reference}", label)


def confirm_move(reference: str) -> tuple[Option, ...]:
    return (
        option("yes", reference, "Yes, move it"),
        option("other_time", reference, "Another time"),
    )


def confirm_cancel(reference: str) -> tuple[Option, ...]:
    return (option("yes", reference, "Yes, call it off"), option("keep", reference, "Keep it"))


def choices(reference: str) -> tuple[Option, ...]:
    return (
        option("move", reference, "Move to another time"),
        option("cancel", reference, "Call it off"),
        option("keep", reference, "Keep it"),
    )


def chosen_action(turn: Turn, flow: ChangeState) -> tuple[str, str]:
    """What was chosen (a button's action, or the words typed) and for which booking."""
    chosen = turn.inbound.chosen_option or ""
    if chosen.startswith(ACTION):
        action, _, reference = chosen.removeprefix(ACTION).partition(".")
        return action, reference
    words = turn.inbound.text.strip().lower().rstrip(".!")
    action = "back" if words in ("back", "go back") else WORDS.get(words, "")
    return action, flow.ref

"""The booking flow's state: where it stands, the way back, and what the customer chose."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from domain.appointments import VisitMode
from domain.business import Service
from domain.customers import Channel
from domain.slots import Visit
from handlers.kernel.flow_state import FlowState
from handlers.kernel.turn import Turn


class BookingStep(StrEnum):
    PROBLEM = "problem"
    SERVICE = "service"
    MODE = "mode"
    AREA = "area"
    ADDRESS = "address"
    TIME = "time"
    NAME = "name"
    PHONE = "phone"
    PHONE_CODE = "phone_code"  # the web chat: the code sent to the number typed
    CONFIRM = "confirm"


# A file the customer sent with the booking: its reference, content type and name.
SentFile = tuple[str, str, str]


@dataclass(frozen=True, kw_only=True)
class BookingState(FlowState):
    NAME: ClassVar[str] = "booking"
    step: BookingStep = BookingStep.PROBLEM
    trail: tuple[BookingStep, ...] = ()  # the steps answered, for BACK
    problem: str = ""
    media: tuple[SentFile, ...] = ()
    service: str = ""
    mode: VisitMode | None = None
    area: str | None = None
    address: str | None = None
    start: datetime | None = None
    customer_name: str = ""  # kept on the customer only once the booking is
    phone: str = ""  # typed, so only noted on the booking (unless proven by a code)
    # Once a code confirmed the number: "proven", or "joined" when that joined this customer
    # to the record that had the number.
    phone_proof: str = ""


# Channels that show options as buttons; elsewhere options are a numbered list in the text.
BUTTON_CHANNELS = frozenset({Channel.TELEGRAM, Channel.WEB})
_GREETINGS = frozenset({"hi", "hello", "hey", "help", "hallo", "howzit", "good morning"})
Ask = Callable[[Turn, BookingStep], Awaitable[None]]


def booking(turn: Turn) -> BookingState:
    flow = turn.flow_as(BookingState)
    assert flow is not None, "booking steps run while a booking is open"
    return flow


async def advance(turn: Turn, step: BookingStep, ask: Ask) -> None:
    flow = booking(turn)
    turn.start_flow(replace(flow, trail=(*flow.trail, flow.step), step=step))
    await ask(turn, step)


def off_topic(text: str) -> bool:
    """A greeting or a question where an answer (a name, an address) was expected."""
    words = text.strip().lower().rstrip(".!")
    return words in _GREETINGS or words.endswith("?")


def rewind(turn: Turn, step: BookingStep) -> None:
    """Back to an earlier step, the way back shortened to match."""
    flow = booking(turn)
    trail = flow.trail[: flow.trail.index(step)] if step in flow.trail else flow.trail
    turn.start_flow(replace(flow, trail=trail, step=step))


async def back(turn: Turn, ask: Ask) -> None:
    """One step back: that step's question again."""
    flow = booking(turn)
    if flow.trail:
        flow = replace(flow, step=flow.trail[-1], trail=flow.trail[:-1])
        turn.start_flow(flow)
    await ask(turn, flow.step)


def waits_for_phone(turn: Turn) -> bool:
    """A shared contact is the answer to the booking's question, not a message of its own."""
    flow = turn.flow_as(BookingState)
    return (
        flow is not None
        and flow.step is BookingStep.PHONE
        and turn.inbound.channel is Channel.TELEGRAM
    )


def service_of(turn: Turn) -> Service:
    service = turn.business.service(booking(turn).service)
    assert service is not None, "the service was chosen from the catalogue"
    return service


def visit_of(turn: Turn) -> Visit:
    flow = booking(turn)
    assert flow.mode is not None, "asked before the time"
    area = flow.area if flow.mode is VisitMode.ON_SITE else None
    return Visit(service_of(turn).duration_minutes, flow.mode, area)

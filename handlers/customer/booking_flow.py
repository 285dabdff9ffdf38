"""The booking flow's state: where it stands, the way back, and its idle timeout."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from domain.appointments import VisitMode
from domain.business import Service
from domain.customers import Channel
from domain.slots import Visit
from handlers.kernel.turn import Turn

FLOW_NAME = "booking"
# Channels that show options as buttons; elsewhere options are a numbered list in the text.
BUTTON_CHANNELS = frozenset({Channel.TELEGRAM, Channel.WEB})
_GREETINGS = frozenset({"hi", "hello", "hey", "help", "hallo", "howzit", "good morning"})
Ask = Callable[[Turn, str], Awaitable[None]]


def booking(turn: Turn) -> dict[str, Any]:
    flow = turn.flow
    assert flow is not None and flow.get("name") == FLOW_NAME
    return flow


async def advance(turn: Turn, step: str, ask: Ask) -> None:
    flow = booking(turn)
    flow["trail"] = [*flow.get("trail", []), flow["step"]]
    flow["step"] = step
    await ask(turn, step)


def off_topic(text: str) -> bool:
    """A greeting or a question where an answer (a name, an address) was expected."""
    words = text.strip().lower().rstrip(".!")
    return words in _GREETINGS or words.endswith("?")


def rewind(turn: Turn, step: str) -> None:
    """Back to an earlier step, the way back shortened to match."""
    flow = booking(turn)
    trail = list(flow.get("trail", []))
    flow["trail"] = trail[: trail.index(step)] if step in trail else trail
    flow["step"] = step


async def back(turn: Turn, ask: Ask) -> None:
    """One step back: that step's question again."""
    flow = booking(turn)
    trail = list(flow.get("trail", []))
    if not trail:
        await ask(turn, flow["step"])
        return
    flow["step"] = trail.pop()
    flow["trail"] = trail
    await ask(turn, flow["step"])


def waits_for_phone(turn: Turn) -> bool:
    """A shared contact is the answer to the booking's question, not a message of its own."""
    flow = turn.flow
    return flow is not None and flow.get("name") == FLOW_NAME and flow.get("step") == "phone"


def service_of(turn: Turn) -> Service:
    service = turn.business.service(booking(turn)["service"])
    assert service is not None, "the service was chosen from the catalogue"
    return service


def visit_of(turn: Turn) -> Visit:
    flow = booking(turn)
    mode = VisitMode(flow["mode"])
    area = flow.get("area") if mode is VisitMode.ON_SITE else None
    return Visit(service_of(turn).duration_minutes, mode, area)

"""The booking flow's state: where it stands, the way back, and its idle timeout."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from domain.appointments import VisitMode
from domain.business import Service
from domain.slots import Visit
from handlers.turn import Turn

FLOW_NAME = "booking"
HINT = " (Type BACK to go back, or MENU to stop.)"
Ask = Callable[[Turn, str], Awaitable[None]]


def booking(turn: Turn) -> dict[str, Any]:
    flow = turn.flow
    assert flow is not None and flow.get("name") == FLOW_NAME
    return flow


def hint(text: str) -> str:
    """An answer that could not be taken: say how to go on, or get out."""
    return text + HINT


async def advance(turn: Turn, step: str, ask: Ask) -> None:
    flow = booking(turn)
    flow["trail"] = [*flow.get("trail", []), flow["step"]]
    flow["step"] = step
    await ask(turn, step)


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


def touch(turn: Turn) -> None:
    """The flow was used now: its idle clock starts again."""
    if turn.flow is not None:
        turn.flow["at"] = turn.clock.now().isoformat()


def idle_too_long(turn: Turn) -> bool:
    flow = turn.flow
    if flow is None or "at" not in flow:
        return False
    limit = timedelta(minutes=turn.business.reminders.flow_idle_timeout_minutes)
    return turn.clock.now() - datetime.fromisoformat(flow["at"]) > limit


def service_of(turn: Turn) -> Service:
    service = turn.business.service(booking(turn)["service"])
    assert service is not None, "the service was chosen from the catalogue"
    return service


def visit_of(turn: Turn) -> Visit:
    flow = booking(turn)
    mode = VisitMode(flow["mode"])
    area = flow.get("area") if mode is VisitMode.ON_SITE else None
    return Visit(service_of(turn).duration_minutes, mode, area)

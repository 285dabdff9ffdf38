"""One turn, taken the same way whoever starts it: a message from a customer or the technician
(bot/intake/dispatcher.py), a customer's follow-up or the technician's morning agenda
(bot/scheduled/follow_up_poller.py). Hold the conversation and load its state, build the
Turn, run the handler, save the state if the handler changed it, hand back what it says.

It lives in the kernel, not in bot/, because it needs only the ports: the caller's UnitOfWork
and its conversations. Enqueueing what was said, committing and sending stay with the callers,
which do them differently: the dispatcher commits each message's turn on its own (and marks the
message handled with it); the poller fires a batch of follow-ups in one transaction, a savepoint
each. Holding and running are two steps because the dispatcher picks the message to handle
only once it holds the conversation (another process may have handled the one it expected)."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from domain.customers import Customer
from domain.messages import Inbound, Outbound
from domain.ports import UnitOfWork
from handlers.kernel.services import Services
from handlers.kernel.turn import Turn

R = TypeVar("R")


@dataclass(frozen=True)
class Ran(Generic[R]):
    """What a turn came to: the handler's own answer, and what the turn says (not yet sent)."""

    result: R
    outbox: list[Outbound]


@dataclass
class Conversation:
    """A conversation held by the caller's transaction, with its state as loaded. `key` is
    None for a turn aside from any stored conversation: a blank state, never saved."""

    uow: UnitOfWork
    services: Services
    now: datetime
    key: str | None
    state: dict[str, Any]
    steps_out: bool = False  # see handlers/kernel/step_out.py
    stepped_out: bool = False

    async def take_turn(
        self,
        inbound: Inbound,
        handler: Callable[[Turn], Awaitable[R]],
        *,
        customer: Customer | None = None,
    ) -> Ran[R]:
        before = copy.deepcopy(self.state)
        turn = Turn(inbound, self.uow, self.services, self.state, customer)
        turn.steps_out, turn.stepped_out = self.steps_out, self.stepped_out
        result = await handler(turn)
        if self.key is not None and turn.state != before:
            await self.uow.conversations.save(self.key, turn.state, self.now)
        return Ran(result, turn.outbox)


class TurnRunner:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def hold(self, uow: UnitOfWork, key: str, now: datetime) -> Conversation:
        """The conversation, locked until `uow` ends: a second process taking a turn in it
        waits here."""
        state = await uow.conversations.lock(key, now)
        return Conversation(uow, self.services, now, key, state)

    def aside(self, uow: UnitOfWork, now: datetime) -> Conversation:
        """A turn outside the stored conversation, neither locked nor saved: the morning
        agenda leaves the technician's open flow and offered options as they are."""
        return Conversation(uow, self.services, now, None, {})

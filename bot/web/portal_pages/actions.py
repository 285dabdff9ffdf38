"""The portal's way into the conversations: what a signed-in customer does on a page is run
as a turn of theirs, through the same handlers and rules as a message in the chat. What the
turn tells the technician is enqueued and committed with the change, then sent; open pages
look again. What it would say to the customer, the page shows instead."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import uuid4

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outlet import Outlet
from bot.web.commit_signals import Changes
from domain.customers import Channel
from domain.messages import Inbound
from handlers.kernel.runner import Ran, TurnRunner
from handlers.kernel.services import Services
from handlers.kernel.turn import Turn
from handlers.shared.wording import PORTAL_SENDER
from storage.unit_of_work import SqlUnitOfWork

R = TypeVar("R")


class PortalActions:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        services: Services,
        outlet: Outlet,
        changes: Changes,
    ) -> None:
        self._sessions = sessions
        self._turns = TurnRunner(services)
        self._outlet = outlet
        self._changes = changes
        self.services = services

    async def look(self, customer_id: int, handler: Callable[[Turn], Awaitable[R]]) -> R:
        """Run `handler` as the customer's turn to read (free times, a booking's terms):
        nothing it does is kept, nothing it says is sent."""
        async with SqlUnitOfWork(self._sessions) as uow:
            ran = await self._turn(uow, customer_id, handler)
        return ran.result

    async def act(self, customer_id: int, handler: Callable[[Turn], Awaitable[R]]) -> R:
        """Run `handler` as the customer's turn, in one transaction; its result."""
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self.services.clock.now()
            ran = await self._turn(uow, customer_id, handler)
            told = [m for m in ran.outbox if m.recipient != PORTAL_SENDER]
            leased = await self._outlet.enqueue(uow, told, now)
            await uow.commit()
        self._outlet.submit(leased)
        self._changes.bump()
        return ran.result

    async def _turn(
        self, uow: SqlUnitOfWork, customer_id: int, handler: Callable[[Turn], Awaitable[R]]
    ) -> Ran[R]:
        now = self.services.clock.now()
        customer = await uow.customers.get(customer_id)
        if customer is None:
            raise web.HTTPNotFound(text="no such customer")
        inbound = Inbound(Channel.WEB, PORTAL_SENDER, f"portal/{uuid4().hex}", now)
        return await self._turns.aside(uow, now).take_turn(inbound, handler, customer=customer)


PORTAL_ACTIONS = web.AppKey("portal_actions", PortalActions)

"""A provider's word that a link was paid, taken as a turn aside in the technician's chat: the
invoice paid, the customer's receipt and the technician's note enqueued, all committed
together, then sent."""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outlet import Outlet
from domain.messages import Inbound
from domain.payments import LinkPaid
from handlers.kernel.runner import TurnRunner
from handlers.kernel.services import Services
from handlers.scheduled.payment_events import Taken, link_paid
from storage.unit_of_work import SqlUnitOfWork


class PaymentIntake:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], services: Services, outlet: Outlet
    ) -> None:
        self._sessions = sessions
        self._services = services
        self._turns = TurnRunner(services)
        self._outlet = outlet

    async def take(self, event: LinkPaid) -> Taken:
        admin = self._services.admins[0]  # the console at least: what it says goes to them all
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._services.clock.now()
            inbound = Inbound(admin.channel, admin.address, f"payment:{uuid4().hex}", now)
            ran = await self._turns.aside(uow, now).take_turn(
                inbound, lambda turn: link_paid(turn, event)
            )
            leased = await self._outlet.enqueue(uow, ran.outbox, now)
            await uow.commit()
        self._outlet.submit(leased)
        return ran.result

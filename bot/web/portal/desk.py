"""What the portal's sign-in pages need beyond the request: where messages go (the outbox,
like any turn's replies) and the services every turn gets (clock, business, public address)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web

from bot.delivery.outlet import Outlet
from domain.messages import Outbound
from handlers.kernel.services import Services
from storage.repositories.common import Stored
from storage.unit_of_work import SqlUnitOfWork


@dataclass(frozen=True)
class PortalDesk:
    outlet: Outlet
    services: Services

    async def enqueue(
        self, uow: SqlUnitOfWork, messages: Iterable[Outbound | None], now: datetime
    ) -> list[Stored[Outbound]]:
        """Into the outbox with the caller's transaction; `send` them after the commit."""
        return await self.outlet.enqueue(uow, [m for m in messages if m is not None], now)

    def send(self, items: list[Stored[Outbound]]) -> None:
        self.outlet.submit(items)


PORTAL = web.AppKey("portal", PortalDesk)

"""Where a turn's replies go: enqueued in the transaction of the change that caused them,
handed to the deliverer only after the commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from domain.messages import Outbound
from storage.repositories.common import Stored
from storage.unit_of_work import SqlUnitOfWork


class Outlet(Protocol):
    """Where replies go: enqueued with the change that caused them, sent after the commit."""

    async def enqueue(
        self, uow: SqlUnitOfWork, messages: Iterable[Outbound], now: datetime
    ) -> list[Stored[Outbound]]: ...

    def submit(self, items: Sequence[Stored[Outbound]]) -> None: ...

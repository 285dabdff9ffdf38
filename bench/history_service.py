"""One service process for the history benchmark, wired as bot/wiring.py wires it but with
the clock stopped at the history's "now" and replies kept in the outbox (nothing is sent):
people talk to it through the real dispatcher and read their replies back."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.history_data import BUSINESS, NOW
from bot.business import slot_finder
from bot.calendars.invites import IcsInvites
from bot.files.charts import MatplotlibCharts
from bot.files.documents_pdf import PdfDocuments
from bot.files.file_links import FileLinks
from bot.intake.dispatcher import Dispatcher
from bot.serving import freeze_start_up_heap
from domain.customers import Channel, ChannelIdentity
from domain.messages import Inbound, Outbound
from handlers.kernel.services import Services
from storage.files import LocalFileStore
from storage.repositories.common import Stored
from storage.tables import OutboxRow
from storage.unit_of_work import SqlUnitOfWork

ZONE = ZoneInfo("Africa/Johannesburg")
TECHNICIAN = ChannelIdentity(Channel.TELEGRAM, "900")
_ids = itertools.count(1)


class StoppedClock:
    def now(self) -> datetime:
        return NOW


class KeptInOutbox:
    """The outlet: replies committed to the outbox with the turn, never sent."""

    async def enqueue(
        self, uow: SqlUnitOfWork, messages: Iterable[Outbound], now: datetime
    ) -> list[Stored[Outbound]]:
        for message in messages:
            await uow.outbox.enqueue(message, now)
        return []

    def submit(self, items: Sequence[Stored[Outbound]]) -> None:
        pass


async def _link_secret() -> str:
    return "history benchmark"


class Service:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], files: Path) -> None:
        clock = StoppedClock()
        services = Services(
            clock=clock,
            business=BUSINESS,
            admins=(TECHNICIAN,),
            calendar=slot_finder(BUSINESS, ZONE),
            files=LocalFileStore(files),
            links=FileLinks(_link_secret, "https://burbgigz.test", clock),
            paper=PdfDocuments(),
            charts=MatplotlibCharts(),
            invites=IcsInvites(ZONE),
            public_url="https://burbgigz.test",
            power=None,  # no load-shedding source
        )
        self._sessions = sessions
        self._dispatcher = Dispatcher(sessions, services, media={}, outlet=KeptInOutbox())
        self._seen = 0
        freeze_start_up_heap()  # as `python -m bot serve` does once it is up

    async def send(
        self, who: ChannelIdentity, text: str = "", *, phone: str | None = None
    ) -> list[Outbound]:
        """One message through the real intake; the replies to its sender."""
        await self._dispatcher.accept(
            Inbound(
                channel=who.channel,
                sender=who.address,
                platform_id=f"bench-{next(_ids)}",
                received_at=NOW,
                text=text,
                sender_name="Bench Customer",
                shared_phone=phone,
            )
        )
        await self._dispatcher.settled()
        async with self._sessions() as session:
            rows = list(
                await session.scalars(
                    select(OutboxRow).where(OutboxRow.id > self._seen).order_by(OutboxRow.id)
                )
            )
        self._seen = rows[-1].id if rows else self._seen
        said = [Outbound.from_json(row.payload) for row in rows]
        return [m for m in said if (m.channel, m.recipient) == (who.channel, who.address)]

    async def book(self, who: ChannelIdentity) -> str:
        """A remote support session at the first free time; its reference."""
        for text in ("book", "Slow PC", "1"):  # remote support: straight to the free times
            await self.send(who, text)
        [asked] = await self.send(who, "1")  # the first free time
        if asked.text.startswith("What name"):
            [asked] = await self.send(who, "Bench Customer")
        if asked.request_contact:
            [asked] = await self.send(who, phone="+27 82 555 0001")
        [booked] = await self.send(who, "yes")
        assert booked.text.startswith("Booked! BG-"), booked.text
        return booked.text.removeprefix("Booked! ").split(":")[0]

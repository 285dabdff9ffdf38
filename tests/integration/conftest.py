"""Fixtures of the conversation tests: the real dispatcher and database, replies read back
from the outbox (nothing is sent)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.business import load_business, slot_finder
from bot.files.charts import MatplotlibCharts
from bot.files.documents_pdf import PdfDocuments
from bot.files.file_links import FileLinks
from bot.intake.dispatcher import Dispatcher
from domain.customers import Channel, ChannelIdentity
from domain.messages import Outbound
from storage.database import create_sessionmaker
from storage.files import LocalFileStore
from storage.repositories.common import Stored
from storage.unit_of_work import SqlUnitOfWork
from tests.support.chat import Person, Transcript
from tests.support.clock import MovableClock
from tests.support.images import picture_for

ADMIN = ChannelIdentity(Channel.TELEGRAM, "900")
BUSINESS = load_business(None)


@pytest.fixture
def clock() -> MovableClock:
    """Tuesday 24 November 2026, 10:00 in Johannesburg."""
    return MovableClock()


class OutboxOnly:
    """Replies are committed to the outbox and read from there; nothing is sent."""

    async def enqueue(
        self, uow: SqlUnitOfWork, messages: Iterable[Outbound], now: datetime
    ) -> list[Stored[Outbound]]:
        for message in messages:
            await uow.outbox.enqueue(message, now)
        return []

    def submit(self, items: Sequence[Stored[Outbound]]) -> None:
        pass


class FakeChannelFiles:
    """A channel's files: what `files` holds under a reference, else a small real picture."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    async def fetch(self, ref: str) -> bytes:
        return self.files[ref] if ref in self.files else picture_for(ref)


async def _link_secret() -> str:
    return "file links in tests"


@pytest.fixture
def channel_files() -> FakeChannelFiles:
    return FakeChannelFiles()


@pytest.fixture
def service(
    engine: AsyncEngine, tmp_path: Path, clock: MovableClock, channel_files: FakeChannelFiles
) -> tuple[Dispatcher, Transcript]:
    sessions = create_sessionmaker(engine)
    dispatcher = Dispatcher(
        sessions,
        business=BUSINESS,
        clock=clock,
        files=LocalFileStore(tmp_path),
        admins=(ADMIN,),
        media={channel: channel_files for channel in Channel},
        outlet=OutboxOnly(),
        calendar=slot_finder(BUSINESS, ZoneInfo("Africa/Johannesburg")),
        links=FileLinks(_link_secret, "https://burbgigz.test", clock),
        paper=PdfDocuments(),
        charts=MatplotlibCharts(),
    )
    return dispatcher, Transcript(sessions)


@pytest.fixture
def person(service: tuple[Dispatcher, Transcript]) -> Callable[..., Person]:
    dispatcher, transcript = service

    def make(
        channel: Channel = Channel.TELEGRAM, address: str = "5551", name: str = "Thandi Mokoena"
    ) -> Person:
        return Person(dispatcher, transcript, channel, address, name)

    return make


async def book_remote_support(customer: Person, problem: str) -> str:
    """A remote support session at the first free time; its reference."""
    await customer.send("book")
    await customer.send(problem)
    await customer.send("1")  # remote support: no visit, so straight to the times
    [asked] = await customer.send("1")  # the first free time
    if asked.text.startswith("What name"):
        [asked] = await customer.send("Thandi Mokoena")
    if asked.request_contact:
        await customer.send(phone=f"+27 82 555 {customer.address[-4:]:0>4}")
    [booked] = await customer.send("yes")
    assert booked.text.startswith("Booked! BG-"), booked.text
    return booked.text.removeprefix("Booked! ").split(":")[0]

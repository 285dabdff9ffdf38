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
from bot.files.documents_pdf import PdfDocuments
from bot.files.file_links import FileLinks
from bot.intake.dispatcher import Dispatcher
from domain.business import BusinessConfig
from domain.customers import Channel, ChannelIdentity
from domain.messages import Outbound
from domain.ports import FileStore, PowerSchedule
from domain.slots import SlotFinder
from handlers.kernel.services import Services
from storage.database import create_sessionmaker
from storage.files import LocalFileStore
from storage.repositories.common import Stored
from storage.unit_of_work import SqlUnitOfWork
from tests.support.chat import Person, Transcript
from tests.support.clock import MovableClock
from tests.support.images import picture_for

ADMIN = ChannelIdentity(Channel.TELEGRAM, "900")
BUSINESS = load_business(None)
PUBLIC_URL = "https://burbgigz.test"


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


def services_for(
    clock: MovableClock,
    files: FileStore,
    admins: tuple[ChannelIdentity, ...] = (ADMIN,),
    business: BusinessConfig = BUSINESS,
    *,
    calendar: SlotFinder | None = None,
    power: PowerSchedule | None = None,
) -> Services:
    """What every turn gets, as the service wires it, with the technician at `admins`."""
    return Services(
        clock=clock,
        business=business,
        admins=admins,
        calendar=calendar or slot_finder(business, ZoneInfo("Africa/Johannesburg")),
        files=files,
        links=FileLinks(_link_secret, PUBLIC_URL, clock),
        paper=PdfDocuments(),
        public_url=PUBLIC_URL,
        power=power,
    )


@pytest.fixture
def turn_services(tmp_path: Path, clock: MovableClock, business: BusinessConfig) -> Services:
    return services_for(clock, LocalFileStore(tmp_path), business=business)


@pytest.fixture
def business() -> BusinessConfig:
    """The bundled business file; a test may parametrize another."""
    return BUSINESS


@pytest.fixture
def service(
    engine: AsyncEngine, turn_services: Services, channel_files: FakeChannelFiles
) -> tuple[Dispatcher, Transcript]:
    return dispatcher_on(engine, turn_services, channel_files)


def dispatcher_on(
    engine: AsyncEngine, services: Services, channel_files: FakeChannelFiles
) -> tuple[Dispatcher, Transcript]:
    """The real dispatcher on the test database, replies kept in the outbox."""
    sessions = create_sessionmaker(engine)
    dispatcher = Dispatcher(
        sessions,
        services,
        media={channel: channel_files for channel in Channel},
        outlet=OutboxOnly(),
    )
    return dispatcher, Transcript(sessions)


def dispatcher_for(
    engine: AsyncEngine,
    files: Path,
    clock: MovableClock,
    channel_files: FakeChannelFiles,
    *,
    business: BusinessConfig = BUSINESS,
    calendar: SlotFinder | None = None,
    power: PowerSchedule | None = None,
) -> tuple[Dispatcher, Transcript]:
    """The dispatcher of a business, calendar or load-shedding source of the test's own."""
    services = services_for(
        clock, LocalFileStore(files), business=business, calendar=calendar, power=power
    )
    return dispatcher_on(engine, services, channel_files)


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

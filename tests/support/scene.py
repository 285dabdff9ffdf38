"""The scene of the conversation tests: one service on a fresh database of its own, the real
dispatcher and scheduled messages, replies read back from the outbox (nothing is sent), and a
clock moved by hand. A pytest plugin: its fixtures serve every folder (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.business import load_business, slot_finder
from bot.calendars.invites import IcsInvites
from bot.files.charts import MatplotlibCharts
from bot.files.documents_pdf import PdfDocuments
from bot.files.file_links import FileLinks
from bot.intake.dispatcher import Dispatcher
from bot.scheduled.follow_up_poller import FollowUpPoller
from domain.business import BusinessConfig
from domain.customers import Channel, ChannelIdentity
from domain.follow_ups import FollowUp
from domain.messages import Inbound, Outbound
from domain.ports import FileStore, PowerSchedule
from domain.slots import SlotFinder
from handlers.kernel.services import Services
from storage.database import create_sessionmaker
from storage.files import LocalFileStore
from storage.repositories.common import Stored
from storage.unit_of_work import SqlUnitOfWork
from tests.support.chat import Person, Transcript, arrive
from tests.support.clock import MovableClock
from tests.support.images import picture_for

ADMIN = ChannelIdentity(Channel.TELEGRAM, "900")
BUSINESS = load_business(None)
PUBLIC_URL = "https://burbgigz.test"
SAST = ZoneInfo("Africa/Johannesburg")


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
        charts=MatplotlibCharts(),
        public_url=PUBLIC_URL,
        power=power,
        invites=IcsInvites(ZoneInfo("Africa/Johannesburg")),
        sends_email=True,
    )


def process(engine: AsyncEngine, services: Services) -> FollowUpPoller:
    """One service process's poller, writing to the outbox only."""
    return FollowUpPoller(create_sessionmaker(engine), services, outlet=OutboxOnly())


@dataclass
class Scene:
    """One service on its own fresh database: who writes to it (`person`, `technician`), what
    it sent (`transcript`), its scheduled messages (`poller`, `fired_at`), its clock."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    clock: MovableClock
    services: Services  # what every turn gets
    files: Path  # where the service keeps its files
    channel_files: FakeChannelFiles
    dispatcher: Dispatcher
    transcript: Transcript  # the people's own: what the poller sends is not news to their turn
    poller: FollowUpPoller

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    def person(
        self,
        channel: Channel = Channel.TELEGRAM,
        address: str = "5551",
        name: str = "Thandi Mokoena",
    ) -> Person:
        return Person(self.dispatcher, self.transcript, self.clock, channel, address, name)

    def technician(self) -> Person:
        return self.person(ADMIN.channel, ADMIN.address, name="Tech")

    def another_process(self) -> FollowUpPoller:
        """The poller of a second service process on the same database."""
        return process(self.engine, self.services)

    async def arrive(self, *messages: Inbound) -> list[Outbound]:
        return await arrive(self.dispatcher, self.transcript, *messages)

    async def fired_at(self, moment: datetime) -> list[Outbound]:
        """Everything the poller sent when run at `moment` (admin agendas left out)."""
        await self.transcript.new()
        self.clock.at = moment
        await self.poller.run()
        return [m for m in await self.transcript.new() if not m.text.startswith("Good morning!")]

    async def pending(self, reference: str) -> list[FollowUp]:
        async with self.unit_of_work() as uow:
            job = await uow.jobs.by_reference(reference)
            assert job is not None and job.id is not None
            return await uow.follow_ups.pending_for_job(job.id)


@pytest.fixture
def channel_files() -> FakeChannelFiles:
    return FakeChannelFiles()


@pytest.fixture
def business() -> BusinessConfig:
    """The bundled business file; a test may parametrize another."""
    return BUSINESS


@pytest.fixture
def turn_services(tmp_path: Path, clock: MovableClock, business: BusinessConfig) -> Services:
    return services_for(clock, LocalFileStore(tmp_path), business=business)


@pytest.fixture
def scene(
    engine: AsyncEngine,
    tmp_path: Path,
    clock: MovableClock,
    turn_services: Services,
    channel_files: FakeChannelFiles,
) -> Scene:
    dispatcher, transcript = dispatcher_on(engine, turn_services, channel_files)
    return Scene(
        engine,
        transcript.sessions,
        clock,
        turn_services,
        tmp_path,
        channel_files,
        dispatcher,
        transcript,
        process(engine, turn_services),
    )


@pytest.fixture
def person(scene: Scene) -> Callable[..., Person]:
    """Someone writing to the scene's service (`scene.person`), for tests that need no more."""
    return scene.person


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

"""1,000 reminders due at once, to 1,000 Telegram customers, through the Bot API stand-in
enforcing Telegram's flood limits (30 sends a second overall, 1 a second per chat, 429 with
retry_after past them).

    .venv/bin/python -m bench.reminders [--reminders 1000] [--processes 2] [--busy]

The poller, deliverer, pacing and Telegram client are wired as bot/wiring.py wires them, on a
fresh Postgres database (SQLite when no Postgres is running). Prints the send rate at the
stand-in against the 30/s limit and the count of 429s. Targets: at least 90 % of the limit,
no 429. `--processes 2`: two service processes (each its own engine, poller, deliverer and
client) send together, sharing the pace through Postgres. `--busy` (Postgres only): while the
reminders are sent, a CPU hog spins on one core and pgbench runs 8 clients on a database of
its own in the same Postgres (bench/neighbours.py); target then: at least 75 %, no 429.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import AIORateLimiter, ExtBot

from bench.neighbours import busy_neighbours
from bot.business import load_business
from bot.channels.telegram_send import TelegramSender
from bot.delivery.deliverer import Deliverer
from bot.delivery.pacing import Pace, Pacer
from bot.delivery.shared_pacing import SharedPacer
from bot.files.file_links import FileLinks
from bot.scheduled.follow_up_poller import FollowUpPoller
from bot.settings import Settings
from bot.wiring import turn_services
from domain.appointments import Appointment, VisitMode
from domain.business import BusinessConfig
from domain.customers import Channel, ChannelIdentity, Customer
from domain.follow_ups import FollowUp, FollowUpKind, reminder_key
from domain.jobs import Actor, Job, JobStatus
from domain.ports import Clock
from storage.database import create_engine, create_sessionmaker
from storage.files import LocalFileStore
from storage.repositories.secrets import stored_secret
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs import databases
from tests.stubs.telegram_api import FakeBotApi, TelegramLimits

LIMIT = 30
FIRST_CHAT = 100_000


class DaytimeClock:
    """Real time, starting on a Tuesday morning: retries fall due as they would, and quiet
    hours never hold the reminders back whenever the benchmark runs."""

    def __init__(self) -> None:
        self._start, self._at = datetime(2026, 11, 24, 8, 0, tzinfo=UTC), time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._at)


async def plan(database_url: str, clock: Clock, count: int) -> None:
    engine = create_engine(database_url)
    now = clock.now().replace(second=0, microsecond=0)  # visits on whole five-minute cells
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        for n in range(count):
            identity = ChannelIdentity(Channel.TELEGRAM, str(FIRST_CHAT + n))
            customer = await uow.customers.add(Customer(f"Customer {n}", identities=[identity]))
            assert customer.id is not None
            job = Job(customer.id, "No internet", "remote-support")
            job.open(now, Actor.CUSTOMER)
            job.transition(JobStatus.SCHEDULED, at=now, actor=Actor.CUSTOMER)
            job = await uow.jobs.add(job)
            assert job.id is not None
            start = now + timedelta(hours=1, minutes=5 * n)
            visit = await uow.appointments.add(
                Appointment(job.id, start, start + timedelta(minutes=5), VisitMode.REMOTE, None)
            )
            assert visit.id is not None
            due = now - timedelta(minutes=1)
            await uow.follow_ups.add(
                FollowUp(
                    FollowUpKind.REMINDER,
                    reminder_key(visit.id, 60, start),
                    due,
                    job_id=job.id,
                    customer_id=customer.id,
                    appointment_id=visit.id,
                ),
                now,
            )
        await uow.commit()
    await engine.dispose()


@dataclass
class Sender:
    """One service process's sending side: its engine, Telegram client, deliverer and poller."""

    engine: AsyncEngine
    bot: ExtBot[int]
    deliverer: Deliverer
    poller: FollowUpPoller


async def sender(
    api: FakeBotApi, database_url: str, clock: Clock, files: Path, settings: Settings
) -> Sender:
    """Wired as bot/wiring.py wires it: on Postgres the pace is taken in the database, shared
    by every process; on SQLite (one process) it is the process's own."""
    bot: ExtBot[int] = ExtBot(
        api.token,
        base_url=api.base_url,
        rate_limiter=AIORateLimiter(
            overall_max_rate=settings.telegram_max_messages_per_second, max_retries=3
        ),
    )
    await bot.initialize()
    engine = create_engine(database_url)
    sessions = create_sessionmaker(engine)
    deliverer = Deliverer(sessions, clock=clock, admins=())
    rates = (
        settings.telegram_max_messages_per_second,
        settings.telegram_messages_per_chat_per_second,
    )
    pace: Pace = (
        SharedPacer(sessions, Channel.TELEGRAM.value, *rates)
        if engine.dialect.name == "postgresql"
        else Pacer(*rates)
    )
    store = LocalFileStore(files)
    deliverer.add_sender(Channel.TELEGRAM, TelegramSender(bot, store), pace)
    links = FileLinks(lambda: stored_secret(sessions, "file_link_key"), settings.base_url, clock)
    # No technician: the customers' reminders alone are measured, not a morning agenda.
    services = replace(turn_services(settings, business_file(), clock, store, links), admins=())
    return Sender(engine, bot, deliverer, FollowUpPoller(sessions, services, outlet=deliverer))


def business_file() -> BusinessConfig:
    return load_business(None)


@dataclass(frozen=True)
class Outcome:
    rate: float  # sends a second at the stand-in, first to last
    too_many: int  # 429s
    sent: int
    busiest_second: int  # the most sends the stand-in saw in any one second


async def send_all(
    database_url: str,
    count: int,
    files: Path,
    processes: int,
    beside: AbstractAsyncContextManager[str | None],
) -> Outcome:
    clock = DaytimeClock()
    await plan(database_url, clock, count)
    settings = Settings(_env_file=None)
    async with beside as neighbours, FakeBotApi(limits=TelegramLimits(LIMIT, 1)) as api:
        if neighbours:
            print(neighbours)
        senders = [
            await sender(api, database_url, clock, files, settings) for _ in range(processes)
        ]
        started = time.monotonic()
        await asyncio.gather(*(s.poller.run() for s in senders))
        await asyncio.gather(*(s.deliverer.settled() for s in senders))
        while len(api.calls_to("sendMessage")) < count and time.monotonic() - started < 120:
            # anything a 429 put back
            await asyncio.gather(*(s.deliverer.deliver_due() for s in senders))
            await asyncio.sleep(0.5)
        for s in senders:
            await s.bot.shutdown()
            await s.engine.dispose()
        sent = api.calls_to("sendMessage")
        times = sorted(call.at for call in api.calls if call.ok and call.method == "sendMessage")
        rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
        return Outcome(rate, api.rate_limited, len(sent), busiest_second(times))


def busiest_second(times: list[float]) -> int:
    most, first = 0, 0
    for last, at in enumerate(times):
        while times[first] <= at - 1.0:  # the stand-in's window: (at - 1 s, at]
            first += 1
        most = max(most, last - first + 1)
    return most


async def run(count: int, processes: int, busy: bool) -> None:
    database = None
    with tempfile.TemporaryDirectory() as folder:
        if reason := await asyncio.to_thread(databases.postgres_unavailable_reason):
            print(f"Postgres unavailable ({reason}); on SQLite")
            url = databases.sqlite_url(Path(folder) / "bench.sqlite3")
            if busy:
                raise SystemExit("--busy needs Postgres: its neighbour is a pgbench load on it")
        else:
            database = await asyncio.to_thread(databases.create_postgres_database)
            url = databases.postgres_url(database)
        try:
            await asyncio.to_thread(databases.migrate_to_head, url)
            beside = busy_neighbours() if busy else nullcontext(None)
            outcome = await send_all(url, count, Path(folder), processes, beside)
        finally:
            if database is not None:
                await asyncio.to_thread(databases.drop_postgres_database, database)
    target = 75 if busy else 90
    print(f"reminders sent: {outcome.sent} of {count}, by {processes} process(es)")
    print(
        f"send rate: {outcome.rate:.1f}/s = {outcome.rate / LIMIT:.0%} of Telegram's {LIMIT}/s "
        f"(target >= {target} %); the busiest second: {outcome.busiest_second} sends"
    )
    print(f"429s: {outcome.too_many} (target 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument(
        "--processes", type=int, default=1, help="service processes sending together"
    )
    parser.add_argument(
        "--busy",
        action="store_true",
        help="a CPU hog and a pgbench load on the same Postgres beside the send",
    )
    args = parser.parse_args()
    asyncio.run(run(args.reminders, args.processes, args.busy))


if __name__ == "__main__":
    main()

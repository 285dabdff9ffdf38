"""1,000 reminders due at once, to 1,000 Telegram customers, sent by real service processes
through the Bot API stand-in enforcing Telegram's flood limits (30 sends a second overall, 1 a
second per chat, 429 with retry_after past them).

    .venv/bin/python -m bench.reminders [--reminders 1000] [--processes 2] [--busy]

Starts `--processes` service processes (`python -m bot serve`, webhook mode) on one fresh
Postgres database (one process on SQLite when no Postgres is running); this process only hosts
the stand-in and counts what reaches it. The reminders are planned an hour before their visits,
then, once every process is up, made due at once: the follow-up poller fires them and the
deliverer of the process that fired each sends it, the pace shared through Postgres. Prints the
send rate at the stand-in against the 30/s limit, the busiest second, the count of 429s, and
how many each process fired (every process fires what falls due, each claiming its own rows:
bot/lifecycle.py). Targets: at least 90 % of the limit, no 429.
`--busy` (Postgres only): while the reminders are sent, a CPU hog spins on one core and
pgbench runs 8 clients on a database of its own in the same Postgres (bench/neighbours.py);
target then: at least 75 %, no 429.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import tempfile
from collections import Counter
from contextlib import AbstractAsyncContextManager, nullcontext, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from bench.neighbours import busy_neighbours
from bench.service import start_service
from domain.appointments import Appointment, VisitMode
from domain.customers import Channel, ChannelIdentity, Customer
from domain.follow_ups import FollowUp, FollowUpKind, reminder_key
from domain.jobs import Actor, Job, JobStatus
from storage.database import create_engine, create_sessionmaker
from storage.tables import ScheduledMessageRow
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs import databases
from tests.stubs.service_process import free_port, wait_for_health
from tests.stubs.telegram_api import FakeBotApi, TelegramLimits

LIMIT = 30
FIRST_CHAT = 100_000
LEAD = timedelta(minutes=60)  # the default business file's last reminder before a visit


def morning_zone() -> str:
    """A time zone where it is about 11:00 now: quiet hours (20:00-07:00) never hold the
    reminders back, whenever the benchmark runs (and the 07:00 agenda is old news)."""
    hours_ahead = (11 - datetime.now(UTC).hour + 12) % 24 - 12
    return f"Etc/GMT{-hours_ahead:+d}"  # POSIX signs: Etc/GMT-2 is two hours ahead of UTC


async def plan(database_url: str, count: int) -> None:
    """Visits from an hour and ten minutes ahead, each with its reminder an hour before."""
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    cell = now.replace(minute=now.minute // 5 * 5, second=0, microsecond=0)  # visits fill cells
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
            start = cell + LEAD + timedelta(minutes=10 + 5 * n)  # due 5 min ahead or later
            visit = await uow.appointments.add(
                Appointment(job.id, start, start + timedelta(minutes=5), VisitMode.REMOTE, None)
            )
            assert visit.id is not None
            reminder = FollowUp(
                FollowUpKind.REMINDER,
                reminder_key(visit.id, int(LEAD.total_seconds() // 60), start),
                start - LEAD,
                job_id=job.id,
                customer_id=customer.id,
                appointment_id=visit.id,
            )
            await uow.follow_ups.add(reminder, now)
        await uow.commit()
    await engine.dispose()


async def make_all_due(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(
            update(ScheduledMessageRow)
            .where(ScheduledMessageRow.kind == FollowUpKind.REMINDER)
            .values(due_at=datetime.now(UTC))
        )
    await engine.dispose()


async def fired_by(database_url: str, pids: list[int]) -> list[int]:
    """How many reminders each process's poller fired (it sends what it fires)."""
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(ScheduledMessageRow.claimed_by, func.count())
            .where(ScheduledMessageRow.kind == FollowUpKind.REMINDER)
            .group_by(ScheduledMessageRow.claimed_by)
        )
        by_pid = Counter({int(claimer.split(":")[-2]): n for claimer, n in rows if claimer})
    await engine.dispose()
    return [by_pid[pid] for pid in pids]


@dataclass(frozen=True)
class Outcome:
    rate: float  # sends a second at the stand-in, first to last
    too_many: int  # 429s
    sent: int
    busiest_second: int  # the most sends the stand-in saw in any one second
    fired: list[int]  # reminders fired by each process


async def send_all(
    database_url: str,
    count: int,
    files: Path,
    processes: int,
    beside: AbstractAsyncContextManager[str | None],
) -> Outcome:
    await plan(database_url, count)
    zone, ports = morning_zone(), [free_port() for _ in range(processes)]
    async with FakeBotApi(limits=TelegramLimits(LIMIT, 1)) as api:
        started = [
            await start_service(
                api,
                database_url,
                p,
                FILES_DIR=str(files),
                ADMIN_TOKEN="bench-admin-token",
                BUSINESS_TIMEZONE=zone,
            )
            for p in ports
        ]
        try:
            for port in ports:
                if not await wait_for_health(port):
                    raise RuntimeError("the service did not come up")
            async with beside as neighbours:
                if neighbours:
                    print(neighbours)
                await make_all_due(database_url)
                # The pollers look every 15 s; then the send itself, with room for retries.
                with suppress(AssertionError):  # not all sent in time: counted as they are
                    await api.wait_for("sendMessage", count, timeout=30 + 3 * count / LIMIT)
            fired = await fired_by(database_url, [process.pid for process in started])
        finally:
            for process in started:
                process.send_signal(signal.SIGTERM)
            for process in started:
                await process.wait()
        times = sorted(call.at for call in api.calls if call.ok and call.method == "sendMessage")
        rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
        return Outcome(rate, api.rate_limited, len(times), busiest_second(times), fired)


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
            if busy or processes > 1:  # pgbench, and the pace shared between the processes
                raise SystemExit(f"Postgres unavailable ({reason}): --busy and --processes need it")
            print(f"Postgres unavailable ({reason}); on SQLite")
            url = databases.sqlite_url(Path(folder) / "bench.sqlite3")
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
    print(f"reminders sent: {outcome.sent} of {count}, by {processes} service process(es)")
    print(f"fired by each process: {', '.join(map(str, outcome.fired))}")
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

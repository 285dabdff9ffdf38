"""Request paths and scheduled duties with years of history, beside the same without it.

    .venv/bin/python -m bench.history [--jobs 100000] [--runs 30]

Seeds a throwaway Postgres database with the history of bench/history_data.py (timelines,
visits, messages, invoices, surveys, photos, scheduled messages), then, in one warm process
per database, drives the real dispatcher and handlers (replies kept in the outbox) and prints
p50/p95 of /queue, /today, /week, /job and the slot list a booking offers; of the portal's
pages, served by the whole app, for a regular customer (dozens of past jobs with the past):
their jobs and their open job's page with the invoice it owes; and of each query a scheduled
duty runs: the follow-up poller's claim, the retention sweep's searches (old photos, messages
past the conversations' period, a window of long-closed customers), the weekly summary's
figures; and, not judged, the unpaid-invoice reminders' catch-up a process runs once at start.
Beside them, the same on a database without the past: the same customers and open jobs with
their coming visits (the present costs what it costs; the past should cost nothing). Targets:
/queue p95 under 100 ms, every other request within 1.5 times its p95 without the past, no
duty's query over 5 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.figures import figure_calls
from bench.history_data import BUSINESS, NOW, REGULAR, seed
from bench.history_service import TECHNICIAN, ZONE, Service, StoppedClock
from bench.served import served, signed_in
from bot.scheduled.privacy_retention import CUSTOMERS_AT_A_TIME
from bot.scheduled.retention import BATCH as RETENTION_BATCH
from bot.web.portal.session_cookie import COOKIE
from domain.customers import Channel, ChannelIdentity
from domain.figures import figure_query
from domain.periods import last_week
from domain.privacy import DEFAULT_TERMS
from storage.database import create_engine, create_sessionmaker
from storage.privacy_retention import claim_closed_customer, old_messages
from storage.retention import expired_files
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs import databases

QUEUE_P95_MS, SLOWER_AT_MOST, DUTY_MS = 100, 1.5, 5
RETENTION = timedelta(days=90)  # FILES_RETENTION_DAYS's default
CONVERSATIONS = timedelta(days=DEFAULT_TERMS.keep_conversations_days)
CLOSED_CUSTOMERS = timedelta(days=DEFAULT_TERMS.keep_closed_customers_days)
# What the weekly summary reads (storage/repositories/figures SqlFigures.summary).
SUMMARY_FIGURES = (
    "jobs by service",
    "problems",
    "satisfaction",
    "revenue",
    "unpaid by age",
)
Timings = dict[str, list[float]]


async def timed(runs: int, what: Callable[[], Awaitable[object]]) -> list[float]:
    """Milliseconds of each run, after one that warms the caches."""
    await what()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await what()
        times.append((time.perf_counter() - start) * 1000)
    return times


async def portal(url: str, runs: int, jobs: int) -> Timings:
    """The portal's pages as the regular customer sees them: their jobs (dozens past, with the
    past), and their open job's page with the invoice it still owes."""
    found: Timings = {}
    with tempfile.TemporaryDirectory() as files:
        async with served(url, Path(files), BUSINESS, StoppedClock()) as (app, base):
            jar = aiohttp.CookieJar(unsafe=True)
            jar.update_cookies({COOKIE: await signed_in(app, REGULAR)})
            async with aiohttp.ClientSession(base, cookie_jar=jar) as browser:
                pages = (
                    ("portal: my jobs", "/portal", "Past jobs"),
                    ("portal: job and bill", f"/portal/jobs/BG-{jobs + 1000}", "to pay"),
                )
                for name, path, shows in pages:
                    found[name] = await timed(runs, functools.partial(read, browser, path, shows))
    return found


async def read(browser: aiohttp.ClientSession, path: str, shows: str) -> None:
    async with browser.get(path) as response:
        body = await response.text()
    assert response.status == 200 and shows in body, (response.status, path)


async def measure(url: str, runs: int, jobs: int) -> Timings:
    """Every path's times on one database, in one warm process."""
    found = await portal(url, runs, jobs)  # first: the app would deliver the chats' replies
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    with tempfile.TemporaryDirectory() as files:
        service = Service(sessions, Path(files))
        reference = await service.book(ChannelIdentity(Channel.SMS, "+27820000001"))
        for command in ("/queue", "/today", "/week", f"/job {reference}"):
            asked = functools.partial(service.send, TECHNICIAN, command)
            found[command.split()[0]] = await timed(runs, asked)
        took: list[float] = []
        for n in range(runs + 1):  # a new customer each time, up to the times offered
            customer = ChannelIdentity(Channel.TELEGRAM, f"bench-{n}")
            for text in ("book", "No internet"):
                await service.send(customer, text)
            start = time.perf_counter()
            [times] = await service.send(customer, "1")  # remote support: the free times
            took.append((time.perf_counter() - start) * 1000)
            assert times.options, times.text
        found["slot list"] = took[1:]  # the first warmed the caches
        found.update(await duties(sessions, runs))
    await engine.dispose()
    return found


async def duties(sessions: async_sessionmaker[AsyncSession], runs: int) -> Timings:
    """The queries the scheduled duties run, each in a transaction rolled back after."""
    found: Timings = {}

    async def claim() -> None:
        async with SqlUnitOfWork(sessions) as uow:
            await uow.follow_ups.claim_due(NOW, 50, "bench")

    async def unpaid() -> None:
        async with SqlUnitOfWork(sessions) as uow:
            await uow.follow_ups.unplanned_unpaid_invoices()

    async def retention() -> None:
        async with sessions() as session:
            await expired_files(session, NOW - RETENTION, RETENTION_BATCH)

    async def old_chats() -> None:
        async with sessions() as session:  # a batch to remove, each kind of message
            await old_messages(session, NOW - CONVERSATIONS, RETENTION_BATCH)

    async def closed_customer() -> None:
        async with sessions() as session:
            window = range(REGULAR, REGULAR + CUSTOMERS_AT_A_TIME)
            await claim_closed_customer(session, NOW - CLOSED_CUSTOMERS, window)

    found["duty: follow-up claim"] = await timed(runs, claim)
    found["once: unpaid catch-up"] = await timed(runs, unpaid)
    found["duty: retention search"] = await timed(runs, retention)
    found["duty: old messages search"] = await timed(runs, old_chats)
    found["duty: closed customers"] = await timed(runs, closed_customer)
    week = figure_query(last_week(NOW.astimezone(ZONE).date()), ZONE, BUSINESS.problems, NOW)
    async with sessions() as session:
        for name, what in (await figure_calls(session, week)).items():
            if name in SUMMARY_FIGURES:
                found[f"duty: summary {name}"] = await timed(runs, what)
    return found


def p50_p95(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[18]


def report(present: Timings, history: Timings, jobs: int) -> None:
    print(f"{'':32}{'no past p50/p95':>18}{f'{jobs} jobs p50/p95':>24}  verdict")
    for name, times in history.items():
        (e50, e95), (h50, h95) = p50_p95(present[name]), p50_p95(times)
        if name == "/queue":
            ok, target = h95 < QUEUE_P95_MS, f"p95 < {QUEUE_P95_MS} ms"
        elif name.startswith("duty"):
            ok, target = h95 < DUTY_MS, f"< {DUTY_MS} ms"
        else:
            ok, target = h95 <= SLOWER_AT_MOST * e95, f"<= {SLOWER_AT_MOST}x no past"
        verdict = "ok" if ok else f"OVER ({target})"
        if name.startswith("once"):  # a process's first round only: no duty's every round
            verdict = "-"
        print(f"  {name:<30}{e50:8.1f} /{e95:7.1f} ms{h50:11.1f} /{h95:7.1f} ms  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    names = [databases.create_postgres_database() for _ in range(2)]
    present_url, history_url = (databases.postgres_url(name) for name in names)
    try:
        for url, past in ((present_url, False), (history_url, True)):
            databases.migrate_to_head(url)
            start = time.perf_counter()
            asyncio.run(
                seed(url.replace("postgresql+asyncpg://", "postgresql://"), args.jobs, past)
            )
            took = time.perf_counter() - start
            print(f"Seeded {'with' if past else 'without'} the past in {took:.1f} s")
        present = asyncio.run(measure(present_url, args.runs, args.jobs))
        report(present, asyncio.run(measure(history_url, args.runs, args.jobs)), args.jobs)
    finally:
        for name in names:
            databases.drop_postgres_database(name)


if __name__ == "__main__":
    main()

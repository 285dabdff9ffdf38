"""The portal's job page under load: 50 signed-in customers at once over 10,000 jobs.

    .venv/bin/python -m bench.portal [--jobs 10000] [--customers 50] [--requests 20]

Seeds a fresh Postgres database in bulk (COPY), starts the whole app on a loopback port,
signs in each customer (a session row and its cookie, as a sign-in makes them); then, from a
process of their own (so the browsers do not take the server's CPU), each customer asks for
one of their own jobs' pages `--requests` times, all customers at once, two ways:
- paced: each customer opens a page every second, as people do (requests spread out);
- back to back: each asks again the moment the last page came (the server saturated).
Prints each way's p50 and p99 and the throughput. Target: p99 under 100 ms on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

from bench.portal_visits import page_seconds
from bench.served import served, signed_in
from bot.business import load_business
from bot.web.portal.session_cookie import COOKIE
from tests.stubs import databases

BUSINESS = load_business(None)
NOW = datetime.now(UTC)
TARGET_MS = 100
STATUSES = ("completed", "completed", "completed", "scheduled", "in_progress", "cancelled")


def rows(jobs: int) -> dict[str, list[tuple[Any, ...]]]:
    """Customers with a few jobs each, every job with its timeline, visit and two notes."""
    pick = random.Random(16)
    customers = max(1, jobs // 3)
    out: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
    out["customers"] = [
        (c, f"Customer {c}", NOW - timedelta(days=400)) for c in range(1, customers + 1)
    ]
    for j in range(1, jobs + 1):
        created = NOW - timedelta(days=pick.randint(1, 365), minutes=pick.randint(0, 600))
        status = pick.choice(STATUSES)
        service = pick.choice(BUSINESS.services).code
        out["jobs"].append(
            (j, j + 1000, f"BG-{j + 1000}", 1 + (j - 1) % customers, status, "normal",
             "slow laptop", service, None, created, created)
        )  # fmt: skip
        out["job_events"] += [
            (2 * j, j, created, "customer", None, "requested", "booked on telegram"),
            (2 * j + 1, j, created, "customer", "requested", status, ""),
        ]
        visit = created + timedelta(days=2)
        out["appointments"].append((j, j, visit, visit + timedelta(hours=1), "remote", None, 0))
        out["notes"] += [
            (2 * j, j, "Bring the charger", "visible", created),
            (2 * j + 1, j, "Private: slow to pay", "private", created),
        ]
    return out


COLUMNS = {
    "customers": ("id", "name", "created_at"),
    "jobs": ("id", "number", "reference", "customer_id", "status", "priority", "problem",
             "service_code", "area", "created_at", "updated_at"),
    "job_events": ("id", "job_id", "at", "actor", "from_status", "to_status", "note"),
    "appointments": ("id", "job_id", "start_at", "end_at", "mode", "area", "reschedules"),
    "notes": ("id", "job_id", "text", "visibility", "at"),
}  # fmt: skip


async def seed(dsn: str, jobs: int) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        for table, records in rows(jobs).items():
            await connection.copy_records_to_table(table, records=records, columns=COLUMNS[table])
        for table in COLUMNS:  # COPY with ids given: the sequences move past them
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def customer(url: str, cookie: str, path: str, requests: int, pace: float) -> list[float]:
    """One signed-in customer asking for their job's page again and again (every `pace`
    seconds, or back to back when 0); each request's time in ms."""
    jar = aiohttp.CookieJar(unsafe=True)
    jar.update_cookies({COOKIE: cookie})
    times = []
    async with aiohttp.ClientSession(url, cookie_jar=jar) as browser:
        await asyncio.sleep(random.random() * pace)  # customers do not arrive in step
        for _ in range(requests):
            took = await page_seconds(browser, path, "Bring the charger", "slow to pay")
            times.append(took * 1000)
            await asyncio.sleep(max(0.0, pace - took))
    return times


def load(url: str, visits: list[tuple[str, str]], requests: int, pace: float) -> list[float]:
    """Run in a process of its own: every customer at once; all the requests' times."""

    async def everyone() -> list[list[float]]:
        return await asyncio.gather(
            *(customer(url, cookie, path, requests, pace) for cookie, path in visits)
        )

    return sorted(t for run in asyncio.run(everyone()) for t in run)


def report(way: str, latencies: list[float], elapsed: float) -> None:
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    verdict = "ok" if p99 < TARGET_MS else f"OVER {TARGET_MS} ms"
    print(
        f"  {way:<14} {len(latencies)} requests in {elapsed:.1f} s "
        f"({len(latencies) / elapsed:.0f}/s): p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"max {latencies[-1]:.1f} ms  {verdict}"
    )


async def measure(database_url: str, jobs: int, customers: int, requests: int) -> None:
    with tempfile.TemporaryDirectory() as files:
        async with served(database_url, Path(files), BUSINESS) as (app, url):
            owners = random.Random(50).sample(range(1, max(1, jobs // 3) + 1), customers)
            # Each customer's own first job (job j is customer 1 + (j - 1) % customers').
            visits = [(await signed_in(app, c), f"/portal/jobs/BG-{c + 1000}") for c in owners]
            loop = asyncio.get_running_loop()
            print(f"Job page, {customers} signed-in customers at once, {jobs} jobs:")
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                await loop.run_in_executor(pool, load, url, visits, 2, 0.0)  # warm up
                for way, pace in (("paced (1/s)", 1.0), ("back to back", 0.0)):
                    start = time.perf_counter()
                    times = await loop.run_in_executor(pool, load, url, visits, requests, pace)
                    report(way, times, time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="per customer, each way")
    args = parser.parse_args()
    name = databases.create_postgres_database()
    url = databases.postgres_url(name)
    try:
        databases.migrate_to_head(url)
        start = time.perf_counter()
        asyncio.run(seed(url.replace("postgresql+asyncpg://", "postgresql://"), args.jobs))
        print(f"Seeded {args.jobs} jobs in {time.perf_counter() - start:.1f} s")
        asyncio.run(measure(url, args.jobs, args.customers, args.requests))
    finally:
        databases.drop_postgres_database(name)


if __name__ == "__main__":
    main()

"""The business figures over 100,000 jobs with their timelines, surveys and invoices.

    .venv/bin/python -m bench.figures [--jobs 100000] [--period 2026]

Seeds a fresh Postgres database in bulk (COPY), then, in one warm process, prints the time of
each figure's queries and of each chart, the first chart's matplotlib import reported apart.
Target: each under 300 ms on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from bot.business import load_business
from bot.files.charts import MatplotlibCharts
from domain.figures import figure_query
from domain.periods import parse_period
from handlers.technician.figure_charts import charts_for
from storage.database import create_engine, create_sessionmaker
from storage.repositories.figures.activity import Activity
from storage.repositories.figures.money import Money
from storage.repositories.figures.sql import Spelling
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs import databases

BUSINESS = load_business(None)
ZONE = ZoneInfo("Africa/Johannesburg")
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
FIRST_DAY = datetime(2025, 1, 1, 6, 0, tzinfo=UTC)
TARGET_MS = 300
RUNS = 3
PROBLEMS = ("virus pop-ups", "printer offline", "slow laptop", "no internet", "lost files", "?")


def rows(jobs: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, made up but shaped like the real thing (same seed, same data)."""
    pick = random.Random(20)
    customers = jobs // 3
    out: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
    out["customers"] = [(c, f"Customer {c}", FIRST_DAY) for c in range(1, customers + 1)]
    for j in range(1, jobs + 1):
        _job(out, j, pick.randint(1, customers), pick)
    return out


def _job(out: dict[str, list[tuple[Any, ...]]], j: int, customer: int, pick: random.Random) -> None:
    """One job's rows: two messages, a visit, its completion, time, maybe a survey and an
    invoice of two lines."""
    created = FIRST_DAY + timedelta(seconds=pick.randrange(int((NOW - FIRST_DAY).total_seconds())))
    area = pick.choice(BUSINESS.areas.names) if pick.random() < 0.5 else None
    service, problem = pick.choice(BUSINESS.services).code, pick.choice(PROBLEMS)
    out["jobs"].append(
        (j, j + 1000, f"BG-{j + 1000}", customer, "completed", "normal", problem, service, area,
         created, created)
    )  # fmt: skip
    answered = created + timedelta(minutes=pick.randint(5, 600))
    out["chat_messages"] += [
        (2 * j, j, "customer", "sms", "hello", created),
        (2 * j + 1, j, "technician", "telegram", "on it", answered),
    ]
    visit = created + timedelta(hours=pick.randint(2, 96))
    mode = "remote" if area is None else "on_site"
    out["appointments"].append((j, j, visit, visit + timedelta(hours=1), mode, area, 0))
    done = visit + timedelta(minutes=pick.randint(20, 150))
    out["job_events"].append((j, j, done, "technician", "in_progress", "completed", ""))
    out["time_entries"].append((j, j, visit, done, ""))
    if pick.random() < 0.4:
        comment = "too slow" if pick.random() < 0.1 else None
        out["survey_answers"].append((j, j, pick.randint(1, 5), comment, done + timedelta(hours=3)))
    if pick.random() < 0.7:
        status = "paid" if pick.random() < 0.8 else "issued"
        out["invoices"].append((j, j, j, customer, status, True, 15, done, done))
        work = pick.choice((55000, 85000, 95000))
        out["invoice_lines"] += [
            (2 * j, j, 0, "Work", Decimal(1), work),
            (2 * j + 1, j, 1, "Parts", Decimal(pick.randint(1, 3)), 12050),
        ]


COLUMNS = {
    "customers": ("id", "name", "created_at"),
    "jobs": ("id", "number", "reference", "customer_id", "status", "priority", "problem",
             "service_code", "area", "created_at", "updated_at"),
    "job_events": ("id", "job_id", "at", "actor", "from_status", "to_status", "note"),
    "chat_messages": ("id", "job_id", "author", "channel", "text", "at"),
    "appointments": ("id", "job_id", "start_at", "end_at", "mode", "area", "reschedules"),
    "time_entries": ("id", "job_id", "start_at", "end_at", "note"),
    "survey_answers": ("id", "job_id", "score", "comment", "answered_at"),
    "invoices": ("id", "number", "job_id", "customer_id", "status", "prices_include_vat",
                 "vat_rate_percent", "issued_at", "created_at"),
    "invoice_lines": ("id", "invoice_id", "position", "description", "quantity",
                      "unit_price_cents"),
}  # fmt: skip


async def seed(dsn: str, jobs: int) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        for table, records in rows(jobs).items():
            await connection.copy_records_to_table(table, records=records, columns=COLUMNS[table])
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def timed(what: Callable[[], Awaitable[object]]) -> float:
    """Milliseconds, the median of a few runs after a first one that warms the caches."""
    await what()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        await what()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report(name: str, ms: float) -> None:
    verdict = "ok" if ms < TARGET_MS else f"OVER {TARGET_MS} ms"
    print(f"  {name:<28} {ms:8.1f} ms  {verdict}")


async def measure(url: str, words: str) -> None:
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    query = figure_query(parse_period(words, NOW.date()), ZONE, BUSINESS.problems, NOW)
    print(f"Figures for {query.period.label}:")
    async with sessions() as session:
        postgres = Spelling("postgresql")
        work, money = Activity(session, postgres), Money(session, postgres)
        invoiced = [i for i, _ in (await money.revenue(query)).by_service]  # for revenue per hour
        figures: dict[str, Callable[[], Awaitable[object]]] = {
            "jobs by service": lambda: work.by_service(query),
            "jobs by area": lambda: work.by_area(query),
            "problems": lambda: work.problems(query),
            "time from request": lambda: work.leads(query),
            "satisfaction": lambda: work.satisfaction(query),
            "revenue": lambda: money.revenue(query),
            "months of the year": lambda: work.by_month_of_year(query),
            "weekdays": lambda: work.by_weekday(query),
            "customers and value": lambda: money.customers(query),
            "revenue per hour": lambda: money.effort(query, invoiced),
            "unpaid by age": lambda: money.unpaid(query),
            "CSV invoices": lambda: money.entries(query),
        }
        for name, what in figures.items():
            report(name, await timed(what))
    async with SqlUnitOfWork(sessions) as uow:
        start = time.perf_counter()
        found = await uow.figures.gather(query)
        print(f"  all figures at once: {(time.perf_counter() - start) * 1000:.1f} ms")
    await engine.dispose()
    charts = charts_for(found, BUSINESS)
    maker = MatplotlibCharts()
    start = time.perf_counter()
    await maker.png(charts[0])
    print(f"  first chart, importing matplotlib: {(time.perf_counter() - start) * 1000:.0f} ms")
    for chart in charts:
        report(f"chart: {chart.name}", await timed(functools.partial(maker.png, chart)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--period", default="2026", help='e.g. "2026", "last month", "q3"')
    args = parser.parse_args()
    name = databases.create_postgres_database()
    url = databases.postgres_url(name)
    try:
        databases.migrate_to_head(url)
        start = time.perf_counter()
        asyncio.run(seed(url.replace("postgresql+asyncpg://", "postgresql://"), args.jobs))
        print(f"Seeded {args.jobs} jobs in {time.perf_counter() - start:.1f} s")
        asyncio.run(measure(url, args.period))
    finally:
        databases.drop_postgres_database(name)


if __name__ == "__main__":
    main()

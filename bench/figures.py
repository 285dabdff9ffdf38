"""The business figures over 100,000 jobs with their timelines, surveys and invoices (the
history of bench/history_data.py).

    .venv/bin/python -m bench.figures [--jobs 100000] [--period 2026]

Seeds a fresh Postgres database in bulk (COPY), then, in one warm process, prints the time of
each figure's queries and of each chart, the first chart's matplotlib import reported apart.
Target: each under 300 ms on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import time
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bench.history_data import BUSINESS, NOW, seed
from bot.files.charts import MatplotlibCharts
from domain.figures import FigureQuery, figure_query
from domain.periods import parse_period
from handlers.technician.figure_charts import charts_for
from storage.database import create_engine, create_sessionmaker
from storage.repositories.figures.activity import Activity
from storage.repositories.figures.money import Money
from storage.repositories.figures.sql import Spelling
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs import databases

ZONE = ZoneInfo("Africa/Johannesburg")
TARGET_MS = 300
RUNS = 3


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


async def figure_calls(
    session: AsyncSession, query: FigureQuery
) -> dict[str, Callable[[], Awaitable[object]]]:
    """Each figure's queries, by name, ready to time (the history benchmark times last week's,
    which the weekly summary runs)."""
    postgres = Spelling("postgresql")
    work, money = Activity(session, postgres), Money(session, postgres)
    invoiced = [i for i, _ in (await money.revenue(query)).by_service]  # for revenue per hour
    return {
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


async def measure(url: str, words: str) -> None:
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    query = figure_query(parse_period(words, NOW.date()), ZONE, BUSINESS.problems, NOW)
    print(f"Figures for {query.period.label}:")
    async with sessions() as session:
        figures = await figure_calls(session, query)
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

"""A database from before the jobs kept their milestones and the invoices their totals:
migration 0008 fills them from the timelines and the lines, and the figures come out as they
did when they were worked out from the history."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.business import load_business
from domain.figures import Amounts, Lead
from handlers.technician.figures_chat import query_for
from storage import migrate
from storage.database import create_engine, create_sessionmaker
from storage.unit_of_work import SqlUnitOfWork
from tests.support.figure_data import seed

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_the_migration_fills_the_milestones_and_totals_from_the_history(
    empty_database_url: str,
) -> None:
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        sessions = create_sessionmaker(engine)
        await seed(sessions, derived=False)
        await migrate.downgrade(engine, "0007")  # the columns go, the history stays
        await migrate.upgrade(engine)
        query = query_for("this month", load_business(None), ZoneInfo("Africa/Johannesburg"), NOW)
        async with SqlUnitOfWork(sessions) as uow:
            figures = await uow.figures.gather(query)
    finally:
        await engine.dispose()
    # The same hand values as tests/integration/test_figures.py's.
    assert figures.revenue.invoiced == Amounts(
        "total", 47826 + 131826 + 123330, 7174 + 19774 + 18500
    )
    assert figures.revenue.paid == Amounts("total", 47826 + 123330, 7174 + 18500)
    assert figures.leads == (
        Lead("first answer", 2, (30 + 90) // 2),
        Lead("visit", 3, (180 + 1440 + 2880) // 3),
        Lead("completion", 2, (1680 + 2880) // 2),
    )

"""The business figures, counted and summed in the database (SQLite or Postgres alike)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from domain.figures import FigureQuery, Figures, InvoiceEntry, WeekSummary
from storage.repositories.figures.activity import Activity
from storage.repositories.figures.money import Money
from storage.repositories.figures.sql import Spelling


class SqlFigures:
    def __init__(self, session: AsyncSession) -> None:
        assert session.bind is not None
        spelling = Spelling(session.bind.dialect.name)
        self._activity = Activity(session, spelling)
        self._money = Money(session, spelling)

    async def gather(self, query: FigureQuery) -> Figures:
        work, money = self._activity, self._money
        by_service = await work.by_service(query)
        revenue = await money.revenue(query)
        return Figures(
            period=query.period,
            jobs=sum(t.count for t in by_service),
            by_service=by_service,
            by_area=await work.by_area(query),
            problems=await work.problems(query),
            leads=await work.leads(query),
            satisfaction=await work.satisfaction(query),
            revenue=revenue,
            by_month_of_year=await work.by_month_of_year(query),
            by_weekday=await work.by_weekday(query),
            customers=await money.customers(query),
            effort=await money.effort(query, [invoiced for invoiced, _ in revenue.by_service]),
            unpaid=await money.unpaid(query),
        )

    async def summary(self, query: FigureQuery) -> WeekSummary:
        work, money = self._activity, self._money
        return WeekSummary(
            period=query.period,
            jobs=sum(t.count for t in await work.by_service(query)),
            problems=await work.problems(query),
            satisfaction=await work.satisfaction(query),
            revenue=await money.revenue(query),
            unpaid=await money.unpaid(query),
        )

    async def invoices(self, query: FigureQuery) -> list[InvoiceEntry]:
        return await self._money.entries(query)

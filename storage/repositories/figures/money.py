"""Figures about money: revenue invoiced and paid, unpaid invoices by age, what each customer
has paid, and the time each service's jobs took."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.appointments import VisitMode
from domain.figures import (
    TOP_CUSTOMERS,
    UNPAID_AGES,
    Amounts,
    Customers,
    CustomerValue,
    FigureQuery,
    InvoiceEntry,
    Revenue,
    ServiceEffort,
    Tally,
    UnpaidAge,
    unpaid_age_labels,
)
from domain.invoices import InvoiceStatus
from storage.repositories.figures.activity import NO_AREA, in_period
from storage.repositories.figures.sql import BILLED, PAID, Spelling, invoice_totals, paid_only
from storage.tables import AppointmentRow, CustomerRow, JobRow, TimeEntryRow

Pair = tuple[Amounts, Amounts]


class Money:
    def __init__(self, session: AsyncSession, spelling: Spelling) -> None:
        self._session = session
        self._sql = spelling
        self._invoices = invoice_totals()

    def _billed(self, query: FigureQuery) -> Any:
        inv = self._invoices.c
        return and_(inv.status.in_(BILLED), in_period(query, inv.issued_at))

    async def revenue(self, query: FigureQuery) -> Revenue:
        issued = self._invoices.c.issued_at
        months = [
            (and_(issued >= first, issued < last), label) for label, first, last in query.months
        ]
        month = case(*months, else_=literal("")) if months else literal("")
        found = {i.label: (i, p) for i, p in await self._split(query, month)}
        by_month = tuple(
            found.get(label, (Amounts(label, 0, 0), Amounts(label, 0, 0)))
            for label, _, _ in query.months
        )
        by_service = await self._split(query, JobRow.service_code)
        by_area = await self._split(query, func.coalesce(JobRow.area, NO_AREA))
        return Revenue(
            _sum(by_service, 0), _sum(by_service, 1), tuple(by_service), tuple(by_area), by_month
        )

    async def _split(self, query: FigureQuery, key: Any) -> list[Pair]:
        inv = self._invoices.c
        net, vat = func.sum(inv.net), func.sum(inv.vat)
        rows = await self._session.execute(
            select(
                key,
                net,
                vat,
                func.sum(paid_only(inv.net, inv.status)),
                func.sum(paid_only(inv.vat, inv.status)),
            )
            .join(JobRow, JobRow.id == inv.job_id)
            .where(self._billed(query))
            .group_by(key)
            .order_by((net + vat).desc(), key)
        )
        return [
            (Amounts(str(k), int(n), int(v)), Amounts(str(k), int(pn), int(pv)))
            for k, n, v, pn, pv in rows
        ]

    async def unpaid(self, query: FigureQuery) -> tuple[UnpaidAge, ...]:
        """Invoices issued and not marked paid, by how long ago they were issued (as of now)."""
        inv = self._invoices.c
        ages = [
            (inv.issued_at > query.now - timedelta(days=days), label)
            for days, label in zip(UNPAID_AGES, unpaid_age_labels()[:-1], strict=True)
        ]
        age = case(*ages, else_=literal(unpaid_age_labels()[-1]))
        rows = await self._session.execute(
            select(age, func.count(inv.id), func.sum(inv.net + inv.vat))
            .where(inv.status == str(InvoiceStatus.ISSUED))
            .group_by(age)
        )
        found = {label: (n, int(gross)) for label, n, gross in rows}
        return tuple(UnpaidAge(label, *found.get(label, (0, 0))) for label in unpaid_age_labels())

    async def customers(self, query: FigureQuery) -> Customers:
        served = select(JobRow.customer_id).where(in_period(query, JobRow.created_at)).distinct()
        returning = (
            select(JobRow.customer_id)
            .where(JobRow.created_at < query.end, JobRow.customer_id.in_(served))
            .group_by(JobRow.customer_id)
            .having(func.count(JobRow.id) > 1)
            .subquery()
        )
        count_served = select(func.count()).select_from(served.subquery())
        count_returning = select(func.count()).select_from(returning)
        return Customers(
            (await self._session.execute(count_served)).scalar_one(),
            (await self._session.execute(count_returning)).scalar_one(),
            await self._top(query),
        )

    async def _top(self, query: FigureQuery) -> tuple[CustomerValue, ...]:
        """Lifetime value: all a customer has paid up to the period's end, most first."""
        inv = self._invoices.c
        jobs = (
            select(JobRow.customer_id, func.count(JobRow.id).label("jobs"))
            .where(JobRow.created_at < query.end)
            .group_by(JobRow.customer_id)
            .subquery()
        )
        paid = func.sum(inv.net + inv.vat)
        rows = await self._session.execute(
            select(CustomerRow.name, jobs.c.jobs, paid)
            .join(CustomerRow, CustomerRow.id == inv.customer_id)
            .join(jobs, jobs.c.customer_id == CustomerRow.id)
            .where(inv.status == PAID, inv.issued_at < query.end)
            .group_by(CustomerRow.id, CustomerRow.name, jobs.c.jobs)
            .order_by(paid.desc(), CustomerRow.id)
            .limit(TOP_CUSTOMERS)
        )
        return tuple(CustomerValue(name, n, int(total)) for name, n, total in rows)

    async def effort(self, query: FigureQuery) -> tuple[ServiceEffort, ...]:
        """Per service, for the jobs invoiced in the period: net revenue, tracked minutes and
        on-site visits by area (the drives are added from the travel table)."""
        inv = self._invoices.c
        net = func.sum(inv.net)
        revenue = await self._session.execute(
            select(JobRow.service_code, net)
            .join(JobRow, JobRow.id == inv.job_id)
            .where(self._billed(query))
            .group_by(JobRow.service_code)
            .order_by(net.desc(), JobRow.service_code)
        )
        jobs = select(inv.job_id).where(self._billed(query))
        span = self._sql.seconds(TimeEntryRow.end_at) - self._sql.seconds(TimeEntryRow.start_at)
        tracked = await self._session.execute(
            select(JobRow.service_code, func.sum(span))
            .join(JobRow, JobRow.id == TimeEntryRow.job_id)
            .where(TimeEntryRow.end_at.is_not(None), TimeEntryRow.job_id.in_(jobs))
            .group_by(JobRow.service_code)
        )
        minutes = {code: round(float(seconds) / 60) for code, seconds in tracked}
        visits = await self._session.execute(
            select(JobRow.service_code, AppointmentRow.area, func.count(AppointmentRow.id))
            .join(JobRow, JobRow.id == AppointmentRow.job_id)
            .where(
                AppointmentRow.mode == str(VisitMode.ON_SITE),
                AppointmentRow.cancelled_at.is_(None),
                AppointmentRow.area.is_not(None),
                AppointmentRow.job_id.in_(jobs),
            )
            .group_by(JobRow.service_code, AppointmentRow.area)
        )
        by_service: dict[str, list[Tally]] = {}
        for code, area, n in visits:
            by_service.setdefault(code, []).append(Tally(str(area), n))
        return tuple(
            ServiceEffort(code, int(cents), minutes.get(code, 0), tuple(by_service.get(code, [])))
            for code, cents in revenue
        )

    async def entries(self, query: FigureQuery) -> list[InvoiceEntry]:
        """The invoices issued in the period, in number order, for the accountant."""
        inv = self._invoices.c
        rows = await self._session.execute(
            select(
                inv.number,
                inv.issued_at,
                JobRow.reference,
                CustomerRow.name,
                JobRow.service_code,
                inv.status,
                inv.net,
                inv.vat,
            )
            .join(JobRow, JobRow.id == inv.job_id)
            .join(CustomerRow, CustomerRow.id == inv.customer_id)
            .where(self._billed(query))
            .order_by(inv.number)
        )
        return [InvoiceEntry(*row) for row in rows]


def _sum(pairs: list[Pair], side: int) -> Amounts:
    return Amounts("total", sum(p[side].net for p in pairs), sum(p[side].vat for p in pairs))

"""Figures about money: revenue invoiced and paid, unpaid invoices by age, what each customer
has paid, and the time each service's jobs took."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Subquery, and_, case, func, literal, select
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
from storage.tables import AppointmentRow, CustomerRow, InvoiceRow, JobRow, TimeEntryRow

Pair = tuple[Amounts, Amounts]  # invoiced, paid
# (service, area, month) and its (net, VAT, paid net, paid VAT)
Cell = tuple[tuple[str, str, str], tuple[int, int, int, int]]


class Money:
    def __init__(self, session: AsyncSession, spelling: Spelling) -> None:
        self._session = session
        self._sql = spelling

    @staticmethod
    def _billed(query: FigureQuery) -> Subquery:
        """The invoices issued in the period (paid or not yet)."""
        return invoice_totals(InvoiceRow.status.in_(BILLED), in_period(query, InvoiceRow.issued_at))

    async def revenue(self, query: FigureQuery) -> Revenue:
        """Summed in the database by service, area and month together (a few hundred rows at
        most), then added up along each of the three here."""
        inv = self._billed(query).c
        # The month's position, not its name: a narrow key to group on.
        month = case(
            *(
                (and_(inv.issued_at >= a, inv.issued_at < b), i)
                for i, (_, a, b) in enumerate(query.months)
            ),
            else_=-1,
        )
        area = func.coalesce(JobRow.area, NO_AREA)
        rows = await self._session.execute(
            select(
                JobRow.service_code,
                area,
                month,
                func.sum(inv.net),
                func.sum(inv.vat),
                func.sum(paid_only(inv.net, inv.status)),
                func.sum(paid_only(inv.vat, inv.status)),
            )
            .join(JobRow, JobRow.id == inv.job_id)
            .group_by(JobRow.service_code, area, month)
        )
        names = [name for name, _, _ in query.months]
        cells: list[Cell] = [
            ((code, place, names[when]), (int(n), int(v), int(pn), int(pv)))
            for code, place, when, n, v, pn, pv in rows
        ]
        by_month = {pair[0].label: pair for pair in _along(cells, 2)}
        everything = _along([(("total",) * 3, sums) for _, sums in cells], 0)
        invoiced, paid = everything[0] if everything else _nothing("total")
        return Revenue(
            invoiced,
            paid,
            tuple(_along(cells, 0)),
            tuple(_along(cells, 1)),
            tuple(by_month.get(m, _nothing(m)) for m, _, _ in query.months),
        )

    async def unpaid(self, query: FigureQuery) -> tuple[UnpaidAge, ...]:
        """Invoices issued and not marked paid, by how long ago they were issued (as of now)."""
        inv = invoice_totals(InvoiceRow.status == str(InvoiceStatus.ISSUED)).c
        ages = [
            (inv.issued_at > query.now - timedelta(days=days), label)
            for days, label in zip(UNPAID_AGES, unpaid_age_labels()[:-1], strict=True)
        ]
        age = case(*ages, else_=literal(unpaid_age_labels()[-1]))
        rows = await self._session.execute(
            select(age, func.count(inv.id), func.sum(inv.net + inv.vat)).group_by(age)
        )
        found = {label: (n, int(gross)) for label, n, gross in rows}
        return tuple(UnpaidAge(label, *found.get(label, (0, 0))) for label in unpaid_age_labels())

    async def customers(self, query: FigureQuery) -> Customers:
        """Customers with a job in the period, and how many of them had more than one so far:
        one pass over the jobs up to the period's end, grouped by customer."""
        served = func.max(case((in_period(query, JobRow.created_at), 1), else_=0))
        per_customer = (
            select(func.count(JobRow.id).label("jobs"))
            .where(JobRow.created_at < query.end)
            .group_by(JobRow.customer_id)
            .having(served == 1)
            .subquery()
        )
        returning = func.sum(case((per_customer.c.jobs > 1, 1), else_=0))
        counted = select(func.count(), func.coalesce(returning, 0)).select_from(per_customer)
        customers, returned = (await self._session.execute(counted)).one()
        return Customers(customers, int(returned), await self._top(query))

    async def _top(self, query: FigureQuery) -> tuple[CustomerValue, ...]:
        """Lifetime value: all a customer has paid up to the period's end, most first."""
        inv = invoice_totals(InvoiceRow.status == PAID, InvoiceRow.issued_at < query.end).c
        paid = func.sum(inv.net + inv.vat)
        best = (
            select(inv.customer_id, paid.label("paid"))
            .group_by(inv.customer_id)
            .order_by(paid.desc(), inv.customer_id)
            .limit(TOP_CUSTOMERS)
            .subquery()
        )
        jobs = (
            select(func.count(JobRow.id))
            .where(JobRow.customer_id == best.c.customer_id, JobRow.created_at < query.end)
            .scalar_subquery()
        )
        rows = await self._session.execute(
            select(CustomerRow.name, jobs, best.c.paid)
            .join(CustomerRow, CustomerRow.id == best.c.customer_id)
            .order_by(best.c.paid.desc(), best.c.customer_id)
        )
        return tuple(CustomerValue(name, n, int(total)) for name, n, total in rows)

    async def effort(
        self, query: FigureQuery, invoiced: Sequence[Amounts]
    ) -> tuple[ServiceEffort, ...]:
        """Per service, for the jobs invoiced in the period: net revenue (as `revenue` found it
        by service), tracked minutes and on-site visits by area (the drives are added from the
        travel table)."""
        jobs = select(InvoiceRow.job_id).where(
            InvoiceRow.status.in_(BILLED), in_period(query, InvoiceRow.issued_at)
        )
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
            ServiceEffort(
                a.label, a.net, minutes.get(a.label, 0), tuple(by_service.get(a.label, []))
            )
            for a in invoiced
        )

    async def entries(self, query: FigureQuery) -> list[InvoiceEntry]:
        """The invoices issued in the period, in number order, for the accountant: one pass of
        the invoices with their jobs and customers, only the columns the export needs, put in
        order here (a year's worth overflows the database's sort memory onto disk)."""
        inv = self._billed(query).c
        # On the session's connection: plain rows, without the ORM's per-row bookkeeping.
        connection = await self._session.connection()
        rows = await connection.execute(
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
        )
        return sorted(InvoiceEntry(*row) for row in rows.all())  # by number, unique once issued


def _along(cells: list[Cell], axis: int) -> list[Pair]:
    """The cells added up by one of their keys, most invoiced (VAT included) first."""
    sums: dict[str, list[int]] = {}
    for keys, values in cells:
        total = sums.setdefault(keys[axis], [0, 0, 0, 0])
        for i, value in enumerate(values):
            total[i] += value
    pairs = [(Amounts(k, n, v), Amounts(k, pn, pv)) for k, (n, v, pn, pv) in sums.items()]
    return sorted(pairs, key=lambda pair: (-pair[0].gross, pair[0].label))


def _nothing(label: str) -> Pair:
    return Amounts(label, 0, 0), Amounts(label, 0, 0)

"""Invoice numbers under concurrency: every issued invoice gets the next number, none twice,
none skipped, and an invoice is issued once even when two transactions try at the same time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal

import pytest

from domain.errors import InvoiceError
from domain.invoices import Invoice, InvoiceLine
from storage.unit_of_work import SqlUnitOfWork
from tests.support.records import T0, new_customer, new_job

UowFactory = Callable[[], SqlUnitOfWork]


async def a_draft(unit_of_work: UowFactory, job_id: int, customer_id: int) -> int:
    async with unit_of_work() as uow:
        draft = Invoice(job_id=job_id, customer_id=customer_id)
        draft.add_line(InvoiceLine("Remote support session", Decimal(1), 55_000))
        draft = await uow.invoices.add(draft)
        await uow.commit()
    assert draft.id is not None
    return draft.id


async def issue(unit_of_work: UowFactory, invoice_id: int) -> int | None:
    """The number it got, or None when another transaction had issued it."""
    async with unit_of_work() as uow:
        draft = await uow.invoices.get(invoice_id)
        assert draft is not None
        await asyncio.sleep(0)  # both read the draft before either issues it
        try:
            issued = await uow.invoices.issue(draft, T0)
        except InvoiceError:
            return None
        await uow.commit()
        return issued.number


@pytest.fixture
async def job(unit_of_work: UowFactory) -> tuple[int, int]:
    customer_id = await new_customer(unit_of_work)
    made = await new_job(unit_of_work, customer_id)
    assert made.id is not None
    return made.id, customer_id


async def test_invoices_issued_at_once_get_distinct_numbers_without_gaps(
    unit_of_work: UowFactory, job: tuple[int, int]
) -> None:
    drafts = [await a_draft(unit_of_work, *job) for _ in range(8)]
    numbers = await asyncio.gather(*(issue(unit_of_work, d) for d in drafts))
    assert sorted(n or 0 for n in numbers) == list(range(1, 9))


async def test_one_invoice_issued_twice_at_once_takes_one_number(
    unit_of_work: UowFactory, job: tuple[int, int]
) -> None:
    draft = await a_draft(unit_of_work, *job)
    numbers = await asyncio.gather(issue(unit_of_work, draft), issue(unit_of_work, draft))
    assert sorted(numbers, key=lambda n: n or 0) == [None, 1]
    async with unit_of_work() as uow:
        stored = await uow.invoices.get(draft)
    assert stored is not None and stored.number == 1
    assert await issue(unit_of_work, await a_draft(unit_of_work, *job)) == 2  # no gap

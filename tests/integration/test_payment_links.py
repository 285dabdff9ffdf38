"""Payment links in the database: each provider event kept once, and the reconciliation's
claim on open links, which two processes asking at once share without overlap."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.customers import Customer
from domain.invoices import Invoice, InvoiceLine
from domain.jobs import Actor, Job
from domain.payments import LinkState, PaymentLink
from storage.database import create_sessionmaker
from storage.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LINKS = 30


async def open_links(engine: AsyncEngine, count: int) -> None:
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        customer = await uow.customers.add(Customer("Thandi"))
        assert customer.id is not None
        job = Job(customer.id, "No internet", "remote-support")
        job.open(NOW, Actor.CUSTOMER)
        job = await uow.jobs.add(job)
        assert job.id is not None
        for n in range(count):
            line = InvoiceLine("Remote support", Decimal(1), 55000)
            invoice = await uow.invoices.add(Invoice(job.id, customer.id, [line]))
            issued = await uow.invoices.issue(invoice, NOW)
            assert issued.id is not None
            link = PaymentLink("yoco", f"pl_{n}", f"https://pay.test/{n}", 55000, issued.id)
            await uow.payments.add_link(link, NOW)
        await uow.commit()


async def claim(engine: AsyncEngine, at: datetime, limit: int = 10) -> list[str]:
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        links = await uow.payments.claim_unpaid_links("yoco", at - timedelta(days=1), at, limit)
        await uow.commit()
    return [link.link_id for link in links]


async def test_an_event_is_kept_once(engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        assert await uow.payments.first_event("yoco", "evt_1", NOW)
        assert not await uow.payments.first_event("yoco", "evt_1", NOW)
        assert await uow.payments.first_event("paystack", "evt_1", NOW)  # another's id space


async def test_an_open_link_is_asked_about_once_a_day_and_a_closed_one_never(
    engine: AsyncEngine,
) -> None:
    await open_links(engine, 2)
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.payments.set_link_state("yoco", "pl_1", LinkState.CLOSED)
        await uow.commit()

    assert await claim(engine, NOW) == ["pl_0"]
    assert await claim(engine, NOW + timedelta(hours=23)) == []
    assert await claim(engine, NOW + timedelta(hours=25)) == ["pl_0"]


async def test_two_processes_reconciling_at_once_share_the_links(engine: AsyncEngine) -> None:
    await open_links(engine, LINKS)
    rounds = await asyncio.gather(*(claim(engine, NOW, limit=7) for _ in range(6)))

    claimed = [link for found in rounds for link in found]
    assert len(claimed) == len(set(claimed))  # none asked about twice
    assert len(claimed) == LINKS

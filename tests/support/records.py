"""Records made straight through the repositories, for the storage tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from domain.customers import Channel, ChannelIdentity, Customer
from domain.jobs import Actor, Job
from storage.unit_of_work import SqlUnitOfWork

UowFactory = Callable[[], SqlUnitOfWork]
T0 = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)


async def new_customer(uow_factory: UowFactory, name: str = "Thandi Mokoena") -> int:
    async with uow_factory() as uow:
        customer = await uow.customers.add(
            Customer(
                name=name,
                phone="+27821234567" if name == "Thandi Mokoena" else None,
                identities=[ChannelIdentity(Channel.TELEGRAM, f"tg-{name}")],
            )
        )
        await uow.commit()
    assert customer.id is not None
    return customer.id


async def new_job(uow_factory: UowFactory, customer_id: int, **fields: object) -> Job:
    async with uow_factory() as uow:
        job = Job(customer_id=customer_id, problem="Printer offline", service_code="remote-support")
        for name, value in fields.items():
            setattr(job, name, value)
        job.open(T0, Actor.CUSTOMER, note="booked on Telegram")
        job = await uow.jobs.add(job)
        await uow.commit()
    return job

"""No double booking, enforced by the database on SQLite and Postgres."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from domain.appointments import Appointment, VisitMode
from domain.errors import SlotTaken
from tests.support.records import T0, UowFactory, new_customer, new_job

HOUR = timedelta(hours=1)


async def book(unit_of_work: UowFactory, job_id: int, offset: timedelta = timedelta()) -> bool:
    """One customer's confirmation: True when they got the time."""
    async with unit_of_work() as uow:
        try:
            await uow.appointments.add(
                Appointment(job_id, T0 + offset, T0 + offset + HOUR, VisitMode.REMOTE)
            )
        except SlotTaken:
            return False
        await uow.commit()
        return True


async def active(unit_of_work: UowFactory) -> list[Appointment]:
    async with unit_of_work() as uow:
        return list(await uow.appointments.between(T0 - 24 * HOUR, T0 + 24 * HOUR))


async def test_twenty_at_once_on_one_slot_give_exactly_one_appointment(
    unit_of_work: UowFactory,
) -> None:
    customer_id = await new_customer(unit_of_work)
    jobs = [await new_job(unit_of_work, customer_id) for _ in range(20)]
    outcomes = await asyncio.gather(*(book(unit_of_work, job.id or 0) for job in jobs))
    assert outcomes.count(True) == 1
    [appointment] = await active(unit_of_work)
    assert jobs[outcomes.index(True)].id == appointment.job_id


@pytest.mark.parametrize("minutes", [-55, -30, 0, 30, 55])
async def test_an_overlapping_time_is_refused(unit_of_work: UowFactory, minutes: int) -> None:
    customer_id = await new_customer(unit_of_work)
    first, second = [await new_job(unit_of_work, customer_id) for _ in range(2)]
    assert await book(unit_of_work, first.id or 0)
    assert not await book(unit_of_work, second.id or 0, timedelta(minutes=minutes))


async def test_back_to_back_appointments_are_fine(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    first, second = [await new_job(unit_of_work, customer_id) for _ in range(2)]
    assert await book(unit_of_work, first.id or 0)
    assert await book(unit_of_work, second.id or 0, HOUR)


async def test_a_refusal_leaves_the_transaction_usable(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    first, second = [await new_job(unit_of_work, customer_id) for _ in range(2)]
    assert await book(unit_of_work, first.id or 0)
    async with unit_of_work() as uow:
        with pytest.raises(SlotTaken):
            await uow.appointments.add(Appointment(second.id or 0, T0, T0 + HOUR, VisitMode.REMOTE))
        await uow.appointments.add(
            Appointment(second.id or 0, T0 + 2 * HOUR, T0 + 3 * HOUR, VisitMode.REMOTE)
        )
        await uow.commit()
    assert [a.job_id for a in await active(unit_of_work)] == [first.id, second.id]


async def test_moving_and_cancelling_free_the_old_time(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    first, second, third = [await new_job(unit_of_work, customer_id) for _ in range(3)]
    assert await book(unit_of_work, first.id or 0)
    async with unit_of_work() as uow:
        [mine] = await uow.appointments.for_job(first.id or 0)
        await uow.appointments.move(mine, T0 + 2 * HOUR, T0 + 3 * HOUR)
        await uow.commit()
    assert await book(unit_of_work, second.id or 0)  # the old time is free again
    assert not await book(unit_of_work, third.id or 0, 2 * HOUR)  # the new one is taken
    async with unit_of_work() as uow:
        [moved] = await uow.appointments.for_job(first.id or 0)
        assert moved.reschedules == 1
        await uow.appointments.cancel(moved, T0)
        await uow.commit()
    assert await book(unit_of_work, third.id or 0, 2 * HOUR)


async def test_a_move_onto_a_taken_time_leaves_the_appointment_where_it_was(
    unit_of_work: UowFactory,
) -> None:
    customer_id = await new_customer(unit_of_work)
    first, second = [await new_job(unit_of_work, customer_id) for _ in range(2)]
    assert await book(unit_of_work, first.id or 0)
    assert await book(unit_of_work, second.id or 0, 2 * HOUR)
    async with unit_of_work() as uow:
        [mine] = await uow.appointments.for_job(first.id or 0)
        with pytest.raises(SlotTaken):
            await uow.appointments.move(mine, T0 + 2 * HOUR, T0 + 3 * HOUR)
        await uow.commit()
    async with unit_of_work() as uow:
        [still] = await uow.appointments.for_job(first.id or 0)
    assert (still.start, still.reschedules) == (T0, 0)

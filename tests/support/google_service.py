"""The whole app with the technician's Google Calendar set up, pointed at the stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from domain.appointments import Appointment, VisitMode
from domain.customers import Customer
from domain.jobs import Actor, Job, JobStatus
from storage.database import create_engine, create_sessionmaker
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.google_calendar import FakeGoogleCalendar
from tests.support.clock import MovableClock


def google_settings(google: FakeGoogleCalendar) -> dict[str, Any]:
    """The settings that point the service at the stand-in, with a refresh token."""
    return {
        "google_client_id": google.client_id,
        "google_client_secret": google.client_secret,
        "google_refresh_token": google.refresh_token,
        "google_calendar_id": google.calendar_id,
        "google_api_base_url": google.api_url,
        "google_token_url": google.token_url,
    }


async def until(happened: Callable[[], bool], timeout: float = 20.0) -> None:  # noqa: ASYNC109
    """Wait for something the service does in the background (its writer polls every few
    seconds); fail saying so if it never happens."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not happened():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the service did not get there in time")
        await asyncio.sleep(0.05)


async def book_visits(database_url: str, clock: MovableClock, count: int) -> list[Appointment]:
    """Remote visits from tomorrow on, half an hour each, as a booking leaves them."""
    engine = create_engine(database_url)
    now, visits = clock.now(), []
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        customer = await uow.customers.add(Customer("Thandi Mokoena"))
        assert customer.id is not None
        for n in range(count):
            job = Job(customer.id, "No internet", "remote-support")
            job.open(now, Actor.CUSTOMER)
            job.transition(JobStatus.SCHEDULED, at=now, actor=Actor.CUSTOMER)
            job = await uow.jobs.add(job)
            assert job.id is not None
            start = now + timedelta(days=1, minutes=30 * n)
            end = start + timedelta(minutes=30)
            visits.append(
                await uow.appointments.add(Appointment(job.id, start, end, VisitMode.REMOTE))
            )
        await uow.commit()
    await engine.dispose()
    return visits

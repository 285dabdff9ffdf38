"""The queue of visits to write to the technician's Google Calendar (its stand-in): two service
processes write each visit once; a visit cancelled before it was written is never written; one
Google refuses for good is set aside and the technician told, once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.calendars.google_api import GoogleCalendarApi
from bot.calendars.google_tokens import AccessTokens, refresh_token_grant
from bot.scheduled.google_pusher import GooglePusher
from domain.appointments import Appointment, VisitMode
from domain.customers import Customer
from domain.jobs import Actor, Job, JobStatus
from storage.database import create_engine, create_sessionmaker
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.google_calendar import FakeGoogleCalendar
from tests.support.chat import outbox_after
from tests.support.clock import MovableClock
from tests.support.scene import ADMIN, BUSINESS, OutboxOnly

SAST = ZoneInfo("Africa/Johannesburg")


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


@asynccontextmanager
async def pusher(
    database_url: str, google: FakeGoogleCalendar, clock: MovableClock
) -> AsyncIterator[GooglePusher]:
    """One service process's writer."""
    grant = refresh_token_grant(google.client_id, google.client_secret, google.refresh_token)
    api = GoogleCalendarApi(
        AccessTokens(google.token_url, grant), google.api_url, google.calendar_id
    )
    engine = create_engine(database_url)
    yield GooglePusher(
        create_sessionmaker(engine),
        api,
        clock=clock,
        business=BUSINESS,
        zone=SAST,
        admins=(ADMIN,),
        outlet=OutboxOnly(),
    )
    await api.close()
    await engine.dispose()


def inserts(google: FakeGoogleCalendar) -> list[str]:
    return [call for call in google.calls if call.startswith("POST /calendars/")]


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_two_processes_write_each_visit_once(database_url: str, clock: MovableClock) -> None:
    await book_visits(database_url, clock, 30)
    async with (
        FakeGoogleCalendar() as google,
        pusher(database_url, google, clock) as one,
        pusher(database_url, google, clock) as other,
    ):
        await asyncio.gather(one.run(), other.run())
    assert len(google.ours()) == 30
    assert len(inserts(google)) == 30  # none written twice, none patched after a 409


async def test_a_visit_cancelled_before_it_was_written_is_never_written(
    database_url: str, clock: MovableClock
) -> None:
    first, second = await book_visits(database_url, clock, 2)
    engine = create_engine(database_url)
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.appointments.cancel(second, clock.now())
        await uow.commit()
    await engine.dispose()
    async with FakeGoogleCalendar() as google, pusher(database_url, google, clock) as writer:
        await writer.run()
    [event] = google.ours()
    assert event["extendedProperties"]["private"]["burbgigzVisit"] == str(first.id)
    assert len(inserts(google)) == 1


async def test_a_visit_google_refuses_is_set_aside_and_told_once(
    database_url: str, clock: MovableClock
) -> None:
    await book_visits(database_url, clock, 1)
    async with FakeGoogleCalendar() as google, pusher(database_url, google, clock) as writer:
        google.refuse_writes = True
        await writer.run()
        await writer.run()
    assert len(inserts(google)) == 1  # not asked again
    engine = create_engine(database_url)
    told = await outbox_after(create_sessionmaker(engine), 0)
    await engine.dispose()
    assert [m.text for _, m in told if m.recipient == ADMIN.address] == [
        "Google Calendar refused BG-1001's visit: the event was refused (400)."
    ]

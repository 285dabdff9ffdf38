"""The queue of visits to write to the technician's Google Calendar (its stand-in): two service
processes write each visit once; a visit cancelled before it was written is never written; one
Google refuses for good is set aside and the technician told, once; Google is asked with no
transaction open, so a visit cancelled meanwhile is removed the next round, and rows claimed by
a process that died are written once their lease ends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from zoneinfo import ZoneInfo

import pytest

from bot.calendars.google_api import GoogleCalendarApi
from bot.calendars.google_tokens import AccessTokens, refresh_token_grant
from bot.scheduled.google_pusher import LEASE, GooglePusher
from storage.database import create_engine, create_sessionmaker
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.google_calendar import FakeGoogleCalendar
from tests.support.chat import outbox_after
from tests.support.clock import MovableClock
from tests.support.google_service import book_visits, until
from tests.support.scene import ADMIN, BUSINESS, OutboxOnly

SAST = ZoneInfo("Africa/Johannesburg")


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


async def test_a_visit_cancelled_while_google_is_asked_is_removed_the_next_round(
    database_url: str, clock: MovableClock
) -> None:
    [visit] = await book_visits(database_url, clock, 1)
    async with FakeGoogleCalendar() as google, pusher(database_url, google, clock) as writer:
        google.delay = 1.0
        writing = asyncio.create_task(writer.run())
        await until(lambda: bool(inserts(google)))  # Google is being asked; nothing is locked
        engine = create_engine(database_url)
        async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
            await uow.appointments.cancel(visit, clock.now())
            await uow.commit()
        await engine.dispose()
        await writing
        assert len(google.ours()) == 1  # written as it stood when claimed
        google.delay = 0.0
        await writer.run()
    assert google.ours() == []


async def test_visits_claimed_by_a_process_that_died_are_written_once_its_lease_ends(
    database_url: str, clock: MovableClock
) -> None:
    await book_visits(database_url, clock, 2)
    engine = create_engine(database_url)
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:  # claimed, then the process died
        assert len(await uow.google_events.claim_due(clock.now(), 20, LEASE)) == 2
        await uow.commit()
    await engine.dispose()
    async with FakeGoogleCalendar() as google, pusher(database_url, google, clock) as writer:
        await writer.run()
        assert google.ours() == []  # still the dead process's
        clock.advance(seconds=LEASE.total_seconds())
        await writer.run()
        await writer.run()
    assert len(google.ours()) == 2
    assert len(inserts(google)) == 2  # done once taken over: not written again

"""The whole app with the technician's Google Calendar (its stand-in): busy times there are not
offered in the web chat; a booking is written there as an event, moved and removed with it; when
Google does not answer, the last busy times stand, the booking is written when it is back, and
the technician is told once; while Google is slow (writing visits, or asked at a confirmation),
other chat turns are answered all the same."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_aiohttp import AiohttpServer

from bot.app import build_app
from domain.business import BusinessConfig
from tests.stubs.google_calendar import FakeGoogleCalendar
from tests.stubs.service_process import free_port
from tests.support.clock import MovableClock
from tests.support.google_service import book_visits, google_settings, until
from tests.support.web_service import WebChat, WebService, web_settings

SAST = ZoneInfo("Africa/Johannesburg")
DOWN = "Google Calendar isn't answering"


@pytest.fixture
async def google() -> AsyncIterator[FakeGoogleCalendar]:
    async with FakeGoogleCalendar() as google:
        yield google


@pytest.fixture
async def web(
    aiohttp_server: AiohttpServer,
    database_url: str,
    tmp_path: Path,
    clock: MovableClock,
    business: BusinessConfig,
    google: FakeGoogleCalendar,
) -> WebService:
    port = free_port()
    settings = web_settings(database_url, tmp_path / "files", port, **google_settings(google))
    server = await aiohttp_server(build_app(settings, business, clock=clock), port=port)
    return WebService(server, f"http://127.0.0.1:{port}")


async def remote_times(chat: WebChat) -> list[str]:
    """Start a remote booking; the times offered."""
    await chat.says("book")
    await chat.says("My laptop will not switch on")
    times = await chat.says("1")  # remote support
    return [option["label"] for option in times["options"]]


async def confirm(chat: WebChat, time_typed_or_chosen: str) -> str:
    """Choose or type the time, give the name, say yes; the booking's reference."""
    asked = await chat.says(time_typed_or_chosen)
    if asked["text"].startswith("What name"):
        await chat.says("Thandi")
    done = await chat.says("1", expect="Booked!")
    return str(done["text"].removeprefix("Booked! ").split(":")[0])


def starts(google: FakeGoogleCalendar) -> list[datetime]:
    return [datetime.fromisoformat(e["start"]["dateTime"]) for e in google.ours()]


async def test_busy_times_in_google_are_not_offered(
    web: WebService, google: FakeGoogleCalendar
) -> None:
    # Tuesday 24 November 2026, 10:00; the first remote times are 12:00 and 12:30.
    google.busy(datetime(2026, 11, 24, 12, tzinfo=SAST), datetime(2026, 11, 24, 13, tzinfo=SAST))
    async with web.browser_session() as customer:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        offered = await remote_times(chat)
        await chat.close()
    assert offered[:2] == ["Tue 24 Nov, 13:00", "Tue 24 Nov, 13:30"]


async def test_a_time_taken_in_google_meanwhile_is_refused_at_confirmation(
    web: WebService, google: FakeGoogleCalendar
) -> None:
    async with web.browser_session() as customer:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        assert (await remote_times(chat))[0] == "Tue 24 Nov, 12:00"
        asked = await chat.says("1")
        if asked["text"].startswith("What name"):
            await chat.says("Thandi")
        # Within the minute the busy times are kept, the technician takes that hour.
        google.busy(
            datetime(2026, 11, 24, 12, tzinfo=SAST), datetime(2026, 11, 24, 13, tzinfo=SAST)
        )
        refused = await chat.says("1")  # yes, book it
        await chat.close()
    assert refused["text"].startswith("That time is already booked. The nearest free times")
    assert refused["options"][0]["label"] == "Tue 24 Nov, 13:00"


async def test_a_booking_is_written_moved_and_removed_in_google(
    web: WebService, google: FakeGoogleCalendar
) -> None:
    async with web.browser_session() as customer:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        await remote_times(chat)
        reference = await confirm(chat, "Friday 10am")
        await until(lambda: starts(google) == [datetime(2026, 11, 27, 10, tzinfo=SAST)])
        [event] = google.ours()
        assert event["summary"] == f"{reference} Remote support session - Thandi"
        assert event["start"]["timeZone"] == "Africa/Johannesburg"
        assert "laptop" not in str(event)  # the problem stays private

        await chat.says("my jobs")
        await chat.chooses(f"job.{reference}")
        await chat.chooses(f"change.move.{reference}")
        await chat.says("Monday 9am", expect="Move it")
        await chat.chooses(f"change.yes.{reference}", expect="Done")
        await until(lambda: starts(google) == [datetime(2026, 11, 30, 9, tzinfo=SAST)])

        await chat.chooses(f"job.{reference}")
        await chat.chooses(f"change.cancel.{reference}")
        await chat.chooses(f"change.yes.{reference}", expect="Called off")
        await until(lambda: google.ours() == [])
        await chat.close()


async def test_while_google_is_down_the_last_busy_times_stand_and_the_booking_waits(
    web: WebService, google: FakeGoogleCalendar, clock: MovableClock
) -> None:
    google.busy(datetime(2026, 11, 24, 12, tzinfo=SAST), datetime(2026, 11, 24, 13, tzinfo=SAST))
    async with web.browser_session() as customer, web.browser_session() as technician:
        await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        assert (await remote_times(chat))[0] == "Tue 24 Nov, 13:00"  # Google answered
        await chat.says("menu")

        await google.refuse_connections()
        clock.advance(minutes=5)  # the busy times kept are old now
        offered = await remote_times(chat)
        assert offered[0] == "Tue 24 Nov, 13:00"  # the last ones stand
        reference = await confirm(chat, "1")
        await console.sees(DOWN)
        await google.listen_again()
        google.down = True  # now it answers, but only "503"
        tried = len(google.calls)
        clock.advance(minutes=5)  # past the first retry's wait
        await until(lambda: len(google.calls) > tried)
        assert google.ours() == []

        google.down = False
        clock.advance(minutes=30)
        await until(lambda: len(google.ours()) == 1)
        await console.sees("Google Calendar answers again")
        told = [m for m in console.answers() if m["text"].startswith(DOWN)]
        await chat.close()
        await console.close()
    assert str(google.ours()[0]["summary"]).startswith(reference)
    assert starts(google) == [datetime(2026, 11, 24, 13, tzinfo=SAST)]
    assert len(told) == 1


async def test_a_chat_turn_is_answered_while_google_is_slow_to_take_the_visits(
    web: WebService, google: FakeGoogleCalendar, database_url: str, clock: MovableClock
) -> None:
    # Five visits of 4 s each: longer together than a turn waits for the database's lock.
    await book_visits(database_url, clock, 5)
    google.delay = 4.0
    await until(lambda: any(call.startswith("POST /calendars/") for call in google.calls))
    async with web.browser_session() as customer:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        answer = await chat.says("menu")  # meanwhile the writer waits on Google
        await chat.close()
    assert answer["options"]


async def test_while_google_is_asked_at_a_confirmation_other_chats_are_answered(
    web: WebService, google: FakeGoogleCalendar
) -> None:
    async with web.browser_session() as booking, web.browser_session() as other:
        await booking.get("/")
        await other.get("/")
        chat = await WebChat(booking, web.url).open()
        elsewhere = await WebChat(other, web.url).open()
        await remote_times(chat)
        asked = await chat.says("1")
        if asked["text"].startswith("What name"):
            await chat.says("Thandi")
        google.delay = 4.0  # Google is slow to give the busy times at confirmation
        confirming = asyncio.create_task(chat.says("1", expect="Booked!"))
        await until(lambda: google.answering > 0)
        answer = await elsewhere.says("menu")
        still_asking = google.answering > 0  # answered without waiting for Google
        booked = await confirming
        await chat.close()
        await elsewhere.close()
    assert answer["options"] and still_asking
    assert booked["text"].startswith("Booked! ")

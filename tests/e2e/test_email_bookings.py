"""A customer's bookings by e-mail, through the SMTP stand-in: the confirmation in text and
HTML with a calendar invitation at the right local time, the same invitation updated when the
booking moves and cancelled when it is called off. The clock stands at Tuesday 24 November
2026, 10:00 in Johannesburg."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Component

from bot.keys import SESSIONS
from domain.appointments import Appointment
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.smtp_relay import FakeSmtpRelay
from tests.support.email_service import EMAIL_FROM, invitation, prove_address
from tests.support.twilio_service import THANDI, Service

SAST = ZoneInfo("Africa/Johannesburg")
ADDRESS = "thandi@example.com"


async def visit_of(service: Service, reference: str) -> Appointment:
    async with SqlUnitOfWork(service.client.app[SESSIONS]) as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        [visit] = [a for a in await uow.appointments.for_job(job.id) if a.cancelled_at is None]
        return visit


def sequence_of(event: Component) -> int:
    return int(str(event["SEQUENCE"]))


def local(value: datetime) -> str:
    return f"{value.astimezone(SAST):%Y-%m-%d %H:%M}"


async def test_a_booking_is_confirmed_by_email_with_its_invitation(
    mailing: Service, relay: FakeSmtpRelay
) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)

    reference = await mailing.book(THANDI)

    [_code, confirmation] = await relay.wait_for(ADDRESS, 2)
    mail = confirmation.message
    assert str(mail["From"]) == EMAIL_FROM
    assert str(mail["Reply-To"]) == "BurbGigz IT Support <hello@burbgigz.co.za>"
    assert str(mail["Subject"]).startswith(f"{reference}: ")
    assert "List-Unsubscribe" not in mail  # a confirmation is part of the deal
    text, html = confirmation.text(), confirmation.html()
    assert text.startswith(f"Booked! {reference}: Remote support session")
    assert "To reach us in chat, open https://burbgigz.test" in text
    assert f"Booked! {reference}" in html and 'href="https://burbgigz.test/s/' in html
    method, calendar = invitation(confirmation)
    assert method == "REQUEST" and calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    visit = await visit_of(mailing, reference)
    start = event.decoded("DTSTART")
    assert str(event["DTSTART"].params["TZID"]) == "Africa/Johannesburg"
    assert start == visit.start and local(start) == local(visit.start)
    assert f"{visit.start.astimezone(SAST):%H:%M}" in text  # the hour the chat said
    assert event["UID"] == f"{reference}@burbgigz.test" and event["SEQUENCE"] == 0
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]


async def book_friday_at_ten(service: Service) -> str:
    """A remote session on Friday 27 November at 10:00, well ahead: free to move or cancel."""
    for words in ("book", "My laptop will not switch on", "1"):
        await service.texts(THANDI, words)
    asked = await service.texts(THANDI, "Friday 10am")
    if asked.body.startswith("What name"):
        await service.texts(THANDI, "Thandi")
    done = await service.texts(THANDI, "1")
    assert done.body.startswith("Booked! BG-"), done.body
    return done.body.removeprefix("Booked! ").split(":")[0]


async def test_a_move_updates_the_invitation_and_a_cancel_withdraws_it(
    mailing: Service, relay: FakeSmtpRelay
) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)
    reference = await book_friday_at_ten(mailing)
    [_code, booked] = await relay.wait_for(ADDRESS, 2)

    for words in ("my jobs", "1", "1", "Monday 9am"):  # the booking, move it, when
        await mailing.texts(THANDI, words)
    done = await mailing.texts(THANDI, "1")  # yes, move it
    assert done.body.startswith(f"Done: {reference} is now on Mon 30 Nov, 09:00."), done.body

    [*_, moved] = await relay.wait_for(ADDRESS, 3)
    assert moved.text().startswith(f"{reference} has moved: Remote support session is now on")
    method, calendar = invitation(moved)
    [before] = invitation(booked)[1].walk("VEVENT")
    [after] = calendar.walk("VEVENT")
    assert method == "REQUEST" and after["UID"] == before["UID"]
    assert sequence_of(after) > sequence_of(before)
    assert local(after.decoded("DTSTART")) == "2026-11-30 09:00"

    for words in ("my jobs", "1", "2"):  # the booking, call it off
        await mailing.texts(THANDI, words)
    await mailing.texts(THANDI, "1")  # yes, call it off

    [*_, cancelled] = await relay.wait_for(ADDRESS, 4)
    method, calendar = invitation(cancelled)
    [event] = calendar.walk("VEVENT")
    assert method == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED" and event["UID"] == before["UID"]
    assert sequence_of(event) > sequence_of(after)

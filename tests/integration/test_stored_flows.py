"""A flow already open in a stored conversation when a new version starts: the shapes the
earlier version wrote go on where they were; one this version cannot read is put aside with
a short note, never an error. The clock stands at Tuesday 24 November 2026, 10:00."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.customers import Channel
from storage.unit_of_work import SqlUnitOfWork
from tests.support.bookings import book_remote_support
from tests.support.chat import Person
from tests.support.clock import MovableClock
from tests.support.scene import ADMIN

NUMBER = "+27821234567"


async def store_state(
    unit_of_work: Callable[[], SqlUnitOfWork], clock: MovableClock, key: str, state: Any
) -> None:
    async with unit_of_work() as uow:
        await uow.conversations.lock(key, clock.now())
        await uow.conversations.save(key, state, clock.now())
        await uow.commit()


async def test_a_booking_stored_in_the_earlier_shape_goes_on_to_the_end(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
) -> None:
    thandi = person(Channel.SMS, NUMBER)
    await thandi.send("hi")  # she is known; her booking was open when the service restarted
    earlier_shape = {
        "name": "booking",
        "step": "address",
        "trail": ["problem", "service", "area"],
        "at": clock.now().isoformat(),
        "problem": "No Wi-Fi upstairs",
        "media": [["photo-1", "image/jpeg", "router.jpg"]],
        "service": "wifi-network-setup",
        "mode": "on_site",
        "area": "Lombardy East",
    }
    await store_state(unit_of_work, clock, f"sms:{NUMBER}", {"flow": earlier_shape})
    [times] = await thandi.send("12 Main Road")
    assert times.text.startswith("Here are the next free times (or type a day and time")
    [check] = await thandi.send("1")
    assert check.text.startswith("Please check: Wi-Fi and network set-up on Tue 24 Nov")
    assert check.text.endswith("at 12 Main Road, Lombardy East. Book it?")
    [booked] = await thandi.send("yes")
    assert booked.text.startswith("Booked! BG-")
    [told] = thandi.others
    assert "Problem: No Wi-Fi upstairs" in told.text
    assert [a.filename for a in told.attachments] == ["router.jpg"]
    reference = booked.text.removeprefix("Booked! ").split(":")[0]
    async with unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
    assert job is not None and (job.problem, job.address) == ("No Wi-Fi upstairs", "12 Main Road")


async def test_a_status_question_stored_in_the_earlier_shape_takes_its_answer(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
) -> None:
    reference = await book_remote_support(person(Channel.SMS, NUMBER, name=""), "Printer offline")
    technician = person(Channel.TELEGRAM, ADMIN.address, name="Tech")
    earlier_shape = {
        "name": "status_input",
        "ref": reference,
        "status": "on_the_way",
        "at": clock.now().isoformat(),
    }
    await store_state(unit_of_work, clock, f"telegram:{ADMIN.address}", {"flow": earlier_shape})
    [done] = await technician.send("20")
    assert done.text == f"{reference}: on the way. Told Thandi Mokoena on SMS."


async def test_a_stored_flow_this_version_cannot_read_is_put_aside_with_a_note(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
) -> None:
    thandi = person(Channel.SMS, NUMBER)
    await thandi.send("hi")
    no_such_step = {"name": "booking", "step": "payment", "at": clock.now().isoformat()}
    await store_state(unit_of_work, clock, f"sms:{NUMBER}", {"flow": no_such_step})
    [note, menu] = await thandi.send("Printer offline")
    assert note.text == (
        "I've lost track of where we were there, so I've put it aside. Let's go on from here."
    )
    assert menu.text.startswith("Sorry, I didn't catch that.")
    [greeting] = await thandi.send("hi")  # no flow open any more: a greeting is a greeting
    assert greeting.text.startswith("Hi Thandi!")

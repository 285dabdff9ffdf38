"""A web-chat customer gives a phone number at booking and proves it with the code sent to
it by SMS: they become one customer with that number's other channels (the records join, and
the technician's card says so), reachable by SMS. A wrong code is refused, SKIP books without
a number, a number only typed proves nothing, and codes to new numbers are capped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from domain.business import BusinessConfig
from domain.customers import Channel
from handlers.kernel.services import Services
from storage.files import LocalFileStore
from tests.support.bookings import book_remote_support, choose_service
from tests.support.chat import Person
from tests.support.clock import MovableClock
from tests.support.portal import code_in
from tests.support.scene import Scene, services_for

NUMBER = "+27821234567"


@pytest.fixture
def turn_services(tmp_path: Path, clock: MovableClock, business: BusinessConfig) -> Services:
    """Codes to numbers not yet proven go by SMS (a Twilio number is set up)."""
    services = services_for(clock, LocalFileStore(tmp_path), business=business)
    return replace(services, proving_channel=Channel.SMS)


async def _up_to_the_number(scene: Scene, web: Person) -> str:
    await choose_service(web, "remote-support")
    [asked] = await web.send("1")  # the first free time
    if asked.text.startswith("What name"):
        [asked] = await web.send("Thandi Mokoena")
    assert asked.text.startswith("And your mobile number?")
    return asked.text


async def _code_sent(web: Person, typed: str = "082 123 4567") -> str:
    [told] = await web.send(typed)
    assert told.text.startswith("We've sent a 6-digit code to 082 123 4567.")
    [sms] = web.others
    assert (sms.channel, sms.recipient) == (Channel.SMS, NUMBER)
    return code_in(sms.text)


async def test_a_proven_number_makes_the_web_customer_reachable_by_sms(scene: Scene) -> None:
    web = scene.person(Channel.WEB, "c-browser-1", name="")
    await _up_to_the_number(scene, web)
    code = await _code_sent(web)
    [wrong] = await web.send("000000" if code != "000000" else "111111")
    assert wrong.text.startswith("That code isn't right.")
    [summary] = await web.send(code)
    assert summary.text.startswith("Please check:")
    await web.send("yes")
    card = next(m for m in web.others if m.text.startswith("New booking"))
    assert card.text.endswith(f"Phone confirmed: {NUMBER}")
    async with scene.unit_of_work() as uow:
        me = await uow.customers.by_identity(Channel.WEB, "c-browser-1")
    assert me is not None and me.phone == NUMBER
    assert me.identity(Channel.SMS, NUMBER) is not None


async def test_proving_a_number_another_record_holds_joins_the_two(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    earlier = await book_remote_support(sms, "Printer offline")
    web = scene.person(Channel.WEB, "c-browser-2", name="")
    await _up_to_the_number(scene, web)
    await web.send(await _code_sent(web))
    [booked] = await web.send("yes")
    card = next(m for m in web.others if m.text.startswith("New booking"))
    assert "joined with the earlier record that had this number" in card.text
    [jobs] = await web.send("/jobs")
    assert earlier in jobs.text and booked.text.removeprefix("Booked! ").split(":")[0] in jobs.text
    async with scene.unit_of_work() as uow:
        one = await uow.customers.by_identity(Channel.WEB, "c-browser-2")
        same = await uow.customers.by_identity(Channel.SMS, NUMBER)
    assert one is not None and same is not None and one.id == same.id


async def test_skip_books_with_the_number_only_noted(scene: Scene) -> None:
    web = scene.person(Channel.WEB, "c-browser-3", name="")
    await _up_to_the_number(scene, web)
    await _code_sent(web)
    [summary] = await web.send("skip")
    assert summary.text.startswith("Please check:")
    await web.send("yes")
    card = next(m for m in web.others if m.text.startswith("New booking"))
    assert card.text.endswith(f"Phone given: {NUMBER} (typed, not confirmed)")
    async with scene.unit_of_work() as uow:
        me = await uow.customers.by_identity(Channel.WEB, "c-browser-3")
    assert me is not None and me.phone is None


async def test_a_code_proves_only_for_the_chat_it_was_asked_in(scene: Scene) -> None:
    asker = scene.person(Channel.WEB, "c-browser-4", name="")
    await _up_to_the_number(scene, asker)
    code = await _code_sent(asker)
    other = scene.person(Channel.WEB, "c-browser-5", name="")
    await _up_to_the_number(scene, other)
    [again] = await other.send("082 123 4567")  # a new code to the number: the first is void
    assert again.text.startswith("We've sent")
    [refused] = await other.send(code)
    assert "can't be used any more" in refused.text or "isn't right" in refused.text


async def test_codes_to_one_number_are_capped(scene: Scene) -> None:
    web = scene.person(Channel.WEB, "c-browser-6", name="")
    await _up_to_the_number(scene, web)
    for _ in range(3):
        await _code_sent(web)
    [capped] = await web.send("082 123 4567")
    assert capped.text.startswith("Sorry, we can't send another code just now.")
    assert web.others == []

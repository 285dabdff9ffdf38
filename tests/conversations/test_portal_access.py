"""'Open my portal' in a chat answers with a one-time sign-in link there and then; the
technician ends a customer's portal sessions with /signout and hands over a link with
/portallink (the embedded default's way in)."""

from __future__ import annotations

import re

from domain.customers import Channel
from handlers.customer.menu import PORTAL
from handlers.shared.accounts import spend_link
from tests.support.bookings import book_remote_support
from tests.support.portal import link_in
from tests.support.scene import Scene


async def _spend(scene: Scene, link: str) -> int | None:
    async with scene.unit_of_work() as uow:
        customer_id = await spend_link(uow, link.rsplit("/", 1)[1], scene.clock.now())
        if customer_id is not None:
            await uow.customer_sessions.open(
                customer_id, "h" * 64, scene.clock.now(), user_agent="", client_address=""
            )
        await uow.commit()
    return customer_id


async def test_open_my_portal_answers_with_a_link_in_the_chat(scene: Scene) -> None:
    thandi = scene.person()
    for asked in ("portal", "/portal", "open my portal"):
        [answer] = await thandi.send(asked)
        assert answer.text.startswith("Here's your portal")
        assert link_in(answer.text).startswith("https://burbgigz.test/portal/link/")
    [answer] = await thandi.send(option=PORTAL.id)
    link = link_in(answer.text)
    async with scene.unit_of_work() as uow:
        me = await uow.customers.by_identity(Channel.TELEGRAM, "5551")
    assert me is not None and await _spend(scene, link) == me.id
    assert await _spend(scene, link) is None  # once only
    scene.clock.advance(minutes=30)
    [later] = await thandi.send("portal")
    scene.clock.advance(minutes=30)
    assert await _spend(scene, link_in(later.text)) is None  # half an hour only


async def test_the_technician_ends_a_customers_sessions_and_hands_over_a_link(
    scene: Scene,
) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()
    [handed] = await technician.send(f"/portallink {reference}")
    assert handed.text.startswith("A sign-in link for Thandi Mokoena")
    await _spend(scene, link_in(handed.text))
    [ended] = await technician.send(f"/signout {reference}")
    assert ended.text == (
        "Ended 1 portal session(s) of Thandi Mokoena. They sign in again with a new code."
    )
    [none] = await technician.send("/signout BG-9999")
    assert none.text == "There is no job BG-9999."
    [nobody] = await technician.send("/signout 082 999 0000")
    assert re.match(r"No customer has the number \+27829990000\.", nobody.text)


async def test_a_number_shared_on_telegram_joins_its_record_and_the_technician_hears(
    scene: Scene,
) -> None:
    sms = scene.person(Channel.SMS, "+27821234567", name="")
    earlier = await book_remote_support(sms, "Printer offline")
    telegram = scene.person(address="5553", name="Thandi Mokoena")
    await telegram.send("hi")
    [thanks] = await telegram.send(phone="+27 82 123 4567")
    assert thanks.text.startswith("Thanks Thandi!")
    [told] = [m for m in telegram.others if "joined" in m.text]
    assert told.text.startswith("Thandi Mokoena shared +27821234567 on Telegram: joined")
    [jobs] = await telegram.send("/jobs")
    assert earlier in jobs.text

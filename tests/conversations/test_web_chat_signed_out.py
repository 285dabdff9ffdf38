"""A web chat signed out of the portal (the technician's /signout, or the customer's "sign
out everywhere") no longer hands out a sign-in link to whoever holds that browser: it says
how to sign in again by code. Other chats prove who writes, and still answer with a link."""

from __future__ import annotations

from domain.customers import Channel
from tests.support.bookings import book_remote_support
from tests.support.scene import Scene

SIGNED_OUT = (
    "This chat was signed out of your portal. To sign in again, open "
    "https://burbgigz.test/portal/sign-in and type your mobile number: we'll send you a code."
)


async def test_a_web_chat_signed_out_by_the_technician_hands_out_no_link(scene: Scene) -> None:
    web = scene.person(Channel.WEB, "cThandisBrowser")
    reference = await book_remote_support(web, "Printer offline")
    [before] = await web.send("open my portal")
    assert before.text.startswith("Here's your portal")

    await scene.technician().send(f"/signout {reference}")

    [after] = await web.send("open my portal")
    assert after.text == SIGNED_OUT
    assert "/portal/link/" not in after.text
    telegram = scene.person(Channel.TELEGRAM, "5552", name="Sipho")
    [other] = await telegram.send("open my portal")
    assert other.text.startswith("Here's your portal")

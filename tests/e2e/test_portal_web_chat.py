"""A web-chat customer, with SMS set up (the Twilio stand-in), on both databases: the booking
asks for a mobile number, the code reaches that phone by SMS, typed back it proves the number
(the technician's card says so); later the customer signs in on another browser with a code
sent by SMS to the same number, and the chat's own browser is signed in by its chat. The
technician's messages reach them by SMS (the web chat reaches no one off the page). A number
given at a booking whose code is never typed back gets no sign-in code."""

from __future__ import annotations

import aiohttp

from tests.support.portal import SAME_ANSWER, PortalVisitor, code_in
from tests.support.twilio_service import THANDI, Service, Start
from tests.support.web_service import WebChat

PLAIN = "http://burbgigz.test"  # http, so the test's browsers keep the cookies


async def _web_service(start: Start) -> tuple[Service, str]:
    service = await start(public_base_url=PLAIN)
    service.twilio.public_base_url = PLAIN
    return service, str(service.client.make_url("")).rstrip("/")


async def _sms_code(service: Service, before: int) -> str:
    [sms] = (await service.twilio.wait_for(before + 1, to=THANDI))[before:]
    return code_in(sms.body)


async def test_a_web_chat_customer_proves_a_number_and_signs_in_elsewhere(start: Start) -> None:
    service, url = await _web_service(start)
    async with aiohttp.ClientSession(url, cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        assert (await browser.get("/")).status == 200
        chat = await WebChat(browser, url).open()
        try:
            asked = await chat.books_until_the_number("My laptop will not switch on")
            assert asked["text"].startswith("And your mobile number?")
            told = await chat.says("082 123 4567")
            assert told["text"].startswith("We've sent a 6-digit code to 082 123 4567.")
            summary = await chat.says(await _sms_code(service, 0))
            assert summary["text"].startswith("Please check:")
            booked = await chat.says("1", expect="Booked!")
            reference = booked["text"].removeprefix("Booked! ").split(":")[0]
        finally:
            await chat.close()
        card = await service.technician_sees(f"New booking {reference}")
        assert f"Phone confirmed: {THANDI}" in card
        before = len(service.twilio.messages_to(THANDI))
        await service.technician_says(f"/say {reference} I'll call you at 10")
        [said] = (await service.twilio.wait_for(before + 1, to=THANDI))[before:]
        assert said.body == f"{reference}, from the technician: I'll call you at 10"

        by_chat = await browser.get("/portal/sign-in", allow_redirects=False)
        assert by_chat.status == 303  # the chat's browser is the customer's already

    visitor = PortalVisitor(service.client, url)
    before = len(service.twilio.messages_to(THANDI))
    status, _ = await visitor.ask_code("082 123 4567")
    assert status == 200
    signed_in = await visitor.enter_code(THANDI, await _sms_code(service, before))
    assert signed_in.status == 303
    page = await visitor.page_as(signed_in)
    assert page.status == 200 and "Signed in as Thandi" in await page.text()


async def test_a_number_given_in_the_web_chat_but_never_proven_gets_no_sign_in_code(
    start: Start,
) -> None:
    service, url = await _web_service(start)
    async with aiohttp.ClientSession(url, cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        assert (await browser.get("/")).status == 200
        chat = await WebChat(browser, url).open()
        try:
            await chat.books_until_the_number("My laptop will not switch on")
            told = await chat.says("082 123 4567")  # someone's number, its code never typed
            assert told["text"].startswith("We've sent a 6-digit code to 082 123 4567.")
        finally:
            await chat.close()
    await service.settled()
    [proof] = service.twilio.messages_to(THANDI)  # the code to prove it, and nothing since
    status, page = await PortalVisitor(service.client, url).ask_code("082 123 4567")
    assert status == 200 and SAME_ANSWER.format(number="082 123 4567") in page
    await service.settled()
    assert service.twilio.messages_to(THANDI) == [proof]

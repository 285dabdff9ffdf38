"""A web-chat customer in Debian's Chromium (Playwright), with SMS set up (the Twilio
stand-in), on SQLite and Postgres: they book in the chat, giving and proving a mobile number
with the code sent to it by SMS; on a second browser they sign in on /portal/sign-in with that
number and a code by SMS, and find their job and the whole conversation there; the
technician's message reaches them by SMS."""

from __future__ import annotations

import re

from playwright.async_api import Browser, expect

from tests.support.browser import PHONE
from tests.support.portal_story import base_of, books_in_the_web_chat_proving, signs_in_with_number
from tests.support.twilio_service import THANDI, Start

PLAIN = "http://burbgigz.test"  # http: the portal's cookie is not Secure, as on 127.0.0.1


async def test_a_web_chat_customer_finds_it_all_on_a_second_browser(
    start: Start, browser: Browser
) -> None:
    expect.set_options(timeout=10_000)
    service = await start(public_base_url=PLAIN)
    service.twilio.public_base_url = PLAIN
    first = await browser.new_context(viewport=PHONE)
    chat = await first.new_page()
    reference = await books_in_the_web_chat_proving(chat, service, "082 123 4567", THANDI)
    card = await service.technician_sees(f"New booking {reference}")
    assert f"Phone confirmed: {THANDI}" in card
    await first.close()

    second = await browser.new_context()
    page = await second.new_page()
    await signs_in_with_number(page, service, "082 123 4567", THANDI)
    await expect(page.get_by_role("link", name=re.compile(reference))).to_be_visible()
    await page.get_by_role("link", name="Talk to the technician").first.click()
    for text in ("My laptop will not switch on", "We've sent a 6-digit code", "Booked!"):
        await expect(page.locator(".message", has_text=text).first).to_be_visible()
    assert page.url.startswith(base_of(service))

    before = len(service.twilio.messages_to(THANDI))
    await service.technician_says(f"/say {reference} I'll call you at 10")
    [said] = (await service.twilio.wait_for(before + 1, to=THANDI))[before:]
    assert said.body == f"{reference}, from the technician: I'll call you at 10"
    await second.close()

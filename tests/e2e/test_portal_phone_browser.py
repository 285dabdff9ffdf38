"""The portal's story in Debian's Chromium (Playwright) for a customer who booked by SMS or on
WhatsApp, through the Twilio stand-in, on SQLite and Postgres: they sign in on /portal/sign-in
with their number and the code the stand-in brings them (by SMS, or on WhatsApp), see the job
change live when the technician marks it on the way, download the report, move the booking
(late: the technician's chat is asked) and book another and move it (the technician's chat
hears of both), and at last end that browser's session from another one, which signs it out.
The steps are tests/support/portal_story.py's, shared with the Telegram customer's story."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from domain.customers import Channel
from tests.support.browser import PHONE
from tests.support.clock import MovableClock
from tests.support.portal import customer_id_of
from tests.support.portal_story import (
    asks_to_move_late,
    books_and_moves_another,
    downloads_report,
    ended_from_another_browser,
    follows_on_the_way,
    signs_in_with_number,
)
from tests.support.twilio_service import THANDI, WA_THANDI, PhoneChannel, Service

CODE_GOES_TO = {"sms": THANDI, "whatsapp": WA_THANDI}


@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
async def test_a_phone_customer_signs_in_with_a_code_follows_moves_and_books(
    service: Service, browser: Browser, clock: MovableClock, backend: str, channel: PhoneChannel
) -> None:
    expect.set_options(timeout=10_000)
    reference = await service.book(THANDI, channel=channel)
    await service.settled()
    customer = await customer_id_of(service.client.app, Channel(channel), THANDI)
    context = await browser.new_context(viewport=PHONE, accept_downloads=True)
    page = await context.new_page()

    await signs_in_with_number(page, service, "082 123 4567", CODE_GOES_TO[channel])
    await asks_to_move_late(page, service, reference)
    await follows_on_the_way(page, service, reference)
    await downloads_report(page, service, reference, f"portal-job-{channel}-{backend}")
    await books_and_moves_another(page, service, clock, "BG-1002")
    await ended_from_another_browser(page, browser, service, customer)
    await context.close()

"""The portal in Debian's Chromium (Playwright), on SQLite and Postgres: a customer who booked
on Telegram taps "open my portal", signs in with the link, asks to move the booking (late:
the technician's chat is asked), sees the job change live when the technician marks it on
the way, downloads the report, books another visit and moves it (the technician's chat hears
of both), talks to the technician from the portal's chat with their Telegram messages shown
above, and at last ends that browser's session from another one, which signs it out. The
steps are tests/support/portal_story.py's (test_portal_phone_browser.py tells the same story
for SMS and WhatsApp). A screenshot of the job page goes to tests/artifacts/."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from domain.customers import Channel
from tests.support.browser import PHONE, say
from tests.support.clock import MovableClock
from tests.support.portal import customer_id_of
from tests.support.portal_pages import portal_link_in_telegram, relayed
from tests.support.portal_story import (
    asks_to_move_late,
    base_of,
    books_and_moves_another,
    downloads_report,
    ended_from_another_browser,
    follows_on_the_way,
)
from tests.support.telegram_service import CUSTOMER_CHAT, book_with_buttons, service_settled
from tests.support.twilio_service import Service


async def test_a_telegram_customer_follows_moves_and_books_in_the_portal(
    service: Service, browser: Browser, clock: MovableClock, backend: str
) -> None:
    expect.set_options(timeout=10_000)
    app, base = service.client.app, base_of(service)
    await book_with_buttons(service.client, CUSTOMER_CHAT, "+27821234567")
    await service_settled(app)
    customer = await customer_id_of(app, Channel.TELEGRAM, str(CUSTOMER_CHAT))
    context = await browser.new_context(viewport=PHONE, accept_downloads=True)
    page = await context.new_page()

    # "Open my portal" in the chat; the link is spent only by the tap on its page.
    await page.goto(base + await portal_link_in_telegram(service, CUSTOMER_CHAT))
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(base + "/portal")

    await asks_to_move_late(page, service, "BG-1001")
    await follows_on_the_way(page, service, "BG-1001")
    await downloads_report(page, service, "BG-1001", f"portal-job-{backend}")
    await books_and_moves_another(page, service, clock, "BG-1002")

    # Talking to the technician: the Telegram conversation is there, and the chat goes on.
    await page.get_by_role("link", name="Talk to the technician").first.click()
    await expect(
        page.locator(".message", has_text="[Telegram] Laptop will not boot")
    ).to_be_visible()
    await say(page, "Is the report final?")  # BG-1001 is under way: it goes to the technician
    await expect(page.locator(".message.mine", has_text="Is the report final?")).to_be_visible()
    await relayed(service, "Is the report final?")

    await ended_from_another_browser(page, browser, service, customer)
    await context.close()

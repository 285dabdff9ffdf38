"""The portal in Debian's Chromium (Playwright), on SQLite and Postgres: a customer who booked
on Telegram taps "open my portal", signs in with the link, asks to move the booking (late:
the technician's chat is asked), sees the job change live when the technician marks it on
the way, downloads the report, books another visit and moves it (the technician's chat hears
of both), talks to the technician from the portal's chat with their Telegram messages shown
above, and at last ends that browser's session from another one, which signs it out. A
screenshot of the job page goes to tests/artifacts/."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.async_api import Browser, Page, expect

from domain.customers import Channel
from tests.stubs.telegram_updates import callback_update, message_update
from tests.support.browser import ARTIFACTS, PHONE, say
from tests.support.clock import MovableClock
from tests.support.portal import customer_id_of, sign_in_browser
from tests.support.portal_pages import (
    portal_link_in_telegram,
    relayed,
    report_sent,
    technician_says,
    told_technician,
)
from tests.support.telegram_service import (
    ADMIN_CHAT,
    CUSTOMER_CHAT,
    book_with_buttons,
    service_settled,
)
from tests.support.twilio_service import Service


async def choose_time(page: Page, day: str, nth: int) -> str:
    """On a page of free times, another day's; the nth of them chosen. Its label."""
    await page.get_by_label("Or see the free times of a day").fill(day)
    await page.get_by_role("button", name="Show times").click()
    chosen = page.get_by_role("radio").nth(nth)
    await chosen.check()
    label = await chosen.locator("xpath=..").inner_text()  # the radio's own label
    return label.strip()


async def test_a_telegram_customer_follows_moves_and_books_in_the_portal(
    service: Service, browser: Browser, clock: MovableClock, backend: str
) -> None:
    expect.set_options(timeout=10_000)
    app, base = service.client.app, str(service.client.make_url("")).rstrip("/")
    await book_with_buttons(service.client, CUSTOMER_CHAT, "+27821234567")
    await service_settled(app)
    customer = await customer_id_of(app, Channel.TELEGRAM, str(CUSTOMER_CHAT))
    context = await browser.new_context(viewport=PHONE, accept_downloads=True)
    page = await context.new_page()

    # "Open my portal" in the chat; the link is spent only by the tap on its page.
    await page.goto(base + await portal_link_in_telegram(service, CUSTOMER_CHAT))
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(base + "/portal")
    await page.get_by_role("link", name=re.compile("BG-1001")).click()
    status = page.locator("#status")
    await expect(status).to_contain_text("scheduled")

    # Soon, so late: moving it asks the technician, and the booking stays meanwhile.
    await page.get_by_role("link", name="Move to another time").click()
    await expect(page.get_by_text("the technician is asked to approve")).to_be_visible()
    await page.get_by_role("button", name="Move it").click()
    await expect(page.get_by_role("status")).to_contain_text("asked the technician")
    await service_settled(app)
    assert told_technician(service, "asks to move BG-1001")

    # The technician, in Telegram, marks it on the way: the open page follows, unreloaded.
    await page.goto(base + "/portal/jobs/BG-1001")
    await expect(status).to_contain_text("scheduled")
    await page.evaluate("window.notReloaded = true")
    await technician_says(
        service,
        callback_update(ADMIN_CHAT, "status.BG-1001.on_the_way", message_id=810),
        message_update(ADMIN_CHAT, "20"),
    )
    await expect(status).to_contain_text("technician on the way")
    await expect(page.get_by_role("link", name="Move to another time")).to_have_count(0)
    assert await page.evaluate("window.notReloaded") is True

    await report_sent(service, "BG-1001")
    await expect(status.get_by_role("link", name=re.compile("Service report"))).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=ARTIFACTS / f"portal-job-{backend}.png", full_page=True)
    async with page.expect_download() as downloading:
        await status.get_by_role("link", name=re.compile("Service report")).click()
    download = await downloading.value
    assert download.suggested_filename.endswith("service-report.pdf")
    assert (await download.path()).read_bytes().startswith(b"%PDF")

    # Another visit, booked days ahead (outside the late window), then moved.
    later = (clock.now() + timedelta(days=6)).date().isoformat()
    await page.get_by_role("link", name="Book a visit").first.click()
    await page.get_by_label("What's going wrong?").fill("Printer will not print")
    await page.get_by_role("button", name="See free times").click()
    await choose_time(page, later, 0)
    await page.get_by_role("button", name="Book it").click()
    booked = page.get_by_role("status")
    await expect(booked).to_contain_text("BG-1002")
    await service_settled(app)
    assert told_technician(service, "New booking BG-1002")
    await page.get_by_role("link", name="Follow BG-1002").click()
    await page.get_by_role("link", name="Move to another time").click()
    label = await choose_time(page, later, 1)
    await page.get_by_role("button", name="Move it").click()
    await expect(page.get_by_role("status")).to_contain_text(f"BG-1002 is now on {label[:14]}")
    await service_settled(app)
    assert told_technician(service, "moved BG-1002")

    # Talking to the technician: the Telegram conversation is there, and the chat goes on.
    await page.get_by_role("link", name="Talk to the technician").first.click()
    await expect(
        page.locator(".message", has_text="[Telegram] Laptop will not boot")
    ).to_be_visible()
    await say(page, "Is the report final?")  # BG-1001 is under way: it goes to the technician
    await expect(page.locator(".message.mine", has_text="Is the report final?")).to_be_visible()
    await relayed(service, "Is the report final?")

    # From another signed-in browser, the customer ends this one's session: it is signed out.
    other = await browser.new_context(viewport=PHONE)
    await sign_in_browser(other, app, customer, base)
    elsewhere = await other.new_page()
    await elsewhere.goto(base + "/portal/sessions")
    first = elsewhere.locator("li.session").filter(has_not_text="(this browser)")
    await first.get_by_role("button", name=re.compile("End the session")).click()
    await page.goto(base + "/portal")
    await expect(page).to_have_url(re.compile("/portal/sign-in"))
    await other.close()
    await context.close()

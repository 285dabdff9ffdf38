"""The steps of the portal's browser story (Playwright), shared by the customers of every
channel: sign in with a number on /portal/sign-in, ask to move a booking (late: the technician
is asked), follow the job live while the technician marks it on the way, download the report,
book another visit and move it, and have the session ended from another browser."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.async_api import Browser, Page, expect

from tests.stubs.telegram_updates import callback_update, message_update
from tests.support.browser import ARTIFACTS, PHONE, say
from tests.support.clock import MovableClock
from tests.support.portal import code_in, sign_in_browser
from tests.support.portal_pages import report_sent, technician_says, told_technician
from tests.support.telegram_service import ADMIN_CHAT, service_settled
from tests.support.twilio_service import Service


def base_of(service: Service) -> str:
    return str(service.client.make_url("")).rstrip("/")


async def choose_time(page: Page, day: str, nth: int) -> str:
    """On a page of free times, another day's; the nth of them chosen. Its label."""
    await page.get_by_label("Or see the free times of a day").fill(day)
    await page.get_by_role("button", name="Show times").click()
    chosen = page.get_by_role("radio").nth(nth)
    await chosen.check()
    label = await chosen.locator("xpath=..").inner_text()  # the radio's own label
    return label.strip()


async def signs_in_with_number(page: Page, service: Service, typed: str, to: str) -> None:
    """On /portal/sign-in the customer types their number; the code the stand-in carries to
    `to` (an SMS number, or `whatsapp:` one) is typed back, and the portal opens."""
    base = base_of(service)
    before = len(service.twilio.messages_to(to))
    await page.goto(base + "/portal/sign-in")
    await page.get_by_label("Your phone number").fill(typed)
    await page.get_by_role("button", name="Send me a code").click()
    await expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    [sent] = (await service.twilio.wait_for(before + 1, to=to))[before:]
    await page.get_by_label("The six-digit code").fill(code_in(sent.body))
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(base + "/portal")


async def asks_to_move_late(page: Page, service: Service, reference: str) -> None:
    """From the portal's home, the job's page; moving it soon asks the technician."""
    await page.get_by_role("link", name=re.compile(reference)).click()
    await expect(page.locator("#status")).to_contain_text("scheduled")
    await page.get_by_role("link", name="Move to another time").click()
    await expect(page.get_by_text("the technician is asked to approve")).to_be_visible()
    await page.get_by_role("button", name="Move it").click()
    await expect(page.get_by_role("status")).to_contain_text("asked the technician")
    await service_settled(service.client.app)
    [asked] = told_technician(service, f"asks to move {reference}")
    assert "(from the portal" in asked, asked


async def follows_on_the_way(page: Page, service: Service, reference: str) -> None:
    """The technician, in Telegram, marks the job on the way: the open page follows,
    unreloaded, and no longer offers to move it."""
    await page.goto(f"{base_of(service)}/portal/jobs/{reference}")
    status = page.locator("#status")
    await expect(status).to_contain_text("scheduled")
    await page.evaluate("window.notReloaded = true")
    await technician_says(
        service,
        callback_update(ADMIN_CHAT, f"status.{reference}.on_the_way", message_id=810),
        message_update(ADMIN_CHAT, "20"),
    )
    await expect(status).to_contain_text("technician on the way")
    await expect(page.get_by_role("link", name="Move to another time")).to_have_count(0)
    assert await page.evaluate("window.notReloaded") is True


async def downloads_report(page: Page, service: Service, reference: str, shot: str) -> None:
    """The technician sends the report; the open job page links it, and it downloads. A
    screenshot of the page goes to tests/artifacts/`shot`.png."""
    status = page.locator("#status")
    await report_sent(service, reference)
    report = status.get_by_role("link", name=re.compile("Service report"))
    await expect(report).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=ARTIFACTS / f"{shot}.png", full_page=True)
    async with page.expect_download() as downloading:
        await report.click()
    download = await downloading.value
    assert download.suggested_filename.endswith("service-report.pdf")
    assert (await download.path()).read_bytes().startswith(b"%PDF")


async def books_and_moves_another(
    page: Page, service: Service, clock: MovableClock, reference: str
) -> None:
    """Another visit (`reference`), booked days ahead (outside the late window), then moved;
    the technician's chat hears of both."""
    later = (clock.now() + timedelta(days=6)).date().isoformat()
    await page.get_by_role("link", name="Book a visit").first.click()
    await page.get_by_label("What's going wrong?").fill("Printer will not print")
    await page.get_by_role("button", name="See free times").click()
    await choose_time(page, later, 0)
    await page.get_by_role("button", name="Book it").click()
    await expect(page.get_by_role("status")).to_contain_text(reference)
    await service_settled(service.client.app)
    [booked] = told_technician(service, f"New booking {reference}")
    assert "(from the portal" in booked, booked
    await page.get_by_role("link", name=f"Follow {reference}").click()
    await page.get_by_role("link", name="Move to another time").click()
    label = await choose_time(page, later, 1)
    await page.get_by_role("button", name="Move it").click()
    await expect(page.get_by_role("status")).to_contain_text(f"{reference} is now on {label[:14]}")
    await service_settled(service.client.app)
    [moved] = told_technician(service, f"moved {reference}")
    assert "(from the portal" in moved, moved


async def ended_from_another_browser(
    page: Page, browser: Browser, service: Service, customer: int
) -> None:
    """From another browser signed in as the customer, the session of `page` is ended: the
    page is signed out."""
    base = base_of(service)
    other = await browser.new_context(viewport=PHONE)
    await sign_in_browser(other, service.client.app, customer, base)
    elsewhere = await other.new_page()
    await elsewhere.goto(base + "/portal/sessions")
    first = elsewhere.locator("li.session").filter(has_not_text="(this browser)")
    await first.get_by_role("button", name=re.compile("End the session")).click()
    await expect(elsewhere.locator("li.session")).to_have_count(1)
    await page.goto(base + "/portal")
    await expect(page).to_have_url(re.compile("/portal/sign-in"))
    await other.close()


async def books_in_the_web_chat_proving(page: Page, service: Service, typed: str, to: str) -> str:
    """On the web chat's page, a remote support session booked, typing each answer; the
    mobile number asked for is proven with the code the stand-in carries to `to`. The job's
    reference."""
    answers = page.locator(".message:not(.mine)")

    async def answered(text: str, expect_text: str | None = None) -> str:
        before = await answers.count()
        await say(page, text)
        await expect(answers).not_to_have_count(before)
        if expect_text is not None:
            await expect(answers.last).to_contain_text(expect_text)
        return await answers.last.inner_text()

    await page.goto(base_of(service) + "/")
    await answered("book", "What's going wrong?")
    await answered("My laptop will not switch on")
    await answered("1")  # remote support
    asked = await answered("1")  # the first free time
    if "What name" in asked:
        asked = await answered("Thandi")
    assert "your mobile number" in asked, asked
    before = len(service.twilio.messages_to(to))
    await answered(typed, "We've sent a 6-digit code")
    [sent] = (await service.twilio.wait_for(before + 1, to=to))[before:]
    await answered(code_in(sent.body), "Please check:")
    booked = await answered("1", "Booked!")
    return booked.split("Booked! ")[1].split(":")[0]

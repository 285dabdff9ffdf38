"""The web side in a real browser (Debian's Chromium, driven by Playwright) against the real
app on SQLite and Postgres: a customer books in the web chat, the technician marks the job
on the way in the console, the customer's status page shows it without a reload, and a chat
message goes both ways. Screenshots of the three pages go to tests/artifacts/."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect

from tests.support.browser import ARTIFACTS, PHONE, say
from tests.support.web_service import ADMIN_TOKEN, LINK, WebService

# What a customer types is shown as text, never run: not in their chat, not in the console.
MARKUP = "<img src=x onerror=window.pwned=1>"


async def answer_to_last_message(page: Page, count_before: int) -> None:
    """Wait until the service has answered once more."""
    await expect(page.locator(".message:not(.mine)")).not_to_have_count(count_before)


async def test_book_follow_live_and_chat_both_ways(
    web: WebService, browser: Browser, backend: str
) -> None:
    expect.set_options(timeout=10_000)
    ARTIFACTS.mkdir(exist_ok=True)
    customer = await browser.new_context(viewport=PHONE)
    chat = await customer.new_page()
    await chat.goto(web.url + "/")
    answers = chat.locator(".message:not(.mine)")

    # The customer books with the buttons, typing only what has to be typed.
    await say(chat, "hi")
    await chat.get_by_role("button", name="Book a service").click()
    await expect(answers.last).to_contain_text("What's going wrong?")
    await say(chat, f"My laptop will not switch on {MARKUP}")
    await expect(answers.last.locator(".options button").first).to_be_visible()
    labels = await answers.last.locator(".options button").all_inner_texts()
    assert any("(from R1\u00a0200)" in label for label in labels), labels  # not split in two
    await answers.last.locator(".options button").first.click()  # remote support
    await expect(answers).to_have_count(4)
    await answers.last.locator(".options button").first.click()  # the first free time
    await expect(answers).to_have_count(5)
    if "What name" in await answers.last.inner_text():
        await say(chat, "Thandi <b>Mokoena</b>")
        await expect(answers).to_have_count(6)
    await answers.last.locator(".options button").first.click()  # yes, book it
    booked = chat.locator(".message", has_text="Booked!")
    await expect(booked).to_be_visible()
    confirmation = await booked.inner_text()
    reference = confirmation.split("Booked! ")[1].split(":")[0]
    found = LINK.search(confirmation)
    assert found, confirmation
    await chat.screenshot(path=ARTIFACTS / f"web-chat-{backend}.png", full_page=True)

    # The status page, opened from the link in the chat, and never reloaded.
    link = booked.get_by_role("link", name=found.group(1), exact=True)  # not its .ics
    assert await link.get_attribute("href") == found.group(1)
    async with customer.expect_page() as opened:
        await link.click(modifiers=["Control"])  # in a tab of its own, as a customer might
    status = await opened.value
    await status.wait_for_load_state()
    await expect(status.locator("#status")).to_contain_text(f"{reference}")
    await expect(status.locator(".job-status")).to_contain_text("scheduled")
    await status.evaluate("window.stillTheSamePage = true")

    # The technician signs in to the console and marks the job on the way.
    technician = await browser.new_context()
    console = await technician.new_page()
    await console.goto(web.url + "/admin")
    await console.get_by_label("Access code").fill(ADMIN_TOKEN)
    await console.get_by_role("button", name="Sign in").click()
    await expect(console.get_by_role("navigation", name="Quick commands")).to_be_visible()
    alert = console.locator(".message", has_text="New booking")
    await expect(alert).to_contain_text(f"Problem: My laptop will not switch on {MARKUP}")
    await console.get_by_role("button", name="/queue").click()
    await console.get_by_role("button", name=reference, exact=True).click()
    # The new-booking alert is a card with these buttons too: the job's fresh card is the last.
    on_my_way = console.get_by_role("button", name="On my way")
    await expect(on_my_way).to_have_count(2)
    await on_my_way.last.click()
    await expect(console.locator(".message").last).to_contain_text("How many minutes")
    await say(console, "20")
    await expect(console.locator(".message").last).to_contain_text("Told")

    # The status page follows, without a reload.
    await expect(status.locator(".job-status")).to_contain_text("technician on the way")
    await expect(status.locator(".job-status")).to_contain_text("arriving about")
    assert await status.evaluate("window.stillTheSamePage") is True
    await expect(chat.locator(".message").last).to_contain_text("on the way")

    # A message from the customer reaches the console; the technician's reply comes back.
    await say(chat, "Please use the side gate")
    relayed = console.locator(".message", has_text="Please use the side gate")
    await expect(relayed).to_contain_text(f"about {reference}")
    await relayed.get_by_role("button", name="Reply").click()
    await say(console, "Will do, see you soon")
    await expect(chat.locator(".message").last).to_contain_text(
        f"{reference} - technician: Will do, see you soon"
    )
    await expect(console.locator(".message").last).to_contain_text("Sent to")

    shots = {
        "web chat": ARTIFACTS / f"web-chat-{backend}.png",
        "status page": ARTIFACTS / f"status-page-{backend}.png",
        "console": ARTIFACTS / f"console-{backend}.png",
    }
    await chat.screenshot(path=shots["web chat"], full_page=True)
    await status.screenshot(path=shots["status page"], full_page=True)
    await console.screenshot(path=shots["console"], full_page=True)
    for page_name, path in shots.items():
        print(f"screenshot of the {page_name}: {path}")
    for shown in (chat, console):
        assert await shown.evaluate("window.pwned") is None
        assert await shown.locator(".message img").count() == 0
    await customer.close()
    await technician.close()

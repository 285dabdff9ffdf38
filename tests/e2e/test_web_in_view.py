"""The newest message is in view when it arrives, in the web chat and the console, on a
phone-sized and a desktop-sized window: never under the message box pinned to the bottom, its
option buttons never covered (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.support.browser import ARTIFACTS, DESKTOP, PHONE, say
from tests.support.web_service import ADMIN_TOKEN, WebService

# The newest message's bottom edge is on screen, above the message box, and each of its
# buttons is what a tap on its middle would reach.
NEWEST_IN_VIEW = """() => {
  const items = document.querySelectorAll("#messages .message");
  if (!items.length) return false;
  const newest = items[items.length - 1].getBoundingClientRect();
  const box = document.getElementById("composer").getBoundingClientRect();
  const reachable = (b) => {
    const r = b.getBoundingClientRect();
    return b.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
  };
  const buttons = [...items[items.length - 1].querySelectorAll("button")];
  return newest.bottom > 0 && newest.bottom <= Math.min(box.top, innerHeight) + 1
    && buttons.every(reachable);
}"""


async def newest_in_view(page: Page, after: str) -> None:
    try:
        await page.wait_for_function(NEWEST_IN_VIEW, timeout=3_000)
    except Exception as error:  # Playwright's timeout: say which message was hidden
        raise AssertionError(f"the newest message is out of view after {after}") from error


@pytest.mark.parametrize("window", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_the_newest_message_is_in_view_in_the_chat_and_the_console(
    web: WebService, browser: Browser, window: ViewportSize, backend: str
) -> None:
    expect.set_options(timeout=10_000)
    chat = await (await browser.new_context(viewport=window)).new_page()
    await chat.goto(web.url + "/")
    answers = chat.locator(".message:not(.mine)")
    await say(chat, "hi")
    await chat.get_by_role("button", name="Book a service").click()
    await expect(answers).to_have_count(2)
    await say(chat, "The Wi-Fi keeps dropping out")
    await expect(answers).to_have_count(3)
    await answers.last.get_by_role("button", name=re.compile("Wi-Fi")).click()  # on site
    await expect(answers).to_have_count(4)
    await newest_in_view(chat, "the area buttons")
    await answers.last.get_by_role("button", name="Sydenham").click()
    await expect(answers).to_have_count(5)
    await say(chat, "12 Main Road")
    await expect(answers).to_have_count(6)
    await newest_in_view(chat, "the free times")
    await answers.last.get_by_role("button").first.click()
    await say(chat, "Thandi Mokoena")
    await expect(answers.last.get_by_role("button", name="Choose another time")).to_be_visible()
    await newest_in_view(chat, "the summary with its buttons")
    await answers.last.get_by_role("button", name="Yes, book it").click()
    await expect(answers.last).to_contain_text("Booked!")
    await newest_in_view(chat, "the confirmation")

    console = await (await browser.new_context(viewport=window)).new_page()
    await console.goto(web.url + "/admin")
    await console.get_by_label("Access code").fill(ADMIN_TOKEN)
    await console.get_by_role("button", name="Sign in").click()
    await expect(console.locator(".message").last).to_contain_text("New booking")
    await newest_in_view(console, "the new booking's card")
    for command in ("/queue", "/today", "/help", "/queue"):
        await console.get_by_role("button", name=command).click()
    await expect(console.locator(".message").last).to_contain_text("Open jobs")
    await newest_in_view(console, "the queue")
    await console.locator(".message").last.get_by_role("button").first.click()
    await console.get_by_role("button", name="On my way").last.click()
    await say(console, "20")
    await expect(console.locator(".message").last).to_contain_text("Told")
    await newest_in_view(console, "the technician's answer")
    await expect(chat.locator(".message").last).to_contain_text("on the way")
    await newest_in_view(chat, "the technician's on the way")
    size = f"{window['width']}x{window['height']}"
    ARTIFACTS.mkdir(exist_ok=True)
    await chat.screenshot(path=ARTIFACTS / f"in-view-chat-{size}-{backend}.png")
    await console.screenshot(path=ARTIFACTS / f"in-view-console-{size}-{backend}.png")

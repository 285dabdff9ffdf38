"""The portal in Debian's Chromium (Playwright), on both databases: a Telegram customer asks
for their portal in the chat, opens the link and taps Sign in (opening it alone signs no one
in); from a second signed-in browser they end that first session, and the first browser is
signed out."""

from __future__ import annotations

import re

from playwright.async_api import Browser, expect
from yarl import URL

from domain.customers import Channel
from tests.support.browser import PHONE
from tests.support.portal import TelegramSite, customer_id_of, link_in, sign_in_browser
from tests.support.telegram_service import CUSTOMER_CHAT


async def test_sign_in_from_a_telegram_link_and_end_it_from_another_browser(
    telegram_site: TelegramSite, browser: Browser
) -> None:
    expect.set_options(timeout=10_000)
    site = telegram_site
    await site.says(CUSTOMER_CHAT, "hi")
    answer = await site.says(CUSTOMER_CHAT, "open my portal")
    link = link_in(answer)
    assert URL(link).origin() == URL(site.url).origin()

    phone = await browser.new_context(viewport=PHONE)
    first = await phone.new_page()
    await first.goto(link)
    await expect(first.get_by_role("heading", name="Sign in to your portal")).to_be_visible()
    await first.reload()  # opened twice (a preview, a second look): still not spent
    await first.get_by_role("button", name="Sign in").click()
    await expect(first.get_by_role("heading", name="Open jobs")).to_be_visible()  # /portal

    laptop = await browser.new_context()
    thandi = await customer_id_of(site.app, Channel.TELEGRAM, str(CUSTOMER_CHAT))
    await sign_in_browser(laptop, site.app, thandi, site.url)
    second = await laptop.new_page()
    await second.goto(site.url + "/portal/sessions")
    sessions = second.locator("li.session")
    await expect(sessions).to_have_count(2)
    other = sessions.filter(has_not_text="(this browser)")
    await other.get_by_role("button", name=re.compile("^End the session of")).click()
    await expect(sessions).to_have_count(1)

    await first.reload()
    await expect(first.get_by_role("heading", name="Sign in")).to_be_visible()
    assert URL(first.url).path == "/portal/sign-in"
    await first.goto(link)  # the link was used: it signs no one in again
    await expect(
        first.get_by_role("heading", name="This sign-in link no longer works")
    ).to_be_visible()

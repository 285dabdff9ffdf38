"""The web pages in Debian's Chromium through Playwright: the browser, the window sizes the
pages are tried at, where screenshots go, and typing into a chat page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, ViewportSize, async_playwright

from tests.stubs.databases import IN_CI

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
PHONE = ViewportSize(width=390, height=844)  # mobile first: the pages are tried at a phone's size
DESKTOP = ViewportSize(width=1280, height=720)


async def launched_browser() -> AsyncIterator[Browser]:
    """Chromium, for the `browser` fixture (skipped without it, but never under CI)."""
    if not CHROMIUM.exists():
        reason = f"no browser at {CHROMIUM}: apt-get install chromium (Debian's package)"
        if IN_CI:  # under CI the browser tests must run
            pytest.fail(reason)
        pytest.skip(reason)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"]
        )
        yield launched
        await launched.close()


async def say(page: Page, text: str) -> None:
    await page.get_by_label(re.compile("Your message|Command or message")).fill(text)
    await page.get_by_role("button", name="Send", exact=True).click()

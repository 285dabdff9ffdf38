"""The pages in the business's own look, from its business file: the name shown, the logo
(also the favicon), the colours and the contact details; the status page leads back to the
chat; the console's sign-in speaks the technician's words. Screenshots of each page, on a
phone and a desktop, go to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser, Response, ViewportSize
from pytest_aiohttp import AiohttpServer
from yarl import URL

from bot.app import build_app
from bot.business import load_business
from tests.stubs.service_process import free_port
from tests.support.browser import ARTIFACTS, DESKTOP, PHONE
from tests.support.clock import MovableClock
from tests.support.images import picture
from tests.support.web_service import ADMIN_TOKEN, WebChat, WebService, web_settings

BUNDLED = Path(__file__).parents[2] / "bot" / "default_business.toml"
LOGO = picture("PNG", (96, 96), "gold")


@pytest.fixture
async def branded(
    aiohttp_server: AiohttpServer, database_url: str, tmp_path: Path, clock: MovableClock
) -> WebService:
    """The app with a business file of its own: a name to show, a logo beside it, a light
    colour (on which white would not read)."""
    (tmp_path / "logo.png").write_bytes(LOGO)
    text = BUNDLED.read_text("utf-8")
    for old, new in (
        ('display_name = "BurbGigz IT Support"', 'display_name = "Thandeka\'s PC Care"'),
        ('# logo = "logo.png"', 'logo = "logo.png"'),
        ('colour = "#0b5cad"', 'colour = "#f2c200"'),
    ):
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "business.toml").write_text(text)
    port = free_port()
    settings = web_settings(database_url, tmp_path / "files", port)
    business = load_business(tmp_path / "business.toml")
    server = await aiohttp_server(build_app(settings, business, clock=clock), port=port)
    return WebService(server, f"http://127.0.0.1:{port}")


async def test_the_pages_wear_the_business_files_look(branded: WebService) -> None:
    async with branded.browser_session() as visitor:
        chat = await (await visitor.get("/")).text()
        assert "<title>Chat - Thandeka&#x27;s PC Care</title>" in chat
        assert '<p class="brand">Thandeka&#x27;s PC Care</p>' in chat
        assert (
            '<a href="tel:+27110000000">011 000 0000</a>' in chat and "hello@burbgigz.co.za" in chat
        )
        assert "Lombardy East, Johannesburg" in chat
        css = await visitor.get("/brand.css")
        # Ink, not white, on a light colour, and ink for links and outlined buttons on white;
        # the customer's own messages keep their colour.
        assert (
            "--accent: #f2c200; --on-accent: #1b1f23; --accent-text: #1b1f23; --mine: #e3efff;"
        ) in await css.text()
        for path in ("/brand/logo", "/favicon.ico"):
            logo = await visitor.get(path)
            assert (logo.status, logo.content_type) == (200, "image/png")
            assert await logo.read() == LOGO
        sign_in = await (await visitor.get("/admin")).text()
        assert '<label for="token">Access code</label>' in sign_in
        assert "Admin token" not in sign_in


async def test_the_status_page_leads_back_to_the_chat_and_tells_one_story(
    web: WebService,
) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        reference, link = await chat.book()
        page = await (await customer.get(URL(link).path)).text()
        assert '<a href="/">Questions, or a change? Chat with BurbGigz IT Support</a>' in page
        # A time is booked already: the first entry does not promise to confirm one.
        assert "request received" in page and "confirm a time" not in page
        assert "<p>Visit: Tue 24 Nov, 12:00</p>" in page
        await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        await console.says(f"/job {reference}")
        await console.send(option=f"status.{reference}.on_the_way")
        await console.says("20", expect="Told")
        page = await (await customer.get(URL(link).path)).text()
        # On the way, the ETA says when; no visit date beside it.
        assert "arriving about 10:20" in page and "Visit:" not in page
        await chat.close()
        await console.close()


@pytest.mark.parametrize("window", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_each_page_loads_whole_on_a_phone_and_a_desktop(
    branded: WebService, browser: Browser, window: ViewportSize, backend: str
) -> None:
    """Nothing a page asks for is missing (the logo, the favicon); a screenshot of each, in
    the branded look."""
    ARTIFACTS.mkdir(exist_ok=True)
    async with branded.browser_session() as customer:
        await customer.get("/")
        chat = await WebChat(customer, branded.url).open()
        _, link = await chat.book()
        await chat.close()
    context = await browser.new_context(viewport=window)
    failed: list[str] = []

    def note(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    context.on("response", note)
    page = await context.new_page()
    assert (await page.request.get(branded.url + "/favicon.ico")).ok  # which browsers ask for
    size = f"{window['width']}x{window['height']}"
    for name, path in (("chat", "/"), ("sign-in", "/admin"), ("status", URL(link).path)):
        await page.goto(branded.url + path)
        await page.wait_for_load_state("networkidle")
        await page.screenshot(path=ARTIFACTS / f"look-{name}-{size}-{backend}.png")
        assert await page.locator("header.site img.logo").evaluate("i => i.naturalWidth") > 0
        assert failed == [], (path, failed)
    await page.goto(branded.url + "/admin")
    await page.get_by_label("Access code").fill(ADMIN_TOKEN)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("button", name="/queue").click()
    await page.locator(".message", has_text="Open jobs").wait_for()
    await page.screenshot(path=ARTIFACTS / f"look-console-{size}-{backend}.png")
    assert failed == []
    await context.close()

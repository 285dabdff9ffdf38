"""The console as the technician's admin chat when Telegram is not set up: alerts arrive
there, photos go both ways through the same media intake as other channels' files, and the
generated ADMIN_TOKEN is logged on the first start only."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import aiohttp
import pytest
from pytest_aiohttp import AiohttpServer
from yarl import URL

from bot.app import build_app
from bot.business import load_business
from tests.stubs.service_process import free_port
from tests.support.clock import MovableClock
from tests.support.images import shape
from tests.support.web_service import (
    PHOTO,
    WebChat,
    WebService,
    csrf_of,
    photo_form,
    stored,
    web_settings,
)


async def test_without_telegram_the_alerts_reach_the_console(web: WebService) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        await customer.get("/")
        reference, _ = await (chat := await WebChat(customer, web.url).open()).book()
        await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        alert = await console.sees(f"New booking {reference}")
        assert "(the web chat)" in alert["text"]
        await chat.close()
        await console.close()


async def test_photos_travel_both_ways_and_are_kept_with_the_job(web: WebService) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        page = await customer.get("/")
        customer_csrf = csrf_of(await page.text())
        chat = await WebChat(customer, web.url).open()
        reference, _ = await chat.book()
        csrf = await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()

        sent = await technician.post(
            "/admin/upload",
            data=photo_form(f"{reference} after", "photo-after-1"),
            headers={"X-CSRF-Token": csrf},
        )
        assert sent.status == 200
        shown = await chat.wait_for(lambda e: e.get("files") and e["files"][0].get("url"))
        fetched = await customer.get(URL(shown["files"][0]["url"]).path)
        assert fetched.status == 200 and shape(await fetched.read()) == shape(PHOTO)
        await console.sees(f"Stored 1 file on {reference}")

        await chat.says("talk")
        upload = await customer.post(
            "/upload",
            data=photo_form("the cable I mean", "photo-cable-1"),
            headers={"X-CSRF-Token": customer_csrf},
        )
        assert upload.status == 200
        relayed = await console.sees("the cable I mean")
        assert relayed["replyable"] and relayed["files"][0]["url"]
        await chat.close()
        await console.close()


async def test_a_photo_over_the_size_limit_is_refused(web: WebService) -> None:
    async with web.browser_session() as customer:
        csrf = csrf_of(await (await customer.get("/")).text())
        form = aiohttp.FormData()
        form.add_field("id", "photo-huge-1")
        form.add_field(
            "file",
            io.BytesIO(b"x" * (10 * 1024 * 1024 + 1)),
            filename="huge.jpg",
            content_type="image/jpeg",
        )
        response = await customer.post("/upload", data=form, headers={"X-CSRF-Token": csrf})
        assert response.status == 413
        assert "10 MB" in await response.text()


async def test_the_generated_admin_token_is_logged_on_the_first_start_only(
    aiohttp_server: AiohttpServer,
    database_url: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    port = free_port()
    settings = web_settings(database_url, tmp_path / "files", port, admin_token=None)
    seen = []
    for _ in range(2):
        caplog.clear()
        app = build_app(settings, load_business(None), clock=MovableClock())
        server = await aiohttp_server(app, port=free_port())
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as visitor:
            origin = str(server.make_url("")).rstrip("/")
            page = await visitor.post(
                server.make_url("/admin/sign-in"),
                data={"token": "nope"},
                headers={"Origin": origin},
            )
            assert page.status in (401, 403)
        seen.append([r.getMessage() for r in caplog.records if "ADMIN_TOKEN" in r.getMessage()])
        await server.close()
    [first] = seen[0]
    assert first.startswith("generated ADMIN_TOKEN for the console: ")
    assert seen[1] == []


async def test_the_status_page_shows_visible_notes_and_files_but_not_private_ones(
    web: WebService,
) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        reference, link = await chat.book()
        csrf = await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        await console.says(f"/note {reference} visible Please have your charger ready")
        await console.says(f"/note {reference} Customer sounded unsure about the model")
        for caption in (f"{reference} after", f"{reference} private"):
            form = photo_form(caption, f"photo-{caption.split()[-1]}-1")
            sent = await technician.post("/admin/upload", data=form, headers={"X-CSRF-Token": csrf})
            assert sent.status == 200
            await console.wait_for(lambda e, c=caption: c in str(e.get("text")) and e["mine"])
        await console.wait_for(lambda _: len(stored(console)) == 2)
        html = await (await customer.get(URL(link).path)).text()
        assert "Please have your charger ready" in html
        assert "unsure about the model" not in html
        files = re.findall(r'href="([^"]*/f/[^"]+)"', html)
        assert len(files) == 1
        opened = await customer.get(URL(files[0]).path)
        assert opened.status == 200 and shape(await opened.read()) == shape(PHOTO)
        await chat.close()
        await console.close()


async def test_open_chat_pages_are_told_when_the_service_stops(web: WebService) -> None:
    async with web.browser_session() as customer:
        await customer.get("/")
        socket = await customer.ws_connect("/ws", origin=web.url)
        await web.server.close()
        frame = await socket.receive()
        assert frame.type is aiohttp.WSMsgType.CLOSE
        assert frame.data == aiohttp.WSCloseCode.GOING_AWAY

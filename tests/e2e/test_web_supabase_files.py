"""The web pages with FILES_BACKEND=supabase: pictures in the chat are Supabase's signed URLs,
and the pages' Content-Security-Policy lets the browser show them."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from pytest_aiohttp import AiohttpServer
from yarl import URL

from bot.app import build_app
from bot.business import load_business
from tests.stubs.service_process import free_port
from tests.stubs.supabase_storage import FakeStorage
from tests.support.clock import MovableClock
from tests.support.images import picture
from tests.support.web_service import WebChat, WebService, csrf_of, web_settings

KEY = "service-role-key-for-tests"


def img_sources(response: aiohttp.ClientResponse) -> list[str]:
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    return policy["img-src"].split()


async def test_pictures_from_supabase_are_allowed_by_the_pages_policy(
    aiohttp_server: AiohttpServer, database_url: str, tmp_path: Path, clock: MovableClock
) -> None:
    async with FakeStorage(key=KEY) as storage:
        port = free_port()
        settings = web_settings(
            database_url,
            tmp_path / "files",
            port,
            files_backend="supabase",
            supabase_url=storage.url,
            supabase_service_role_key=KEY,
        )
        app = build_app(settings, load_business(None), clock=clock)
        web = WebService(await aiohttp_server(app, port=port), f"http://127.0.0.1:{port}")
        async with web.browser_session() as customer, web.browser_session() as technician:
            page = await customer.get("/")
            chat = await WebChat(customer, web.url).open()
            await chat.says("talk")
            form = aiohttp.FormData()
            form.add_field("id", "photo-cable-1")
            form.add_field("caption", "the cable I mean")
            form.add_field("file", picture("PNG"), filename="cable.png", content_type="image/png")
            headers = {"X-CSRF-Token": csrf_of(await page.text())}
            assert (await customer.post("/upload", data=form, headers=headers)).status == 200

            await web.signed_in(technician)
            console_page = await technician.get("/admin")
            console = await WebChat(technician, web.url, "/admin/ws").open()
            relayed = await console.sees("the cable I mean")
            picture_origin = str(URL(relayed["files"][0]["url"]).origin())
            assert picture_origin == str(URL(storage.url).origin())
            assert picture_origin in img_sources(console_page)
            assert picture_origin in img_sources(page)
            await chat.close()
            await console.close()

"""The whole app with ESKOMSEPUSH_TOKEN set: a web chat customer booking a visit in Lombardy
East is not offered the hours its power is off, as EskomSePush's stand-in says."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pytest_aiohttp import AiohttpServer

from bot.app import build_app
from tests.stubs.eskomsepush_api import FakeEskomSePush
from tests.stubs.service_process import free_port
from tests.support.business import business_with_load_shedding_ids
from tests.support.clock import MovableClock
from tests.support.web_service import WebChat, WebService, web_settings

SAST = ZoneInfo("Africa/Johannesburg")
AREA_ID = "jhbcitypower2-8-lombardyeast"


async def test_on_site_times_skip_the_load_shedding_the_api_announces(
    aiohttp_server: AiohttpServer, database_url: str, tmp_path: Path, clock: MovableClock
) -> None:
    business = business_with_load_shedding_ids({"Lombardy East": AREA_ID})
    async with FakeEskomSePush(token="esp-secret") as esp:
        # Tuesday 24 November 2026; it is 10:00 and bookings need two hours' notice.
        esp.shed(
            AREA_ID,
            datetime(2026, 11, 24, 12, tzinfo=SAST),
            datetime(2026, 11, 24, 14, 30, tzinfo=SAST),
        )
        port = free_port()
        settings = web_settings(
            database_url,
            tmp_path / "files",
            port,
            eskomsepush_token="esp-secret",
            eskomsepush_api_base_url=esp.url,
        )
        server = await aiohttp_server(build_app(settings, business, clock=clock), port=port)
        web = WebService(server, f"http://127.0.0.1:{port}")
        async with web.browser_session() as customer:
            await customer.get("/")
            chat = await WebChat(customer, web.url).open()
            await chat.says("book")
            await chat.says("The printer won't print")
            await chat.says("2")  # an on-site call-out
            await chat.says("Lombardy East")
            times = await chat.says("12 Main Road", expect="free times")
            await chat.close()
        await server.close()
    offered = [option["label"] for option in times["options"]]
    assert offered[:2] == ["Tue 24 Nov, 14:30", "Tue 24 Nov, 15:00"]
    assert esp.calls == [AREA_ID]

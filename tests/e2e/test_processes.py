"""Two web processes on one Postgres (each app with its own engine and session connection, as
two processes would have): what one changes reaches the pages open on the other, and the
console's sign-in limit counts the attempts made on both."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_aiohttp import AiohttpServer
from yarl import URL

from bot.app import build_app
from bot.web import status_routes
from bot.wiring import TOGETHER
from domain.business import BusinessConfig
from tests.stubs.service_process import free_port
from tests.support.clock import MovableClock
from tests.support.web_service import (
    ADMIN_TOKEN,
    WebChat,
    WebService,
    next_event,
    web_settings,
)

ON_POSTGRES = pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)]
)


@pytest.fixture
async def two(
    aiohttp_server: AiohttpServer,
    database_url: str,
    tmp_path: Path,
    clock: MovableClock,
    business: BusinessConfig,
) -> tuple[WebService, WebService]:
    """Two processes on one database, each listening for the other's changes."""
    services = []
    for _ in range(2):
        port = free_port()
        settings = web_settings(database_url, tmp_path / "files", port)
        server = await aiohttp_server(build_app(settings, business, clock=clock), port=port)
        link = server.app[TOGETHER].link
        if link is not None:
            await link.ready.wait()
        services.append(WebService(server, f"http://127.0.0.1:{port}"))
    return services[0], services[1]


@ON_POSTGRES
async def test_a_change_made_through_one_process_reaches_a_status_page_open_on_the_other(
    two: tuple[WebService, WebService], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_routes, "LOOK_EVERY_SECONDS", 3600.0)  # only a notice wakes it
    a, b = two
    async with a.browser_session() as customer, a.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, a.url).open()
        reference, link = await chat.book()
        await a.signed_in(technician)
        console = await WebChat(technician, a.url, "/admin/ws").open()
        async with customer.get(b.url + URL(link).path + "/events") as stream:
            name, html = await next_event(stream)
            assert name == "update" and "scheduled" in html
            await console.says(f"/note {reference} visible Bring the charger")
            name, html = await next_event(stream)
            assert name == "update" and "Bring the charger" in html
        await chat.close()
        await console.close()


@ON_POSTGRES
async def test_web_chat_messages_reach_pages_open_on_the_other_process(
    two: tuple[WebService, WebService],
) -> None:
    a, b = two
    async with a.browser_session() as customer, b.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, a.url).open()
        await b.signed_in(technician)
        console = await WebChat(technician, b.url, "/admin/ws").open()  # open on the other
        reference, _ = await chat.book()
        await console.sees(f"New booking {reference}")
        await chat.says("talk")
        await chat.send(text="My printer jams on every page")
        relayed = await console.sees("My printer jams on every page")
        await console.send(text="Coming at two", reply_to=relayed["ref"])
        await chat.sees("Coming at two")
        assert len([e for e in console.answers() if "printer jams" in e["text"]]) == 1
        await chat.close()
        await console.close()


async def test_the_console_sign_in_limit_counts_attempts_on_both_processes(
    two: tuple[WebService, WebService],
) -> None:
    a, b = two
    async with a.browser_session() as visitor:
        for n in range(5):  # five wrong codes, in turn on each process
            web = (a, b)[n % 2]
            answer = await visitor.post(
                web.url + "/admin/sign-in", data={"token": "guess"}, headers={"Origin": web.url}
            )
            assert answer.status == 401
        for web in (a, b):  # now both refuse, even the right code
            answer = await visitor.post(
                web.url + "/admin/sign-in", data={"token": ADMIN_TOKEN}, headers={"Origin": web.url}
            )
            assert answer.status == 429

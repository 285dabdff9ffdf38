"""The console's sign-in limit behind a proxy: with TRUSTED_PROXY_HOPS=1 it counts per client
as the proxy saw it (so one stranger's wrong guesses do not lock the technician out), and
whatever a client writes into X-Forwarded-For itself changes nothing."""

from __future__ import annotations

from pathlib import Path

from pytest_aiohttp import AiohttpServer

from bot.app import build_app
from bot.business import load_business
from tests.stubs.service_process import free_port
from tests.support.clock import MovableClock
from tests.support.web_service import ADMIN_TOKEN, WebService, web_settings

STRANGER, TECHNICIAN = "198.51.100.7", "203.0.113.9"


async def serve(
    aiohttp_server: AiohttpServer, database_url: str, tmp_path: Path, clock: MovableClock, hops: int
) -> WebService:
    port = free_port()
    settings = web_settings(database_url, tmp_path / "files", port, trusted_proxy_hops=hops)
    server = await aiohttp_server(build_app(settings, load_business(None), clock=clock), port=port)
    return WebService(server, f"http://127.0.0.1:{port}")


async def sign_in(web: WebService, token: str, forwarded: str) -> int:
    async with web.browser_session() as visitor:
        response = await visitor.post(
            "/admin/sign-in",
            data={"token": token},
            headers={"Origin": web.url, "X-Forwarded-For": forwarded},
            allow_redirects=False,
        )
        return response.status


async def test_behind_one_proxy_a_strangers_guesses_do_not_lock_the_technician_out(
    aiohttp_server: AiohttpServer, database_url: str, tmp_path: Path, clock: MovableClock
) -> None:
    web = await serve(aiohttp_server, database_url, tmp_path, clock, hops=1)
    for _ in range(5):
        assert await sign_in(web, "guess", STRANGER) == 401
    assert await sign_in(web, "guess", STRANGER) == 429
    # The stranger's own X-Forwarded-For entry is to the left of the proxy's: ignored.
    assert await sign_in(web, "guess", f"{TECHNICIAN}, {STRANGER}") == 429
    assert await sign_in(web, ADMIN_TOKEN, TECHNICIAN) == 303


async def test_with_no_proxy_trusted_a_forged_forwarded_for_does_not_reset_the_limit(
    aiohttp_server: AiohttpServer, database_url: str, tmp_path: Path, clock: MovableClock
) -> None:
    web = await serve(aiohttp_server, database_url, tmp_path, clock, hops=0)
    for n in range(5):
        assert await sign_in(web, "guess", f"192.0.2.{n}") == 401
    assert await sign_in(web, ADMIN_TOKEN, TECHNICIAN) == 429

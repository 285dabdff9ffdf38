"""The whole app served on a loopback port for a benchmark, and customers signed in to its
portal (a session row and its cookie, as a sign-in makes them)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp import web

from bot.app import build_app
from bot.keys import SESSIONS
from bot.serving import freeze_start_up_heap
from bot.settings import Settings
from bot.web.portal.session_cookie import new_session, ready_to_sign
from domain.business import BusinessConfig
from domain.ports import Clock
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.service_process import free_port


@asynccontextmanager
async def served(
    database_url: str, files: Path, business: BusinessConfig, clock: Clock | None = None
) -> AsyncIterator[tuple[web.Application, str]]:
    """The app and its base URL, until the block ends."""
    port = free_port()
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        files_dir=files,
        port=port,
        public_base_url=f"http://127.0.0.1:{port}",
        admin_token="bench-console-token",
    )
    app = build_app(settings, business, clock=clock)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    freeze_start_up_heap()  # as `python -m bot serve` does once it is up
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def signed_in(app: web.Application, customer_id: int) -> str:
    """The value of a portal session cookie for the customer."""
    await ready_to_sign(app)
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        value = await new_session(
            app, uow, customer_id, user_agent="bench", client_address="127.0.0.1"
        )
        await uow.commit()
    return value

"""Nothing acknowledged is lost: a crash right after the 2xx, and long polling."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import build_app
from bot.business import load_business
from storage.database import create_engine
from storage.tables import InboundMessageRow, OutboxRow
from tests.stubs.service_process import clean_env, free_port, wait_for_health
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import command_update
from tests.support.telegram_service import (
    CUSTOMER_CHAT,
    SECRET,
    SECRET_HEADER,
    WEBHOOK,
    telegram_env,
    telegram_settings,
)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as stand_in:
        yield stand_in


async def start_service(env: dict[str, str], cwd: Path, log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as output:  # the child keeps its own copy of the descriptor
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve",
            cwd=cwd, env=clean_env(**env), stdout=output, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip


async def wait_until_serving(port: int, process: asyncio.subprocess.Process, log: Path) -> None:
    if not await wait_for_health(port):
        pytest.fail(
            f"the service did not come up (exit code {process.returncode}):\n{log.read_text()}"
        )


@pytest.mark.parametrize("kill_when", ["right after the 2xx", "after a failed send"])
async def test_killed_while_telegram_is_down_the_reply_arrives_once_after_restart(
    api: FakeBotApi, database_url: str, tmp_path: Path, kill_when: str
) -> None:
    port, log = free_port(), tmp_path / "service.log"
    env = telegram_env(api, database_url, tmp_path / "files", port)
    first = await start_service(env, tmp_path, log)
    try:
        await wait_until_serving(port, first, log)
        await api.wait_for("setWebhook", timeout=30)
        api.set_offline(True)
        async with aiohttp.ClientSession() as http:
            update = command_update(CUSTOMER_CHAT, "/start")
            url = f"http://127.0.0.1:{port}{WEBHOOK}"
            async with http.post(url, json=update, headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200
        if kill_when == "after a failed send":  # handled; the reply waits in the outbox
            for _ in range(100):
                if "not sent" in log.read_text():
                    break
                await asyncio.sleep(0.05)
            assert api.calls_to("sendMessage", include_failed=True), "no send was attempted"
        first.send_signal(signal.SIGKILL)
        await first.wait()
    finally:
        if first.returncode is None:
            first.kill()
            await first.wait()
    assert api.messages_to(CUSTOMER_CHAT) == []

    api.set_offline(False)
    second = await start_service(env, tmp_path, log)
    try:
        [reply] = await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT, timeout=30)
        assert reply["text"].startswith("Hi Thandi!")
    finally:
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.wait(), timeout=10)
    assert second.returncode == 0, log.read_text()
    # Stopped, the service has finished what it had in hand; nothing is left to go later.
    assert len(api.messages_to(CUSTOMER_CHAT)) == 1
    assert await left_in_the_database(database_url) == (["done"], ["sent"])


async def left_in_the_database(url: str) -> tuple[list[str], list[str]]:
    """The statuses of the customer's messages in and of the replies to them."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            inbound = await connection.scalars(select(InboundMessageRow.status))
            outbox = await connection.scalars(
                select(OutboxRow.status).where(OutboxRow.recipient == str(CUSTOMER_CHAT))
            )
            return list(inbound), list(outbox)
    finally:
        await engine.dispose()


async def test_long_polling_receives_and_answers(
    aiohttp_client: AiohttpClient, api: FakeBotApi, database_url: str, tmp_path: Path
) -> None:
    settings = telegram_settings(
        api, database_url, tmp_path / "files", public_base_url="http://localhost:8080"
    )
    assert settings.telegram_mode == "polling"
    await aiohttp_client(build_app(settings, load_business(None)))
    await api.wait_for("deleteWebhook")
    api.queue_update(command_update(CUSTOMER_CHAT, "/start"))
    [reply] = await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    assert reply["text"].startswith("Hi Thandi!")
    api.queue_update(command_update(CUSTOMER_CHAT, "/help"))
    replies = await api.wait_for("sendMessage", 2, chat_id=CUSTOMER_CHAT)
    assert "Book a service" in replies[1]["text"]
    assert api.webhook is None

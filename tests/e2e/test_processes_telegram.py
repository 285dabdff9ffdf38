"""Two service processes on one Postgres in Telegram's long-polling mode: one polls, the other
stands by (and says so), and takes over when the first is killed."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests.stubs.service_process import clean_env, free_port, wait_for_health
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import command_update
from tests.support.telegram_service import CUSTOMER_CHAT, telegram_env

pytestmark = pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)]
)
POLLING = "does Telegram long polling now"
STANDING_BY = "another process does Telegram long polling; this one stands by"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as stand_in:
        yield stand_in


async def polling_service(
    api: FakeBotApi, database_url: str, tmp_path: Path, name: str
) -> tuple[asyncio.subprocess.Process, Path]:
    port, log = free_port(), tmp_path / f"{name}.log"
    env = telegram_env(api, database_url, tmp_path / "files", port)
    env |= {"PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "TELEGRAM_MODE": "polling"}
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve",
            cwd=tmp_path, env=clean_env(**env), stdout=output, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
    if not await wait_for_health(port):
        pytest.fail(f"{name} did not come up:\n{log.read_text()}")
    return process, log


async def logged(log: Path, text: str) -> None:
    await until(lambda: text in log.read_text(), f"never logged {text!r}", log)


async def until(condition: Callable[[], bool], why: str = "", log: Path | None = None) -> None:
    for _ in range(300):
        if condition():
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"{why or 'never so'}:\n{log.read_text() if log else ''}")


async def test_one_process_polls_the_other_stands_by_and_takes_over_when_it_dies(
    api: FakeBotApi, database_url: str, tmp_path: Path
) -> None:
    first, first_log = await polling_service(api, database_url, tmp_path, "first")
    second: asyncio.subprocess.Process | None = None
    try:
        await logged(first_log, POLLING)
        second, second_log = await polling_service(api, database_url, tmp_path, "second")
        await logged(second_log, STANDING_BY)
        await until(lambda: api.polling_now == 1)  # the first one's long poll is waiting
        assert api.most_polling_at_once == 1
        first.send_signal(signal.SIGKILL)
        await first.wait()

        await logged(second_log, POLLING)
        api.queue_update(command_update(CUSTOMER_CHAT, "/start"))
        [reply] = await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT, timeout=30)
        assert reply["text"].startswith("Hi Thandi!")
        assert POLLING not in second_log.read_text().split(STANDING_BY)[0]
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), timeout=10)

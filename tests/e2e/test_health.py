"""GET /healthz reports whether the database answers."""

from __future__ import annotations

from pytest_aiohttp import AiohttpClient

from bot.app import build_app
from bot.business import load_business
from bot.settings import Settings


async def test_health_is_ok_while_the_database_answers(
    aiohttp_client: AiohttpClient, database_url: str
) -> None:
    settings = Settings(_env_file=None, database_url=database_url)
    client = await aiohttp_client(build_app(settings, load_business(None)))
    response = await client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["status"] == "ok"


async def test_health_is_503_when_the_database_does_not_answer(
    aiohttp_client: AiohttpClient,
) -> None:
    settings = Settings(_env_file=None, database_url="postgresql://nobody@127.0.0.1:1/none")
    client = await aiohttp_client(build_app(settings, load_business(None)))
    response = await client.get("/healthz")
    assert response.status == 503
    assert await response.json() == {"status": "unavailable", "database": "unreachable"}

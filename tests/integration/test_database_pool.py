"""A process's Postgres pool keeps DATABASE_POOL_SIZE connections and opens no more under a
burst: the next unit of work waits for one to come back (N processes stay under N pools)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from storage.database import create_engine

pytestmark = pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)]
)


async def test_a_burst_waits_for_a_pooled_connection_instead_of_opening_more(
    database_url: str,
) -> None:
    engine = create_engine(database_url, pool_size=2)
    try:
        async with engine.connect() as first, engine.connect() as second:
            backends = {
                await first.scalar(text("SELECT pg_backend_pid()")),
                await second.scalar(text("SELECT pg_backend_pid()")),
            }

            async def third() -> object:
                async with engine.connect() as connection:
                    return await connection.scalar(text("SELECT pg_backend_pid()"))

            waiting = asyncio.create_task(third())
            await asyncio.sleep(0.3)
            assert not waiting.done()  # no third connection was opened for it
            await second.close()
            assert await asyncio.wait_for(waiting, timeout=5) in backends
    finally:
        await engine.dispose()

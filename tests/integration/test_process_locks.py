"""The session connection two processes each keep on one Postgres: a scheduled duty's round
runs in one of them, not both; the connection comes back by itself when the server drops it,
and notices flow again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import asyncpg
import pytest

from bot.processes.leader import Duties
from bot.processes.link import Notice, SessionLink
from storage.database import session_connection

pytestmark = pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)]
)


@dataclass
class Listener:
    """What one process heard, and each time its connection was made."""

    notices: list[Notice] = field(default_factory=list)
    something: asyncio.Event = field(default_factory=asyncio.Event)
    connected: asyncio.Event = field(default_factory=asyncio.Event)

    def heard(self, notice: Notice) -> None:
        self.notices.append(notice)
        self.something.set()


@pytest.fixture
async def links(
    database_url: str,
) -> AsyncIterator[tuple[tuple[SessionLink, Listener], tuple[SessionLink, Listener]]]:
    dsn, args = session_connection(database_url)
    pair = []
    for _ in "ab":
        listener = Listener()
        link = SessionLink(dsn, args, heard=listener.heard, reconnected=listener.connected.set)
        link.start()
        await listener.connected.wait()
        pair.append((link, listener))
    yield pair[0], pair[1]
    for link, _ in pair:
        await link.stop()


Links = tuple[tuple[SessionLink, Listener], tuple[SessionLink, Listener]]


async def test_a_duty_round_runs_in_one_process_of_two(links: Links) -> None:
    (a, _), (b, _) = links
    runs: list[str] = []
    running, release = asyncio.Event(), asyncio.Event()

    async def duty(where: str) -> str:
        runs.append(where)
        running.set()
        await release.wait()
        return where

    first = asyncio.ensure_future(Duties(a).once("weekly summary", lambda: duty("a"))())
    await running.wait()
    assert await Duties(b).once("weekly summary", lambda: duty("b"))() is None  # taken
    release.set()
    assert await first == "a"
    assert await Duties(b).once("weekly summary", lambda: duty("b"))() == "b"  # free again
    assert runs == ["a", "b"]


async def test_a_dropped_session_connection_is_made_again_and_hears_again(
    links: Links, database_url: str
) -> None:
    (a, _), (_, b) = links
    b.connected.clear()
    dsn, args = session_connection(database_url)
    admin = await asyncpg.connect(dsn, **args)
    try:
        own = await admin.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'"
        )
        assert len(own) == 2  # each process listens on one connection
        await admin.execute("SELECT pg_terminate_backend($1)", own[0]["pid"])
        await admin.execute("SELECT pg_terminate_backend($1)", own[1]["pid"])
    finally:
        await admin.close()
    await b.connected.wait()  # made again by itself
    await a.ready.wait()
    b.something.clear()
    assert await a.notify({"o": "a", "c": 1})
    await b.something.wait()
    assert {"o": "a", "c": 1} in b.notices

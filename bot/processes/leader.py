"""Work that one process at a time may do (Telegram long polling; one run of a scheduled
duty), decided by a Postgres advisory lock held on the session link: released when that
connection drops, so another process takes over."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.processes.link import SessionLink

log = logging.getLogger(__name__)

STANDBY_SECONDS = 2.0
T = TypeVar("T")


def lock_key(name: str) -> int:
    """A stable 64-bit advisory lock key of our own for `name`."""
    digest = hashlib.sha256(b"burbgigz lock\0" + name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Leadership:
    def __init__(self, link: SessionLink, what: str) -> None:
        self._link = link
        self._what = what
        self._key = lock_key(what)

    async def lead(self, work: Callable[[], Awaitable[None]]) -> None:
        """Stand by until this process holds the lock, then do `work` while it does; if the
        connection (and so the lock) is lost, stop the work and stand by again."""
        said = False
        while True:
            await self._link.ready.wait()
            dropped = self._link.dropped
            if not await self._link.fetchval("SELECT pg_try_advisory_lock($1)", self._key):
                if not said:
                    log.info("another process does %s; this one stands by", self._what)
                    said = True
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(dropped.wait(), STANDBY_SECONDS)
                continue
            log.info("this process does %s now", self._what)
            said = False
            if await self._while_held(work, dropped):
                return
            log.warning("lost the lock for %s with the connection; standing by", self._what)

    async def _while_held(
        self, work: Callable[[], Awaitable[None]], dropped: asyncio.Event
    ) -> bool:
        """True when the work ended by itself; False when the lock went first."""
        doing = asyncio.ensure_future(work())
        losing = asyncio.ensure_future(dropped.wait())
        try:
            await asyncio.wait({doing, losing}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (doing, losing):
                if not task.done():
                    task.cancel()
            await asyncio.gather(doing, losing, return_exceptions=True)
            if not dropped.is_set():
                await self._link.fetchval("SELECT pg_advisory_unlock($1)", self._key)
        return doing.done() and not doing.cancelled() and not dropped.is_set()


class Duties:
    """Each run of a scheduled duty done by one process at a time: a process that finds the
    duty's lock taken skips this round (the holder is doing it). Without the link (SQLite, or
    it is away) every process runs it: the duties claim their rows and repeat nothing."""

    def __init__(self, link: SessionLink | None) -> None:
        self._link = link

    def once(self, name: str, run: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T | None]]:
        key = lock_key(f"duty {name}")

        async def guarded() -> T | None:
            link = self._link
            if link is None:
                return await run()
            taken = await link.fetchval("SELECT pg_try_advisory_lock($1)", key)
            if taken is False:
                log.debug("another process is running %s", name)
                return None
            try:
                return await run()
            finally:
                if taken:
                    await link.fetchval("SELECT pg_advisory_unlock($1)", key)

        return guarded
